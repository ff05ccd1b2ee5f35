import path from 'node:path';
import type { Layout } from '../layouts/types.ts';
import { defineCheck } from './define.ts';

export default defineCheck({
  id: 'orphaned-translation',
  severity: 'warning',
  docs: 'Translations whose English page no longer exists under their key; suggests the new key found through English redirect_from.',
  messages: {
    moved: 'English moved this page from {{from}} to {{suggestion}}; move the translation to {{suggestionPath}}.',
    leftover:
      'English moved this page from {{from}} to {{suggestion}}, and {{suggestionPath}} already translates that page; this file is a leftover: delete it (after carrying over anything newer in it).',
    gone: 'No English page {{from}} exists any more (and no English redirect names it); delete the translation or find its new page.',
  },
  leftovers: true,
  run({ english, translation, key, site }) {
    if (!translation || translation.row.kind === 'variables') return [];
    if (site.english(key)) return [];
    // A second file under a key the locale already has (`X.md` beside `X/index.md`): parse-error says which to keep.
    if (translation.row.parse_error?.includes('"duplicate-key"')) return [];
    const from = translation.row.kind === 'page' ? site.layout.urlOf(key) : key;
    if (english && english.row.key !== key) {
      const suggestion = site.layout.urlOf(english.row.key);
      const served = site.document(translation.row.locale, english.row.key);
      if (served) {
        // A leftover copy: the locale translated the page again at its new key (the runner checks nothing else in it).
        return [{ messageId: 'leftover', data: { from, suggestion, suggestionKey: english.row.key, suggestionPath: served.row.path }, line: 1, stable: `moved:${english.row.key}` }];
      }
      const suggestionPath = translationPathFor(site.layout, english.row.locale, english.row.path, translation.row.locale);
      return [{ messageId: 'moved', data: { from, suggestion, suggestionKey: english.row.key, suggestionPath }, line: 1, stable: `moved:${english.row.key}` }];
    }
    return [{ messageId: 'gone', data: { from }, line: 1, stable: 'gone' }];
  },
});

/**
 * Where the translation of an English file belongs, as a path stored for `locale` (relative to
 * its path root): the English file's path inside the English locale folder, put inside the
 * locale's folder. GitHub Docs: `content/a.md` → `translations/de-DE/content/a.md`; Hugo:
 * `content/en/a.md` → `content/ja/a.md`; MDN: `files/en-us/web/x/index.md` → `files/es/web/x/index.md`
 * (English may live in another repository: its paths are relative to its own root).
 * Computed against a stand-in site root `/`, since layouts only join paths.
 */
export function translationPathFor(layout: Layout, sourceLocale: string, englishPath: string, locale: string): string {
  const abs = (p: string) => p.split(path.sep).join('/');
  const sourcePathRoot = abs(layout.pathRoot?.('/', sourceLocale) ?? '/');
  const inSource = path.posix.relative(abs(layout.localeRoot('/', sourceLocale)), path.posix.join(sourcePathRoot, englishPath));
  // An English file outside its locale folder has no counterpart to derive: keep its path as it is.
  const rel = inSource.startsWith('..') || path.posix.isAbsolute(inSource) ? englishPath : inSource;
  const target = path.posix.join(abs(layout.localeRoot('/', locale)), rel);
  return path.posix.relative(abs(layout.pathRoot?.('/', locale) ?? '/'), target);
}
