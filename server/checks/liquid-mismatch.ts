import { defineCheck, type SiteLookups, type CheckFinding } from './define.ts';
import type { LiquidRefRow } from '../shared/documents.ts';
import { canonicalCondition, conditionScope, releaseList, type Release } from './lib/conditions.ts';
import { alignDocuments } from '../align/sections.ts';

export default defineCheck({
  id: 'liquid-mismatch',
  severity: 'warning',
  docs: 'Data, reusable and variable references or version conditions that differ from English; references nothing defines.',
  messages: {
    unknownVariable: 'Variable {{name}} is not defined{{suggestionNote}}; the page renders an empty string there.',
    unknownReusable: 'Reusable {{name}} does not exist{{suggestionNote}}; the page fails to render this locale.',
    missingReference: 'English uses {{name}}, the translation does not; translate the English text around it.',
    extraReference: 'Translation uses {{name}}, English no longer does; check the text around it against English.',
    missingCondition: 'English has {% {{name}} %}, the translation does not; content English shows only for some versions is missing or shown everywhere.',
    extraCondition: 'Translation has {% {{name}} %}, English does not; readers see content for the wrong versions.',
  },
  run({ english, translation, locale, site }) {
    if (!translation || translation.row.kind === 'variables') return [];
    const out: CheckFinding<'liquid-mismatch'>[] = [];
    // Unknown references: nothing defines them in this locale or English.
    for (const ref of translation.liquid) {
      if (ref.kind === 'variable' && !site.hasVariable(ref.name, locale) && !site.hasVariable(ref.name)) {
        const suggestion = suggestVariable(site, ref.name);
        out.push({
          messageId: 'unknownVariable',
          data: { name: ref.name, suggestion, suggestionNote: suggestion ? ` (English has ${suggestion})` : '' },
          line: ref.line,
          section: ref.section,
          stable: `unknown:${ref.name}`,
          severity: 'error',
        });
      } else if (ref.kind === 'reusable' && !site.entry(site.sourceLocale, ref.name) && !site.entry(locale, ref.name)) {
        out.push({
          messageId: 'unknownReusable',
          data: { name: ref.name, suggestion: null, suggestionNote: '' },
          line: ref.line,
          section: ref.section,
          stable: `unknown:${ref.name}`,
          severity: 'error',
        });
      }
    }
    if (!english) return out;
    const oldest = site.oldestEnglishRelease?.() ?? null;
    const versions = site.layout.versionNames ?? [];
    const releases = releaseList(site.layout.frontmatter.releases);
    const theirs = refsByName(english.liquid, oldest, versions, releases);
    // Where English's reference belongs in the translation: the section it certainly pairs with, else the nearest one before.
    const pairs = alignDocuments(english, translation);
    const translationSectionOf = (englishSection: number): number => {
      if (englishSection < 0) return englishSection;
      let at = 0;
      for (const p of pairs) {
        if (p.english !== null && p.english > englishSection) break;
        if (p.certain && p.translation !== null) at = p.translation;
      }
      return at;
    };
    const ours = refsByName(translation.liquid, oldest, versions, releases);
    for (const [name, ref] of theirs) {
      if (ours.has(name)) continue;
      const condition = ref.kind === 'condition';
      out.push({
        messageId: condition ? 'missingCondition' : 'missingReference',
        // A condition is shown as English writes it, so it can be found there.
        data: { name: condition ? ref.name.trim() : name, kind: ref.kind, englishLine: ref.line },
        line: sectionLine(translation.sections, translationSectionOf(ref.section)),
        section: null,
        stable: `missing:${name}`,
        // Variables are product names; a rephrased sentence may fairly drop one.
        ...(ref.kind === 'variable' ? { severity: 'info' as const } : {}),
      });
    }
    for (const [name, ref] of ours) {
      if (theirs.has(name)) continue;
      const condition = ref.kind === 'condition';
      // An unknown reference is already reported as such.
      if (out.some((f) => f.stable === `unknown:${name}`)) continue;
      out.push({
        messageId: condition ? 'extraCondition' : 'extraReference',
        // Shown as the translation writes it (`if currentVersion == …`), compared in its canonical form.
        data: { name: ref.name, kind: ref.kind, ...(ref.name !== name ? { normalized: name } : {}) },
        line: ref.line,
        section: ref.section,
        stable: `extra:${name}`,
        ...(ref.kind === 'variable' ? { severity: 'info' as const } : {}),
      });
    }
    return out;
  },
});

// Every locale compares with the same English page: index its references once per run.
const byNameOf = new WeakMap<LiquidRefRow[], { oldest: Release | null; releases: readonly Release[]; names: Map<string, LiquidRefRow> }>();

/**
 * First occurrence of each compared reference: reusables, variables, data and version
 * conditions, these in their canonical form (lib/conditions.ts) as of the oldest release English
 * names and the layout's release list (`ghes < 2.23` is `ghes < 3.0`: 2.23 was never released).
 * A condition every version passes, or none of the documented releases does, decides nothing a
 * reader sees between the two pages (English drops such conditions when it deprecates a release;
 * translations keep them): it is not compared.
 */

function refsByName(refs: LiquidRefRow[], oldest: Release | null, versions: readonly string[], releases: readonly Release[]): Map<string, LiquidRefRow> {
  const cached = byNameOf.get(refs);
  if (cached && cached.oldest === oldest && cached.releases === releases) return cached.names;
  const out = new Map<string, LiquidRefRow>();
  byNameOf.set(refs, { oldest, releases, names: out });
  for (const r of refs) {
    if (r.kind !== 'reusable' && r.kind !== 'variable' && r.kind !== 'data' && r.kind !== 'condition') continue;
    const name = r.kind === 'condition' ? canonicalCondition(r.name, oldest, releases) : r.name;
    if (r.kind === 'condition' && conditionScope(name, oldest, versions) !== 'some') continue;
    if (!out.has(name)) out.set(name, r);
  }
  return out;
}

function sectionLine(sections: { ordinal: number; line: number }[], ordinal: number): number | null {
  if (ordinal < 0) return 1;
  return sections.find((s) => s.ordinal === ordinal)?.line ?? sections[0]?.line ?? null;
}

/** `variables.product.product_location_enterprise` → the one English variable with the same last name, if exactly one exists. */
function suggestVariable(site: SiteLookups, name: string): string | null {
  const leaf = name.slice(name.lastIndexOf('.') + 1);
  const candidates = (site.variablesNamed?.(leaf) ?? []).filter((n) => n !== name);
  return candidates.length === 1 ? candidates[0]! : null;
}
