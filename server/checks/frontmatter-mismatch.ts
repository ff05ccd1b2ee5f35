import { GITHUB_DOCS_FRONTMATTER } from '../layouts/frontmatter.ts';
import { defineCheck, type CheckFinding } from './define.ts';
import { brief, canonicalJson } from './lib/text.ts';
import { compareReleases, releaseBound, releaseList, type Release } from './lib/conditions.ts';

/** GitHub Docs' keys that must equal English (the layouts own these lists: server/layouts/frontmatter.ts). */
export const MUST_EQUAL_ENGLISH = GITHUB_DOCS_FRONTMATTER.mustMatch;

export default defineCheck({
  id: 'frontmatter-mismatch',
  severity: 'warning',
  docs: "Frontmatter keys that must equal English (the layout's mustMatch list) or that readers see as content (its content list, e.g. Kubernetes `stages`) differ or are missing. Keys the site's build inherits from English (MDN page-type, browser-compat, …) are never compared.",
  messages: {
    differs: 'Frontmatter {{field}} is {{actual}} but English has {{expected}}; copy the English value.',
    missing: 'Frontmatter {{field}} is missing (English has {{expected}}); copy it from English.',
    extra: 'Frontmatter {{field}} ({{actual}}) is not in English any more; remove it.',
    contentDiffers:
      'Frontmatter {{field}}, which readers see on the page, differs from English: English has {{expected}} where the translation has {{actual}}; update it from English.',
  },
  run({ english, translation, site }) {
    if (!english?.frontmatter || !translation?.frontmatter || english.row.kind !== 'page' || translation.row.kind !== 'page') return [];
    const { mustMatch, inherited, content, valueAliases, releaseRanges } = site.layout.frontmatter;
    const ranged = releaseRanges && releaseRanges.length > 0;
    const oldest = ranged ? site.oldestEnglishRelease() : null;
    const releases = ranged ? releaseList(site.layout.frontmatter.releases) : [];
    // A value as the build reads it: current names, and release ranges as the documented releases they admit.
    const read = (field: string, value: unknown) => {
      const named = withAliases(value, valueAliases?.[field]);
      return (oldest || releases.length > 0) && releaseRanges!.includes(field) ? withDocumentedRanges(named, oldest, releases) : named;
    };
    const out: CheckFinding<'frontmatter-mismatch'>[] = [];
    const compare = (field: string, shown: boolean) => {
      // A key the build merges in from English is what readers get whatever the translation says.
      if (inherited.includes(field)) return;
      const e = english.frontmatter![field];
      const t = translation.frontmatter![field];
      const line = translation.frontmatterLines[field] ?? 1;
      if (e === undefined && t === undefined) return;
      if (t === undefined) out.push({ messageId: 'missing', data: { field, expected: brief(e) }, line, stable: `missing:${field}` });
      else if (e === undefined) out.push({ messageId: 'extra', data: { field, actual: brief(t) }, line, stable: `extra:${field}` });
      else if (englishCanonical(e, (v) => read(field, v)) !== canonicalJson(read(field, t))) {
        if (shown) out.push({ messageId: 'contentDiffers', data: { field, ...listDifference(e, t) }, line, stable: `differs:${field}` });
        else out.push({ messageId: 'differs', data: { field, actual: brief(t), expected: brief(e) }, line, stable: `differs:${field}` });
      }
    };
    for (const field of mustMatch) compare(field, false);
    for (const field of content) if (!mustMatch.includes(field)) compare(field, true);
    return out;
  },
});

/** For lists (Kubernetes `stages`): only the entries that differ, so a reader of the finding sees the change itself. */
function listDifference(english: unknown, translation: unknown): { expected: string; actual: string } {
  if (!Array.isArray(english) || !Array.isArray(translation)) return { expected: brief(english), actual: brief(translation) };
  const ours = new Set(translation.map((v) => canonicalJson(v)));
  const theirs = new Set(english.map((v) => canonicalJson(v)));
  const only = (list: unknown[], other: Set<string>) => list.filter((v) => !other.has(canonicalJson(v))).map((v) => brief(v, 120));
  const expected = only(english, ours);
  const actual = only(translation, theirs);
  return { expected: expected.length ? expected.join('; ') : 'nothing more', actual: actual.length ? actual.join('; ') : 'nothing' };
}

// Every locale compares with the same English values: their canonical form is worked out once per run.
const canonicalOfEnglish = new WeakMap<object, string>();

function englishCanonical(value: unknown, read: (value: unknown) => unknown): string {
  if (typeof value !== 'object' || value === null) return canonicalJson(read(value));
  let json = canonicalOfEnglish.get(value);
  if (json === undefined) canonicalOfEnglish.set(value, (json = canonicalJson(read(value))));
  return json;
}

/**
 * Release ranges of a map value (`{ ghes: '>=2.21 <=2.22' }`) as the documented releases they
 * admit: each bound in the form every bound admitting the same listed releases has
 * (lib/conditions.ts `releaseBound`: `>=2.23` and `>=3.0` are both `>2.22`, 2.23 never having
 * been released), without the lower bounds every documented release passes (`>=2.21` is `*` and
 * `>=2.21 <=2.22` is `<3.0` once 2.22 is the oldest).
 */
function withDocumentedRanges(value: unknown, oldest: Release | null, releases: readonly Release[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = typeof v === 'string' ? documentedRange(v, oldest, releases) : v;
  return out;
}

function documentedRange(range: string, oldest: Release | null, releases: readonly Release[]): string {
  const parts = range
    .replace(/(>=|<=|>|<|=)\s+/g, '$1')
    .trim()
    .split(/\s+/)
    .map((part) => {
      const m = /^(>=|<=|>|<)(\d+)\.(\d+)$/.exec(part);
      if (!m) return part;
      const bound = releaseBound(m[1]!, [Number(m[2]), Number(m[3])], releases);
      return `${bound.op}${bound.release.join('.')}`;
    })
    .filter((part) => {
      const m = /^(>=|>)(\d+)\.(\d+)$/.exec(part);
      if (!m || !oldest) return true;
      const order = compareReleases([Number(m[2]), Number(m[3])], oldest);
      return !((m[1] === '>' && order < 0) || (m[1] === '>=' && order <= 0));
    });
  const bounded = parts.filter((p) => p !== '*');
  return bounded.length > 0 ? bounded.join(' ') : '*';
}

/**
 * A map value read with the layout's current names (`{ free-pro-team: '*' }` → `{ fpt: '*' }`);
 * other values, and maps without old names, as they are. When both names are written the old one
 * is kept under its own name, so the difference still shows.
 */
function withAliases(value: unknown, aliases: Readonly<Record<string, string>> | undefined): unknown {
  if (!aliases || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.some(([k]) => Object.hasOwn(aliases, k))) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const current = Object.hasOwn(aliases, k) ? aliases[k]! : k;
    out[current in out || Object.hasOwn(value, current) ? k : current] = v;
  }
  return out;
}
