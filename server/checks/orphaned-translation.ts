import path from 'node:path';
import { defineCheck } from './define.ts';

export default defineCheck({
  id: 'orphaned-translation',
  severity: 'warning',
  docs: 'Translations whose English page no longer exists under their key; suggests the new key found through English redirect_from.',
  messages: {
    moved: 'English moved this page from {{from}} to {{suggestion}}; move the translation to {{suggestionPath}}.',
    gone: 'No English page {{from}} exists any more (and no English redirect names it); delete the translation or find its new page.',
  },
  run({ english, translation, key, site }) {
    if (!translation || translation.row.kind === 'variables') return [];
    if (site.english(key)) return [];
    const from = translation.row.kind === 'page' ? site.layout.urlOf(key) : key;
    if (english && english.row.key !== key) {
      const suggestion = site.layout.urlOf(english.row.key);
      // The locale's folder relative to the site root, then the English file's path inside it.
      const prefix = path.posix.relative('/', site.layout.localeRoot('/', translation.row.locale));
      const suggestionPath = prefix ? `${prefix}/${english.row.path}` : english.row.path;
      return [{ messageId: 'moved', data: { from, suggestion, suggestionKey: english.row.key, suggestionPath }, line: 1, stable: `moved:${english.row.key}` }];
    }
    return [{ messageId: 'gone', data: { from }, line: 1, stable: 'gone' }];
  },
});
