import { defineCheck } from './define.ts';
import { alignSections, inSection } from './lib/align.ts';
import { pageLinks, type PageLink } from './lib/links.ts';
import { resolveLink } from './lib/resolve.ts';
import type { SiteLookups } from './define.ts';

export default defineCheck({
  id: 'link-mismatch',
  severity: 'warning',
  docs: 'Sections whose internal link targets differ from the matching English section (links English added or removed); link macros (MDN jsxref, domxref, …) are links to the page they render.',
  messages: {
    missing: 'English links to {{target}} in this section{{heading}}, the translation does not; add the link.',
    extra: 'Translation links to {{target}}{{heading}}, English no longer does; check the sentence against English.',
  },
  run({ english, translation, site }) {
    if (!english || !translation || translation.row.kind === 'variables') return [];
    const out = [];
    // "English no longer does" is false when English links the page in another section (sections paired wrongly).
    const anywhereInEnglish = targets(site, pageLinks(site, english)).resolved;
    // Likewise "the translation does not" when it links the page in another section.
    const anywhereInTranslation = targets(site, pageLinks(site, translation), translation.row.locale).resolved;
    for (const pair of alignSections(english, translation)) {
      const theirs = targets(site, inSection(pageLinks(site, english), pair.english));
      const ours = targets(site, inSection(pageLinks(site, translation), pair.translation), translation.row.locale);
      const section = pair.translation === null ? null : translation.sections[pair.translation];
      const englishSection = pair.english === null ? null : english.sections[pair.english];
      const heading = englishSection?.heading ? ` ("${englishSection.heading}")` : '';
      const line = section?.line ?? null;
      for (const [key, link] of theirs.resolved) {
        if (!ours.resolved.has(key) && !ours.unresolvedRaw.has(link.target) && !anywhereInTranslation.has(key)) {
          out.push({ messageId: 'missing', data: { target: site.layout.urlOf(key), heading }, line, section: pair.translation, stable: `missing:${key}` });
        }
      }
      for (const [key, link] of ours.resolved) {
        if (!theirs.resolved.has(key) && !anywhereInEnglish.has(key)) {
          out.push({
            messageId: 'extra',
            data: { target: link.macro ?? link.target, resolvesTo: site.layout.urlOf(key), heading },
            line: link.line,
            section: link.section,
            stable: `extra:${key}`,
          });
        }
      }
    }
    return out;
  },
});

function targets(site: SiteLookups, links: PageLink[], locale?: string) {
  const resolved = new Map<string, PageLink>();
  const unresolvedRaw = new Set<string>();
  for (const l of links) {
    if (l.kind !== 'internal') continue;
    const r = resolveLink(site, l.target, locale);
    if (r.status === 'direct' || r.status === 'redirect' || r.status === 'legacy') {
      if (!resolved.has(r.key)) resolved.set(r.key, l);
    } else unresolvedRaw.add(l.target);
  }
  return { resolved, unresolvedRaw };
}
