import { ARTICLE_FILE, edit, readSample, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

// ko-KR in the 2021-07-03 snapshot keeps both exploring-integrations.md (an old map topic) and
// exploring-integrations/index.md (where English has the page, so it keeps the key).
const INDEX = 'content/admin/configuration/index.md';
const STALE = 'content/admin/configuration.md';

const es = seed('004');
const cases: CheckerCase[] = [
  { name: 'valid: seed 004 (es-ES) parses', locale: 'es-ES', files: { [ARTICLE_FILE]: es } },
  {
    name: 'invalid: a translated apostrophe ends the quoted intro early',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: edit(es, "intro: 'You can manage", "intro: 'Puedes gestionar l'uso de") },
    errors: [{ messageId: 'yaml', includes: 'Frontmatter does not parse' }],
  },
  {
    name: 'invalid: X.md beside X/index.md, where English has X/index.md: index.md keeps the key, the .md is to delete',
    locale: 'ko-KR',
    files: { [INDEX]: readSample(INDEX), [STALE]: readSample(INDEX).replace(/^children:[\s\S]*?(?=^\w)/m, 'mapTopic: true\n') },
    errors: [
      {
        messageId: 'duplicateDelete',
        includes:
          'This file and translations/ko-KR/content/admin/configuration/index.md both claim the key admin/configuration, and translations/ko-KR/content/admin/configuration/index.md is where English has the page: delete this one.',
      },
    ],
  },
];

checkTester('parse-error').run(cases);
