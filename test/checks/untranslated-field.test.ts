import { describe, it } from 'vitest';
import { ARTICLE_FILE, edit, expectCase, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  {
    name: 'valid: seed 003 (de-DE) translated every field',
    locale: 'de-DE',
    files: { [ARTICLE_FILE]: seed('003') },
    expect: [],
  },
  {
    name: 'invalid: seed 001 (ja-JP) keeps the older English shortTitle and permissions',
    locale: 'ja-JP',
    files: { [ARTICLE_FILE]: seed('001') },
    expect: ['english Frontmatter shortTitle is still English ("Enable user license sync"', 'english Frontmatter permissions is still English'],
    forbid: ['Frontmatter title', 'Frontmatter intro'],
  },
  {
    name: 'invalid: seed 004 (es-ES) title/permissions equal English, intro older English; Spanish shortTitle passes',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: seed('004') },
    expect: ['equal Frontmatter title is the English text', 'english Frontmatter intro is still English', 'equal Frontmatter permissions is the English text'],
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
    expect: ['intro', 'permissions'],
  },
];

describe('untranslated-field', () => {
  it.each(cases)('$name', (c) => expectCase('untranslated-field', c));
});
