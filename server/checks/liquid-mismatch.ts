import { defineCheck, type SiteLookups } from './define.ts';
import type { LiquidRefRow } from '../../db/repositories/documents.ts';
import type { Finding } from './types.ts';

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
    const out: Finding[] = [];
    // Unknown references: nothing defines them in this locale or English.
    for (const ref of translation.liquid) {
      if (ref.kind === 'variable' && !site.hasVariable(ref.name, locale) && !site.hasVariable(ref.name)) {
        const suggestion = suggestVariable(site, ref.name);
        out.push({ messageId: 'unknownVariable', data: { name: ref.name, suggestion, suggestionNote: suggestion ? ` (English has ${suggestion})` : '' }, line: ref.line, section: ref.section, stable: `unknown:${ref.name}`, severity: 'error' });
      } else if (ref.kind === 'reusable' && !site.english(ref.name) && !site.document(locale, ref.name)) {
        out.push({ messageId: 'unknownReusable', data: { name: ref.name, suggestion: null, suggestionNote: '' }, line: ref.line, section: ref.section, stable: `unknown:${ref.name}`, severity: 'error' });
      }
    }
    if (!english) return out;
    const theirs = refsByName(english.liquid);
    const ours = refsByName(translation.liquid);
    for (const [name, ref] of theirs) {
      if (ours.has(name)) continue;
      const condition = ref.kind === 'condition';
      out.push({
        messageId: condition ? 'missingCondition' : 'missingReference',
        data: { name, kind: ref.kind, englishLine: ref.line },
        line: sectionLine(translation.sections, ref.section),
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
        // Shown as the translation writes it (`if currentVersion == …`), compared in its ifversion form.
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
const byNameOf = new WeakMap<LiquidRefRow[], Map<string, LiquidRefRow>>();

/** First occurrence of each compared reference: reusables, variables, data and version conditions. */
function refsByName(refs: LiquidRefRow[]): Map<string, LiquidRefRow> {
  const cached = byNameOf.get(refs);
  if (cached) return cached;
  const out = new Map<string, LiquidRefRow>();
  byNameOf.set(refs, out);
  for (const r of refs) {
    if (r.kind !== 'reusable' && r.kind !== 'variable' && r.kind !== 'data' && r.kind !== 'condition') continue;
    const name = r.kind === 'condition' ? normalizeCondition(r.name) : r.name;
    if (!out.has(name)) out.set(name, r);
  }
  return out;
}

/**
 * `ifversion  ghes  >3.4` and `ifversion ghes > 3.4` are the same condition; quotes too.
 * Conditions in the pre-2021 syntax that GitHub Docs converted mechanically
 * (`if currentVersion == "free-pro-team@latest"` → `ifversion fpt`) read as their `ifversion` form.
 */
export function normalizeCondition(name: string): string {
  let normal = normalized.get(name);
  if (normal === undefined) {
    // A site repeats a few thousand distinct conditions in hundreds of thousands of places.
    if (normalized.size > 100_000) normalized.clear();
    normalized.set(name, (normal = normalizeUncached(name)));
  }
  return normal;
}

const normalized = new Map<string, string>();

function normalizeUncached(name: string): string {
  const spaced = name
    .replace(/'/g, '"')
    .replace(/\s*(==|!=|>=|<=|>|<)\s*/g, ' $1 ')
    .replace(/\s+/g, ' ')
    .replace(/^elsif(version)?\b/, 'if$1')
    .trim();
  // `{% elsif ghes = 2.22 %}` inside an ifversion block is an ifversion condition.
  if (/^if /.test(spaced) && spaced.slice(3).split(' ').every((t) => /^(?:fpt|ghes|ghae|ghae-next|ghec|not|and|or|[<>=!]+|\d+(?:\.\d+)?)$/.test(t))) return `ifversion ${spaced.slice(3)}`;
  return legacyVersionCondition(spaced) ?? spaced;
}

const PLANS: Record<string, string> = { 'free-pro-team': 'fpt', 'github-ae': 'ghae', 'enterprise-server': 'ghes', 'enterprise-cloud': 'ghec' };
const VERSION_OPS: Record<string, string> = { ver_gt: '>', ver_lt: '<', '==': '=', '!=': '!=' };

/** `if currentVersion ver_gt "enterprise-server@2.22" or currentVersion == "github-ae@latest"` → `ifversion ghes > 2.22 or ghae`; null when not purely about versions. */
function legacyVersionCondition(condition: string): string | null {
  const m = /^(if|unless) (.+)$/.exec(condition);
  if (!m || !m[2]!.includes('currentVersion')) return null;
  const parts = m[2]!.split(/ (and|or) /);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 1) {
      out.push(parts[i]!);
      continue;
    }
    const atom = versionAtom(parts[i]!);
    if (atom === null) return null;
    out.push(atom);
  }
  let converted = out.join(' ');
  // `ghes and ghes < 2.22` was written to keep dotcom out; ifversion says `ghes < 2.22`.
  converted = converted.replace(/\bghes and (ghes [<>=])/g, '$1');
  if (m[1] === 'unless') converted = parts.length === 1 ? `not ${converted}` : `not (${converted})`;
  return `ifversion ${converted}`;
}

function versionAtom(atom: string): string | null {
  if (atom === 'enterpriseServerVersions contains currentVersion') return 'ghes';
  const m = /^currentVersion (==|!=|ver_gt|ver_lt) "(?:([\w-]+)@)?([\w.]+)"$/.exec(atom);
  if (!m) return null;
  const [, op, planName, release] = m as unknown as [string, string, string | undefined, string];
  const plan = PLANS[planName ?? 'enterprise-server'];
  if (!plan) return null;
  if (plan !== 'ghes') {
    // `github-ae@next` is the ghae-next feature flag of the time.
    const name = release === 'next' ? `${plan}-next` : plan;
    if (op === '==') return name;
    if (op === '!=') return `not ${name}`;
    return null;
  }
  if (release === 'latest') return op === '==' ? 'ghes' : op === '!=' ? 'not ghes' : null;
  return `ghes ${VERSION_OPS[op]} ${release}`;
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
