import type { Layout } from '../../layouts/types.ts';
import type { CheckDocument, CheckParagraph, SiteDocuments } from '../../shared/documents.ts';
import type { SiteLookups, StaleBase } from '../define.ts';
import { conditionReleases, normalizeCondition, oldestDocumentedRelease, type Release } from './conditions.ts';
import type { DependencyTracker } from './dependencies.ts';

export { pairedEnglishKey } from '../../shared/documents.ts';
import { redirectRanks } from '../../shared/pairing.ts';

/** Every live document of the site grouped by locale, with the lookups checks use. */
export interface LoadedSite {
  lookups: SiteLookups;
  /** Live documents by locale, then key. */
  documents: Map<string, Map<string, CheckDocument>>;
  /** Translation locales (every indexed locale but the source). */
  locales: string[];
}

/**
 * The site the checks run over: the documents a repository hands over (the index's,
 * db/repositories/check-documents.ts, or the test harness's, built in memory) with the
 * site-wide lookups checks use. No SQL here.
 */
export function buildSite(
  site: SiteDocuments,
  layout: Layout,
  staleBase?: SiteLookups['staleBase'],
  tracker?: DependencyTracker,
  /** What the caller knows already: English's oldest documented release (server/run-checks.ts keeps it between runs). */
  known?: { oldestEnglishRelease: Release | null },
): LoadedSite {
  const source = layout.sourceLocale;
  if (site.sourceLocale !== source) throw new Error(`documents of source locale ${site.sourceLocale} given for a layout whose source is ${source}`);
  const { documents } = site;
  const redirects = site.redirects(source);
  // Redirect files of the translations (MDN): read when a check first asks for a locale.
  const localeRedirect = (locale: string, fromKey: string): string | undefined => site.redirects(locale).get(fromKey);

  const variables = new Map<string, Set<string>>();
  const variablesOf = (locale: string): Set<string> => {
    let set = variables.get(locale);
    if (set) return set;
    set = new Set();
    const files = site.documentsOfKind?.(locale, 'variables') ?? documents.get(locale)?.values() ?? [];
    for (const doc of files) {
      if (doc.row.kind === 'variables' && doc.frontmatter) flatten(doc.row.key, doc.frontmatter, set);
    }
    variables.set(locale, set);
    return set;
  };

  let leaves: Map<string, string[]> | null = null;
  const variablesNamed = (leaf: string): string[] => {
    if (!leaves) {
      leaves = new Map();
      for (const name of variablesOf(source)) {
        const l = name.slice(name.lastIndexOf('.') + 1);
        const list = leaves.get(l);
        if (list) list.push(name);
        else leaves.set(l, [name]);
      }
    }
    return leaves.get(leaf) ?? [];
  };

  const english = documents.get(source) ?? new Map<string, CheckDocument>();
  let oldest: Release | null | undefined = known?.oldestEnglishRelease;
  const oldestEnglishRelease = (): Release | null => {
    if (oldest === undefined) {
      const comparisons: { op: string; release: Release }[] = [];
      // A repository that loads documents on demand names English's conditions without loading every page.
      const names = site.englishConditions?.();
      if (names) for (const name of names) comparisons.push(...conditionReleases(normalizeCondition(name)));
      else {
        for (const doc of english.values()) {
          for (const ref of doc.liquid) if (ref.kind === 'condition') comparisons.push(...conditionReleases(normalizeCondition(ref.name)));
        }
      }
      oldest = oldestDocumentedRelease(comparisons);
    }
    return oldest;
  };
  // Old keys by the key English's redirect entry (the first for each old key) sends them to.
  let redirectsTo: Map<string, string[]> | null = null;
  const englishRedirectsTo = (toKey: string): readonly string[] => {
    if (site.redirectsTo) return site.redirectsTo(source, toKey);
    if (!redirectsTo) {
      redirectsTo = new Map();
      for (const [from, to] of redirects) {
        const list = redirectsTo.get(to);
        if (list) list.push(from);
        else redirectsTo.set(to, [from]);
      }
    }
    return redirectsTo.get(toKey) ?? [];
  };
  const lookups: SiteLookups = tracker ? tracked(plain(), tracker) : plain();
  function plain(): SiteLookups {
    const self: SiteLookups = {
      layout,
      sourceLocale: source,
      english: (key) => english.get(key),
      document: (locale, key) => documents.get(locale)?.get(key),
      entry: (locale, key) => documents.get(locale)?.get(key)?.row,
      urlOf: (key, locale, namedBy) => spelledUrl(self, key, locale, namedBy),
      englishRedirect: (fromKey) => redirects.get(fromKey),
      englishRedirectRank: redirectRanks(redirects),
      englishRedirectsTo,
      // Only where each locale keeps a redirect file the site serves (MDN); GitHub Docs redirects come from English.
      ...(layout.readRedirects ? { localeRedirect } : {}),
      hasVariable: (name, locale) => variablesOf(locale ?? source).has(name),
      variablesNamed,
      oldestEnglishRelease,
      staleBase: (locale, key): StaleBase | undefined => staleBase?.(locale, key),
    };
    return self;
  }
  const locales = [...documents.keys()].filter((l) => l !== source).sort();
  return { lookups, documents, locales };
}

/** The same lookups, each read recorded as the dependency key lib/dependencies.ts names. */
function tracked(l: SiteLookups, t: DependencyTracker): SiteLookups {
  const source = l.sourceLocale;
  const { localeRedirect, englishRedirectRank } = l;
  const self: SiteLookups = {
    ...l,
    tracker: t,
    english: (key) => (t.readAt('doc', source, key), l.english(key)),
    document: (locale, key) => (t.readAt('doc', locale, key), l.document(locale, key)),
    entry: (locale, key) => (t.readAt('exists', locale, key), l.entry(locale, key)),
    // Which page spells the URL (`exists:`) and its spelling (`url:`), not the page (`doc:`): a page's
    // edit re-checks the units showing its URL only when its spelling changed (server/run-checks.ts).
    urlOf: (key, locale, namedBy) => spelledUrl(l, key, locale, namedBy, t),
    englishRedirect: (fromKey) => (t.readAt('redirect', source, fromKey), l.englishRedirect(fromKey)),
    // Which old keys lead to a page: only the pairing asks (its result is in each unit's shape), as for ranks.
    ...(l.englishRedirectsTo ? { englishRedirectsTo: (toKey: string) => (t.read('redirect-ranks'), l.englishRedirectsTo!(toKey)) } : {}),
    // A rank moves when any entry before it changes: checks do not read it (the pairing does, and a pair's shape has its result).
    ...(englishRedirectRank ? { englishRedirectRank: (fromKey: string) => (t.read('redirect-ranks'), englishRedirectRank(fromKey)) } : {}),
    ...(localeRedirect
      ? { localeRedirect: (locale: string, fromKey: string) => (t.readAt('redirect', locale, fromKey), localeRedirect(locale, fromKey)) }
      : {}),
    hasVariable: (name, locale) => (t.readAt('var', locale ?? source, name), l.hasVariable(name, locale)),
    variablesNamed: (leaf) => (t.read(`leaf:${leaf}`), l.variablesNamed(leaf)),
    oldestEnglishRelease: () => (t.read('oldest'), l.oldestEnglishRelease()),
    staleBase: (locale, key) => (t.readAt('base', locale, key), l.staleBase(locale, key)),
  };
  return self;
}

/** The dependency key of a page's URL as spelled (`url:<locale>:<key>=<url>`): server/run-checks.ts marks the old spellings changed. */
export function urlReadKey(locale: string, key: string, url: string): string {
  return `${urlReadPrefix(locale, key)}${url}`;
}

/** Every spelling's dependency key of a page starts with this. */
export function urlReadPrefix(locale: string, key: string): string {
  return `url:${locale}:${key}=`;
}

/**
 * A key's URL as the layout spells it from the stored page at the key (English's, else the
 * locale's, else the page naming it): never from what a process happened to parse. With a
 * tracker (`l` then reads untracked), what it read is recorded as `exists:` and `url:` keys.
 */
function spelledUrl(
  l: Pick<SiteLookups, 'layout' | 'sourceLocale' | 'english' | 'document'>,
  key: string,
  locale: string | undefined,
  namedBy: CheckDocument | null | undefined,
  t?: DependencyTracker,
): string {
  const layout = l.layout;
  if (!layout.urlFromFrontmatter) {
    // A URL from the layout's per-key site data (Hugo's permalinks): its entry names the key, which
    // server/run-checks.ts marks changed as `exists:` when the URL changes.
    if (t && layout.siteDataEntries) t.readAt('exists', l.sourceLocale, key);
    return layout.urlOf(key);
  }
  const pageIn = (at: string): CheckDocument | undefined => {
    t?.readAt('exists', at, key);
    const page = at === l.sourceLocale ? l.english(key) : l.document(at, key);
    if (page && t) t.read(urlReadKey(at, key, layout.urlOf(key, page.frontmatter)));
    return page;
  };
  const page = pageIn(l.sourceLocale) ?? (locale !== undefined && locale !== l.sourceLocale ? pageIn(locale) : undefined) ?? namedBy;
  return layout.urlOf(key, page?.frontmatter ?? null);
}

/** `variables.product` + `{ prodname_ghe_server: … }` → `variables.product.prodname_ghe_server` (nested maps too). */
function flatten(prefix: string, value: Record<string, unknown>, out: Set<string>): void {
  for (const [k, v] of Object.entries(value)) {
    const name = `${prefix}.${k}`;
    out.add(name);
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(name, v as Record<string, unknown>, out);
  }
}

/**
 * False when the paragraph is known to have sentences and none detected as English, so
 * english-fallback can skip it without loading its sentences.
 */
export function mayHoldEnglishSentences(p: CheckParagraph): boolean {
  return p.sentencesOmitted !== true;
}
