import { defineCheck, type CheckFinding } from './define.ts';
import type { CheckDocument } from './types.ts';
import type { DocumentEntry, SiteLookups } from './define.ts';
import { parseErrorOf } from './lib/documents.ts';
import { translationPathFor } from './lib/paths.ts';

export default defineCheck({
  id: 'orphaned-translation',
  severity: 'warning',
  docs: "Translations whose English page no longer exists under their key; suggests the new key found through English redirects (redirect_from, _redirects.txt), or through the key the translation's frontmatter says it had before (MDN original_slug) followed through English redirects.",
  messages: {
    moved: 'English moved this page from {{from}} to {{suggestion}}; move the translation to {{suggestionPath}}.',
    leftover:
      'English moved this page from {{from}} to {{suggestion}}, and {{suggestionPath}} already translates that page; this file is a leftover: delete it (after carrying over anything newer in it).',
    merged:
      'English moved or merged this page into {{suggestion}}, whose translation is {{suggestionPath}} (filed under the most recent old URL of that page: move it there); this file is a leftover: delete it (after carrying over into {{suggestionPath}} anything it still needs).',
    formerKey:
      'No English page {{from}} exists, but this translation was filed under {{former}}, which English serves at {{suggestion}}; move the translation to {{suggestionPath}}.',
    formerKeyLeftover:
      'No English page {{from}} exists; this translation was filed under {{former}}, which English serves at {{suggestion}}, and {{suggestionPath}} already translates that page: delete this file (after carrying over anything newer in it).',
    gone: 'No English page {{from}} exists any more (and no English redirect names it); delete the translation or find its new page.',
  },
  leftovers: true,
  run({ english, translation, key, site, pairedWith }): CheckFinding<'orphaned-translation'>[] {
    if (!translation || translation.row.kind === 'variables') return [];
    if (site.entry(site.sourceLocale, key)) return [];
    // A second file under a key the locale already has (`X.md` beside `X/index.md`): parse-error says which to keep.
    if (parseErrorOf(translation.row)?.code === 'duplicate-key') return [];
    const from = translation.row.kind === 'page' ? site.urlOf(key, translation.row.locale) : key;
    if (english && english.row.key !== key) {
      const suggestion = site.urlOf(english.row.key);
      if (pairedWith && pairedWith.row.key !== english.row.key) {
        // English merged several pages into one: another old copy is the merged page's predecessor.
        return [
          {
            messageId: 'merged',
            data: { from, suggestion, suggestionKey: english.row.key, suggestionPath: pairedWith.row.path },
            line: 1,
            stable: `moved:${english.row.key}`,
          },
        ];
      }
      const served = site.entry(translation.row.locale, english.row.key);
      if (served) {
        // A leftover copy: the locale translated the page again at its new key (the runner checks nothing else in it).
        return [
          {
            messageId: 'leftover',
            data: { from, suggestion, suggestionKey: english.row.key, suggestionPath: served.path },
            line: 1,
            stable: `moved:${english.row.key}`,
          },
        ];
      }
      const suggestionPath = translationPathFor(site.layout, english.row.locale, english.row.path, translation.row.locale);
      return [{ messageId: 'moved', data: { from, suggestion, suggestionKey: english.row.key, suggestionPath }, line: 1, stable: `moved:${english.row.key}` }];
    }
    const former = formerPage(site, translation);
    if (former) {
      const data = {
        from,
        former: site.urlOf(former.key, translation.row.locale, translation),
        suggestion: site.urlOf(former.page.key),
        suggestionKey: former.page.key,
      };
      const served = site.entry(translation.row.locale, former.page.key);
      if (served) return [{ messageId: 'formerKeyLeftover', data: { ...data, suggestionPath: served.path }, line: 1, stable: `moved:${former.page.key}` }];
      const suggestionPath = translationPathFor(site.layout, former.page.locale, former.page.path, translation.row.locale);
      return [{ messageId: 'formerKey', data: { ...data, suggestionPath }, line: 1, stable: `moved:${former.page.key}` }];
    }
    return [{ messageId: 'gone', data: { from }, line: 1, stable: 'gone' }];
  },
});

/** The live English page a former key of the translation (MDN `original_slug`) leads to, directly or through English redirects. */
function formerPage(site: SiteLookups, translation: CheckDocument): { key: string; page: DocumentEntry } | null {
  for (const key of site.layout.formerKeysOf?.(translation.frontmatter) ?? []) {
    for (const candidate of [key, site.englishRedirect(key)]) {
      if (candidate === undefined) continue;
      const page = site.entry(site.sourceLocale, candidate);
      if (page && page.kind === 'page') return { key, page };
    }
  }
  return null;
}
