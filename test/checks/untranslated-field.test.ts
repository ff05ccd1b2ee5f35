import { ARTICLE_FILE, edit, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

const cases: CheckerCase[] = [
  {
    name: 'valid: seed 003 (de-DE) translated every field',
    locale: 'de-DE',
    files: { [ARTICLE_FILE]: seed('003') },
  },
  {
    name: 'invalid: seed 001 (ja-JP) keeps the older English shortTitle and permissions',
    locale: 'ja-JP',
    files: { [ARTICLE_FILE]: seed('001') },
    errors: [
      { messageId: 'english', includes: 'Frontmatter shortTitle is still English ("Enable user license sync"' },
      { messageId: 'english', includes: 'Frontmatter permissions is still English' },
    ],
    forbid: ['Frontmatter title', 'Frontmatter intro'],
  },
  {
    name: 'invalid: seed 004 (es-ES) title/permissions equal English, intro older English; Spanish shortTitle passes',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: seed('004') },
    errors: [
      { messageId: 'equal', includes: 'Frontmatter title is the English text' },
      { messageId: 'english', includes: 'Frontmatter intro is still English' },
      { messageId: 'equal', includes: 'Frontmatter permissions is the English text' },
    ],
    forbid: ['shortTitle'],
  },
  {
    name: 'valid: a field of only Liquid and product names',
    locale: 'pt-BR',
    files: {
      [ARTICLE_FILE]: edit(
        edit(seed('002'), /^title: .*$/m, 'title: Sincronização de licenças do GitHub Enterprise'),
        /^shortTitle: .*$/m,
        'shortTitle: "{% data variables.product.prodname_github_connect %}"',
      ),
    },
    errors: [
      { messageId: 'english', includes: 'intro' },
      { messageId: 'english', includes: 'permissions' },
    ],
  },
];

checkTester('untranslated-field').run(cases);
