import { defineCheck } from './define.ts';
import { parseErrorOf } from './lib/documents.ts';
import { translationPathFor } from './lib/paths.ts';

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
    if (parseErrorOf(translation.row)?.code === 'duplicate-key') return [];
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
