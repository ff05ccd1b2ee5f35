import { defineCheck, type CheckFinding } from './define.ts';
import { alignDocuments, type AlignedPair } from '../align/sections.ts';
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
    const out: CheckFinding<'link-mismatch'>[] = [];
    const englishLinks = pageLinks(site, english);
    const translationLinks = pageLinks(site, translation);
    const units = compareUnits(alignDocuments(english, translation));
    // "The translation does not link it" is false when it links the page in another section, and
    // "English no longer does" when English does: a link moved between sections is no link drift.
    const anywhereInEnglish = targets(site, englishLinks).resolved;
    const anywhereInTranslation = targets(site, translationLinks, translation.row.locale).resolved;
    // A link one side has in the part the alignment is unsure of may be the other side's
    // link in a certain section: nothing is said about it either way.
    const rest = units.find((u) => u.pair === null);
    const restTheirs = rest ? targets(site, englishLinks.filter(rest.english)) : null;
    const restOurs = rest ? targets(site, translationLinks.filter(rest.translation), translation.row.locale) : null;
    const allTheirs = rest && units.length > 1 ? targets(site, englishLinks) : restTheirs;
    const allOurs = rest && units.length > 1 ? targets(site, translationLinks, translation.row.locale) : restOurs;
    // A link reported for a certain pair is not reported again for the unsure rest.
    const reported = new Set<string>();
    for (const unit of units) {
      const theirs = unit === rest ? restTheirs! : targets(site, englishLinks.filter(unit.english));
      const ours = unit === rest ? restOurs! : targets(site, translationLinks.filter(unit.translation), translation.row.locale);
      // Where else the other side may have it: anywhere (from the unsure part), or in the unsure part (from a certain pair).
      const oursElsewhere = unit === rest ? allOurs : restOurs;
      const theirsElsewhere = unit === rest ? allTheirs : restTheirs;
      const section = unit.pair?.translation == null ? null : translation.sections[unit.pair.translation];
      const englishSection = unit.pair?.english == null ? null : english.sections[unit.pair.english];
      const heading = englishSection?.heading ? ` ("${englishSection.heading}")` : '';
      const line = section?.line ?? null;
      for (const [key, link] of theirs.resolved) {
        if (ours.resolved.has(key) || ours.unresolvedRaw.has(link.target) || anywhereInTranslation.has(key)) continue;
        if (oursElsewhere && (oursElsewhere.resolved.has(key) || oursElsewhere.unresolvedRaw.has(link.target))) continue;
        if (unit === rest && reported.has(`missing:${key}`)) continue;
        reported.add(`missing:${key}`);
        out.push({
          messageId: 'missing',
          data: { target: site.urlOf(key, translation.row.locale), heading },
          line,
          section: unit.pair?.translation ?? null,
          stable: `missing:${key}`,
        });
      }
      for (const [key, link] of ours.resolved) {
        if (theirs.resolved.has(key) || theirsElsewhere?.resolved.has(key) || anywhereInEnglish.has(key)) continue;
        if (unit === rest && reported.has(`extra:${key}`)) continue;
        reported.add(`extra:${key}`);
        out.push({
          messageId: 'extra',
          data: { target: link.macro ?? link.target, resolvesTo: site.urlOf(key, translation.row.locale), heading },
          line: link.line,
          section: link.section,
          stable: `extra:${key}`,
        });
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

interface CompareUnit {
  /** The certain pair compared, or null for the rest of both pages compared as one. */
  pair: AlignedPair | null;
  english: (l: { section: number }) => boolean;
  translation: (l: { section: number }) => boolean;
}

/**
 * What is compared: each certain pair of sections on its own, and everything else (sections
 * one side lacks, pairs the alignment is unsure of) as one unit, so an English reorder or
 * an added section never pairs a link with an unrelated section.
 */
function compareUnits(pairs: AlignedPair[]): CompareUnit[] {
  const units: CompareUnit[] = [];
  const englishPaired = new Set<number>();
  const translationPaired = new Set<number>();
  for (const p of pairs) {
    if (!p.certain || p.english === null || p.translation === null) continue;
    const e = p.english;
    const t = p.translation;
    englishPaired.add(e);
    translationPaired.add(t);
    units.push({ pair: p, english: (l) => l.section === e, translation: (l) => l.section === t });
  }
  if (units.length < pairs.length || pairs.length === 0) {
    units.push({ pair: null, english: (l) => !englishPaired.has(l.section), translation: (l) => !translationPaired.has(l.section) });
  }
  return units;
}
