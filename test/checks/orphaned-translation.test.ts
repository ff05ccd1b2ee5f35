import { describe, expect, it } from 'vitest';
import { translationPathFor } from '../../server/checks/lib/paths.ts';
import { CHECKS, getCheck } from '../../server/checks/registry.ts';
import { configureLayout } from '../../server/layouts/index.ts';
import { MDN_SAMPLE } from '../corpus.ts';
import { ARTICLE, ARTICLE_FILE, readSample, seed } from './helpers.ts';
import { memoryConfig, readTree, runInMemory, SAMPLE_ROOT, testCase, type CheckerCase, type SiteFiles } from './tester.ts';

const OLD = 'content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md';
const cases: CheckerCase[] = [
  { name: 'valid: seed 000 at the current key', locale: 'zh-CN', files: { [ARTICLE_FILE]: seed('000') } },
  {
    name: 'invalid: seed 003 at the oldest path suggests the current key',
    locale: 'de-DE',
    files: { [OLD]: seed('003') },
    errors: [
      {
        messageId: 'moved',
        includes: `English moved this page from /admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud to /${ARTICLE}; move the translation to translations/de-DE/${ARTICLE_FILE}`,
      },
    ],
  },
  {
    name: 'invalid: seed 003 at the oldest path while the locale has the page at its current key too: a leftover copy',
    locale: 'de-DE',
    files: { [OLD]: seed('003'), [ARTICLE_FILE]: seed('003') },
    errors: [
      {
        messageId: 'leftover',
        includes: `English moved this page from /admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud to /${ARTICLE}, and translations/de-DE/${ARTICLE_FILE} already translates that page; this file is a leftover`,
      },
    ],
  },
  {
    name: 'valid: X/index.md beside X.md is a duplicate key (parse-error says which to keep), not a page English lost',
    locale: 'ko-KR',
    files: {
      'content/admin/configuration/index.md': readSample('content/admin/configuration/index.md'),
      'content/admin/configuration.md': readSample('content/admin/configuration/index.md'),
    },
  },
  {
    name: 'invalid: a key no English page or redirect knows',
    locale: 'de-DE',
    files: { 'content/admin/configuration/license-sync-old.md': seed('003') },
    errors: [{ messageId: 'gone', includes: 'No English page /admin/configuration/license-sync-old exists' }],
  },
];

describe('orphaned-translation', () => {
  it.each(cases)('$name', (c) => testCase('orphaned-translation', c));

  it('is the only check that looks at a leftover copy; the served file gets every check', async () => {
    // The sample's English with only these two de-DE files, every check (as `l10n-drift index` runs them), in memory.
    const files: SiteFiles = {
      ...readTree(SAMPLE_ROOT, ['translations']),
      [`translations/de-DE/${OLD}`]: seed('003'),
      [`translations/de-DE/${ARTICLE_FILE}`]: seed('003'),
    };
    const open = (await runInMemory(CHECKS, ['de-DE'], files)).filter((f) => f.locale === 'de-DE');
    const oldKey = OLD.slice('content/'.length, -'.md'.length);
    expect(open.filter((f) => f.key === oldKey).map((f) => `${f.check_id} ${f.message_id}`)).toEqual(['orphaned-translation leftover']);
    // The same text at the current key: the drift the seed has (heading levels, versions, links) is reported there.
    const served = new Set(open.filter((f) => f.key === ARTICLE).map((f) => f.check_id));
    for (const check of ['structure-mismatch', 'frontmatter-mismatch', 'outdated-link', 'english-fallback']) expect(served.has(check), check).toBe(true);
  });
});

// MDN: English removed Array.prototype.toSource and redirects it to toString (files/en-us/_redirects.txt);
// an es page still has it. The suggestion is the es folder of toString, not `files/es/files/en-us/…`.
const ARRAY = 'web/javascript/reference/global_objects/array';
const TOSOURCE_ES =
  '---\ntitle: Array.prototype.toSource()\nslug: Web/JavaScript/Reference/Global_Objects/Array/toSource\n---\n\n{{JSRef}} {{non-standard_header}}\n\nEl método **`toSource()`** devuelve una cadena que representa el código fuente del arreglo.\n';

describe('orphaned-translation on the mdn layout (MDN sample)', () => {
  it.each([
    ['English and translations in one folder', false],
    ['English in its own repository (sourceRoot)', true],
  ])('%s: the es page of the redirect target exists, so this one is a leftover', async (_name, twoRepos) => {
    // The whole MDN sample in memory (its `_redirects.txt` files read by the layout's own reader),
    // English moved to a repository of its own in the second case.
    const base = '/memory/mdn-orphan';
    const files: SiteFiles = {};
    for (const [rel, text] of Object.entries(readTree(MDN_SAMPLE))) files[twoRepos && rel.startsWith('files/en-us/') ? `english/${rel}` : `site/${rel}`] = text;
    files[`site/files/es/${ARRAY}/tosource/index.md`] = TOSOURCE_ES;
    const config = memoryConfig({ layout: 'mdn', root: 'site', ...(twoRepos ? { sourceRoot: 'english' } : {}) }, base, files);
    const locales = [...new Set(Object.keys(files).map((f) => /^site\/files\/([^/]+)\//.exec(f)?.[1]))].filter((l) => l && l !== 'en-us') as string[];
    expect(locales.sort()).toEqual(['es', 'ko', 'pt-br']);
    const found = (await runInMemory([getCheck('orphaned-translation')!], locales, files, { config, base })).filter((f) => f.locale === 'es');
    expect(found.map((f) => [f.key, f.message_id, f.data['suggestionPath']])).toEqual([
      [`${ARRAY}/tosource`, 'leftover', `files/es/${ARRAY}/tostring/index.md`],
    ]);
    expect(found[0]!.message).toBe(
      `English moved this page from /en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/toSource to /en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/toString, and files/es/${ARRAY}/tostring/index.md already translates that page; this file is a leftover: delete it (after carrying over anything newer in it).`,
    );
  });
});

describe('translationPathFor', () => {
  it.each([
    ['github-docs', configureLayout('github-docs', {}), 'en', 'content/a/b.md', 'de-DE', 'translations/de-DE/content/a/b.md'],
    ['hugo', configureLayout('hugo', {}), 'en', 'content/en/docs/concepts/_index.md', 'zh-cn', 'content/zh-cn/docs/concepts/_index.md'],
    ['mdn, one folder', configureLayout('mdn', {}), 'en-us', `files/en-us/${ARRAY}/at/index.md`, 'pt-br', `files/pt-br/${ARRAY}/at/index.md`],
    [
      'mdn, English in /src/content',
      configureLayout('mdn', { sourceRoot: '/src/content' }),
      'en-us',
      `files/en-us/${ARRAY}/at/index.md`,
      'ko',
      `files/ko/${ARRAY}/at/index.md`,
    ],
  ])('%s', (_name, layout, source, englishPath, locale, expected) => {
    expect(translationPathFor(layout, source, englishPath, locale)).toBe(expected);
  });
});
