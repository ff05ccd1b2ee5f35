import { describe, it } from 'vitest';
import { ARTICLE_FILE, expectCase, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  { name: 'valid: seed 000 (zh-CN) keeps versions, type and topics', locale: 'zh-CN', files: { [ARTICLE_FILE]: seed('000') }, expect: [] },
  {
    name: 'invalid: seed 003 (de-DE) has enterprise-server versions and no type/topics',
    locale: 'de-DE',
    files: { [ARTICLE_FILE]: seed('003') },
    expect: ['differs Frontmatter versions is {"enterprise-server":"*"} but English has {"ghes":"*"}', 'missing Frontmatter type is missing', 'missing Frontmatter topics is missing'],
  },
];

describe('frontmatter-mismatch', () => {
  it.each(cases)('$name', (c) => expectCase('frontmatter-mismatch', c));
});
