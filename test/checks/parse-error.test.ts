import { describe, it } from 'vitest';
import { ARTICLE_FILE, edit, expectCase, readSample, seed, type CheckCase } from './helpers.ts';

// ko-KR in the 2021-07-03 snapshot keeps both exploring-integrations.md (an old map topic) and
// exploring-integrations/index.md (where English has the page, so it keeps the key).
const INDEX = 'content/admin/configuration/index.md';
const STALE = 'content/admin/configuration.md';

const es = seed('004');
const cases: CheckCase[] = [
  { name: 'valid: seed 004 (es-ES) parses', locale: 'es-ES', files: { [ARTICLE_FILE]: es }, expect: [] },
  {
    name: 'invalid: a translated apostrophe ends the quoted intro early',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: edit(es, "intro: 'You can manage", "intro: 'Puedes gestionar l'uso de") },
    expect: ['yaml Frontmatter does not parse'],
  },
  {
    name: 'invalid: X.md beside X/index.md, where English has X/index.md: index.md keeps the key, the .md is to delete',
    locale: 'ko-KR',
    files: { [INDEX]: readSample(INDEX), [STALE]: readSample(INDEX).replace(/^children:[\s\S]*?(?=^\w)/m, 'mapTopic: true\n') },
    expect: [
      'duplicateDelete This file and translations/ko-KR/content/admin/configuration/index.md both claim the key admin/configuration, and translations/ko-KR/content/admin/configuration/index.md is where English has the page: delete this one.',
    ],
  },
];

describe('parse-error', () => {
  it.each(cases)('$name', (c) => expectCase('parse-error', c));
});
