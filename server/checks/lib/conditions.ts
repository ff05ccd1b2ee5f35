/**
 * Version conditions of GitHub Docs Liquid (`{% ifversion … %}`, and the pre-2021
 * `{% if currentVersion … %}` that translations keep), in one written form, so that two
 * conditions that show content to the same readers compare equal.
 */

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
  if (
    /^if /.test(spaced) &&
    spaced
      .slice(3)
      .split(' ')
      .every((t) => /^(?:fpt|ghes|ghae|ghae-next|ghec|not|and|or|[<>=!]+|\d+(?:\.\d+)?)$/.test(t))
  )
    return `ifversion ${spaced.slice(3)}`;
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
  const m = /^currentVersion (==|!=|ver_gt|ver_lt) "(?:([\w-]+)@)?([\w.-]+)"$/.exec(atom);
  if (!m) return null;
  const [, op, planName, release] = m as unknown as [string, string, string | undefined, string];
  const plan = PLANS[planName ?? 'enterprise-server'];
  if (!plan) return null;
  if (plan !== 'ghes') {
    // `github-ae@next` and `github-ae@issue-4483` are the feature flags `ghae-next` and `ghae-issue-4483`
    // (GitHub Docs' 2021 conversion to ifversion wrote them so).
    const name = release === 'latest' ? plan : `${plan}-${release}`;
    if (op === '==') return name;
    if (op === '!=') return `not ${name}`;
    return null;
  }
  if (release === 'latest') return op === '==' ? 'ghes' : op === '!=' ? 'not ghes' : null;
  return `ghes ${VERSION_OPS[op]} ${release}`;
}

/** A GitHub Enterprise Server release, `[3, 10]` for 3.10. */
export type Release = readonly [number, number];

export function compareReleases(a: Release, b: Release): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** `'3.10'` → `[3, 10]`; null when it is not a `major.minor` release number. */
export function parseRelease(text: string): Release | null {
  const m = /^(\d+)\.(\d+)$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** A layout's release list (`['2.22', '3.0', …]`) as sorted releases; empty when it has none. */
export function releaseList(releases: readonly string[] | undefined): readonly Release[] {
  if (!releases || releases.length === 0) return NO_RELEASES;
  let list = parsedLists.get(releases);
  if (!list) {
    list = releases.map((r) => {
      const release = parseRelease(r);
      if (!release) throw new Error(`Release "${r}" is not a major.minor release number (layout frontmatter.releases)`);
      return release;
    });
    list = [...list].sort(compareReleases);
    parsedLists.set(releases, list);
  }
  return list;
}

const NO_RELEASES: readonly Release[] = [];
const parsedLists = new WeakMap<readonly string[], readonly Release[]>();

/**
 * A release bound (`>= 2.23`) in the one form every bound admitting the same listed releases
 * has: a lower bound as `> P` (P: the last listed release it excludes; `>= S` when it admits
 * the first listed one), an upper bound as `< S` (S: the first listed release it excludes). So
 * `>= 2.23`, `> 2.22` and `>= 3.0` are all `> 2.22` (2.23 was never released: it became 3.0),
 * and `< 2.23`, `<= 2.22` are `< 3.0`. A bound past the last listed release, `=`, `!=`, or an
 * empty list: as written (releases beyond the list are unknown, not absent).
 */
export function releaseBound(op: string, release: Release, releases: readonly Release[]): { op: string; release: Release } {
  if (releases.length === 0 || !['>=', '>', '<', '<='].includes(op)) return { op, release };
  // The first listed release the bound's side starts at: `>= R` and `< R` at R, `> R` and `<= R` just after R.
  const strict = op === '>' || op === '<=';
  const at = releases.findIndex((r) => (strict ? compareReleases(r, release) > 0 : compareReleases(r, release) >= 0));
  if (at < 0) return { op, release };
  if (op === '<' || op === '<=') return { op: '<', release: releases[at]! };
  return at > 0 ? { op: '>', release: releases[at - 1]! } : { op: '>=', release: releases[at]! };
}

/** A normalized condition with each release comparison in its `releaseBound` form. */
export function withReleaseBounds(normalized: string, releases: readonly Release[]): string {
  if (releases.length === 0 || !normalized.startsWith('ifversion ')) return normalized;
  return normalized.replace(GHES_COMPARISON, (whole, op: string, major: string, minor: string) => {
    const bound = releaseBound(op, [Number(major), Number(minor)], releases);
    return `ghes ${bound.op} ${bound.release.join('.')}`;
  });
}

const GHES_COMPARISON = /\bghes (>=|<=|!=|>|<|=) (\d+)\.(\d+)(?![\d.])/g;

/** The comparisons of a normalized condition (`ifversion ghes > 3.1 or ghes = 2.22` → > 3.1, = 2.22). */
export function conditionReleases(normalized: string): { op: string; release: Release }[] {
  const out: { op: string; release: Release }[] = [];
  for (const m of normalized.matchAll(GHES_COMPARISON)) out.push({ op: m[1]!, release: [Number(m[2]), Number(m[3])] });
  return out;
}

/**
 * The oldest documented release, from the comparisons of English's conditions: the oldest one
 * they name, as long as none says a release older than that is still documented too (`ghes <
 * 3.11` when 3.11 is the oldest named says 3.10 or older still is). Null when it cannot tell.
 */
export function oldestDocumentedRelease(comparisons: Iterable<{ op: string; release: Release }>): Release | null {
  let named: Release | null = null;
  let below: Release | null = null;
  for (const { op, release } of comparisons) {
    if (op === '<' || op === '<=') {
      if (!below || compareReleases(release, below) < 0) below = release;
    } else if (!named || compareReleases(release, named) < 0) named = release;
  }
  if (!named) return null;
  // `ghes < T` with T <= named, or `ghes <= T` with T < named: something older than `named` is documented.
  if (below && compareReleases(below, named) <= 0) return null;
  return named;
}

/**
 * A normalized condition with each comparison that every documented release passes written as
 * plain `ghes`: `ghes > 2.19` is `ghes` when the oldest release the English conditions name is
 * 2.21. GitHub Docs drops such ranges from English when the releases below them are deprecated;
 * a translation that keeps one shows its content to the same readers.
 */
export function withoutPassedRanges(normalized: string, oldest: Release | null): string {
  if (!oldest || !normalized.startsWith('ifversion ')) return normalized;
  return normalized.replace(GHES_COMPARISON, (whole, op: string, major: string, minor: string) => {
    const order = compareReleases([Number(major), Number(minor)], oldest);
    return (op === '>' && order < 0) || (op === '>=' && order <= 0) ? 'ghes' : whole;
  });
}

/**
 * What a condition compares as: its normalized form (`normalizeCondition`), its bounds by the
 * listed releases they admit (`withReleaseBounds`: `ghes < 2.23` is `ghes < 3.0`), ranges every
 * documented release passes written as `ghes` (`withoutPassedRanges`), and a chain of `or`
 * alone in one order without repeats (`ghes or fpt` shows content to the readers `fpt or ghes` does).
 */
export function canonicalCondition(name: string, oldest: Release | null, releases: readonly Release[] = NO_RELEASES): string {
  // Pure in its arguments, and asked for the same few thousand conditions at every link and
  // reference of every pair: kept per (oldest release, release list), as a run has one of each.
  const context = oldest ? `${oldest[0]}.${oldest[1]}` : '';
  if (context !== canonicalContext || releases !== canonicalReleases || canonicalized.size > 100_000) {
    canonicalized.clear();
    canonicalContext = context;
    canonicalReleases = releases;
  }
  let canonical = canonicalized.get(name);
  if (canonical === undefined) canonicalized.set(name, (canonical = canonicalUncached(name, oldest, releases)));
  return canonical;
}

const canonicalized = new Map<string, string>();
let canonicalContext = '';
let canonicalReleases: readonly Release[] = NO_RELEASES;

function canonicalUncached(name: string, oldest: Release | null, releases: readonly Release[]): string {
  let normal = withoutPassedRanges(withReleaseBounds(normalizeCondition(name), releases), oldest);
  // `ghes and ghes < 3.2` (`enterpriseServerVersions contains currentVersion and currentVersion ver_lt
  // "enterprise-server@3.2"`, or a passed lower bound) shows its content to the readers `ghes < 3.2` does.
  if (normal.startsWith('ifversion ') && normal.includes(' and ') && !/ or |\bnot /.test(normal)) {
    const terms = normal.slice('ifversion '.length).split(' and ');
    const kept = terms.filter((t, i) => terms.indexOf(t) === i && !terms.some((u) => u.startsWith(`${t} `)));
    normal = `ifversion ${kept.join(' and ')}`;
  }
  if (!normal.startsWith('ifversion ') || normal.includes(' and ')) return normal;
  return `ifversion ${[...new Set(normal.slice('ifversion '.length).split(' or '))].sort().join(' or ')}`;
}

/**
 * Whom a canonical version condition (`canonicalCondition`) shows its content to: `all` when its
 * `or` chain names every version of the site bare (`ifversion fpt or ghae or ghes`, once `ghes >
 * 2.19` reads as `ghes`), `none` when each of its terms is a release comparison no documented
 * release passes (`ghes < 2.21` when 2.22 is the oldest), else `some`. `versions`: the layout's
 * version names; unknown (empty) means no condition is `all`.
 */
export function conditionScope(canonical: string, oldest: Release | null, versions: readonly string[]): 'all' | 'none' | 'some' {
  if (!canonical.startsWith('ifversion ') || canonical.includes(' and ') || canonical.includes('not ')) return 'some';
  const terms = canonical.slice('ifversion '.length).split(' or ');
  if (versions.length > 0 && versions.every((v) => terms.includes(v))) return 'all';
  if (!oldest) return 'some';
  const dead = (term: string) => {
    const m = /^ghes (<=|<|=) (\d+)\.(\d+)$/.exec(term);
    if (!m) return false;
    const order = compareReleases([Number(m[2]), Number(m[3])], oldest);
    return m[1] === '<' ? order <= 0 : order < 0;
  };
  return terms.every(dead) ? 'none' : 'some';
}
