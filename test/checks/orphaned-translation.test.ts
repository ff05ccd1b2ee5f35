import { describe, it } from 'vitest';
import { ARTICLE, ARTICLE_FILE, expectCase, seed, type CheckCase } from './helpers.ts';

const OLD = 'content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md';
const cases: CheckCase[] = [
  { name: 'valid: seed 000 at the current key', locale: 'zh-CN', files: { [ARTICLE_FILE]: seed('000') }, expect: [] },
  {
    name: 'invalid: seed 003 at the oldest path suggests the current key',
    locale: 'de-DE',
    files: { [OLD]: seed('003') },
    expect: [`moved English moved this page from /admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud to /${ARTICLE}; move the translation to translations/de-DE/${ARTICLE_FILE}`],
  },
  {
    name: 'invalid: a key no English page or redirect knows',
    locale: 'de-DE',
    files: { 'content/admin/configuration/license-sync-old.md': seed('003') },
    expect: ['gone No English page /admin/configuration/license-sync-old exists'],
  },
];

describe('orphaned-translation', () => {
  it.each(cases)('$name', (c) => expectCase('orphaned-translation', c));
});
