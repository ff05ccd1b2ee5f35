import type { SiteLookups } from '../define.ts';

/** Where an internal link leads, and whether it gets there only through a redirect or a legacy URL rule. */
export type LinkResolution =
  | { status: 'direct'; key: string; anchor: string }
  | { status: 'redirect' | 'legacy'; key: string; anchor: string }
  | { status: 'unresolved' }
  | { status: 'not-a-page' };

/**
 * Resolution order of the site: the key itself, then an exact redirect entry, then the
 * layout's legacy rules (each legacy candidate as a page or as a redirect entry).
 */
// Three checks resolve every link of every locale, mostly the same targets: once per run is enough.
// With a dependency tracker each answer keeps what it read, counted again for every pair that gets it.
const resolved = new WeakMap<SiteLookups, Map<string, LinkResolution>>();
const tracked = new WeakMap<SiteLookups, Map<string, { value: LinkResolution; reads: readonly string[] }>>();

export function resolveLink(site: SiteLookups, target: string, locale?: string): LinkResolution {
  const id = locale && site.localeRedirect ? `${locale}\0${target}` : target;
  const tracker = site.tracker;
  if (tracker) {
    let cache = tracked.get(site);
    if (!cache) tracked.set(site, (cache = new Map()));
    let r = cache.get(id);
    if (r) tracker.replay(r.reads);
    else cache.set(id, (r = tracker.capture(() => resolveUncached(site, target, locale))));
    return r.value;
  }
  let cache = resolved.get(site);
  if (!cache) resolved.set(site, (cache = new Map()));
  let r = cache.get(id);
  if (!r) cache.set(id, (r = resolveUncached(site, target, locale)));
  return r;
}

/**
 * `locale`: the locale of the page the link is in. When English has nothing under the key, the
 * locale's own redirects (old translated slugs) are followed too, as the site serves them.
 */
function resolveUncached(site: SiteLookups, target: string, locale?: string): LinkResolution {
  // A key still holding Liquid (`/{{ page.version }}/…`) is built at render time: no verdict on it.
  const candidates = site.layout.linkKeys(target).filter((c) => !/\{\{|\{%/.test(c.key));
  if (candidates.length === 0) return { status: 'not-a-page' };
  // A link reads only whether its target is a page (`entry`), not the page: editing it re-checks no linking page.
  const page = (key: string) => site.entry(site.sourceLocale, key)?.kind === 'page';
  const first = candidates[0]!;
  if (!first.legacy && page(first.key)) return { status: 'direct', key: first.key, anchor: first.anchor };
  if (!first.legacy) {
    const to = site.englishRedirect(first.key);
    if (to !== undefined && page(to)) return { status: 'redirect', key: to, anchor: first.anchor };
    // A page only the locale has (MDN `conflicting/…`, `orphaned/…`) is served to its readers.
    const localePage = (key: string) => locale !== undefined && site.entry(locale, key)?.kind === 'page';
    if (site.localeRedirect && localePage(first.key)) return { status: 'direct', key: first.key, anchor: first.anchor };
    const ours = locale === undefined ? undefined : site.localeRedirect?.(locale, first.key);
    if (ours !== undefined) {
      if (page(ours)) return { status: 'redirect', key: ours, anchor: first.anchor };
      if (localePage(ours)) {
        // A leftover set aside for an English page (MDN `conflicting/…`): that page is what the link is about.
        const english = site.layout.setAsideFor?.(ours);
        return { status: 'redirect', key: english !== undefined && page(english) ? english : ours, anchor: first.anchor };
      }
      const onward = site.englishRedirect(ours);
      if (onward !== undefined && page(onward)) return { status: 'redirect', key: onward, anchor: first.anchor };
    }
  }
  // A page the site redirects elsewhere (MDN `/docs/Tools` → Firefox source docs): the link works.
  if (!first.legacy && site.layout.offSite?.(first.key, locale)) return { status: 'not-a-page' };
  for (const c of candidates) {
    if (!c.legacy) continue;
    const status = c.redirect ? 'redirect' : 'legacy';
    if (page(c.key)) return { status, key: c.key, anchor: c.anchor };
    const to = site.englishRedirect(c.key);
    if (to !== undefined && page(to)) return { status, key: to, anchor: c.anchor };
  }
  return { status: 'unresolved' };
}

// Every locale's translation compares with the same English page: its link targets are collected once.
const targetsOf = new WeakMap<object, Set<string>>();

/**
 * Whether English's page has a link to `target` (white space inside the target ignored, as
 * Liquid in `{{ currentVersion }}` is written either way): the same link in English is English's
 * problem before it is the translation's.
 */
export function englishLinks(english: { links: readonly { target: string }[] } | null, site?: SiteLookups): { has(target: string): boolean } {
  if (!english) return { has: () => false };
  let targets = targetsOf.get(english.links);
  if (!targets) targetsOf.set(english.links, (targets = new Set(english.links.map((l) => l.target.replace(/\s+/g, '')))));
  const set = targets;
  if (!site) return { has: (target) => set.has(target.replace(/\s+/g, '')) };
  // The same page in the site's key space counts too: Hugo's `/zh-cn/docs/x/` is English's `/docs/x/`.
  // Worked out on the first target not in English as written: `has` is asked only about broken and
  // outdated links, few pairs have any, and the keys of every English link were most of it.
  const { links } = english;
  const keySet = (): Set<string> => {
    let keys = keysOf.get(links);
    if (!keys) keysOf.set(links, (keys = new Set(links.map((l) => site.layout.linkKeys(l.target)[0]?.key).filter((k): k is string => k !== undefined))));
    return keys;
  };
  return {
    has: (target) => {
      if (set.has(target.replace(/\s+/g, ''))) return true;
      const key = site.layout.linkKeys(target)[0]?.key;
      return key !== undefined && keySet().has(key);
    },
  };
}
const keysOf = new WeakMap<object, Set<string>>();

/** The current URL for a resolved link, anchor kept (`locale`: the linking page's, whose own pages a link may resolve to). */
export function currentUrl(site: SiteLookups, key: string, anchor: string, locale?: string): string {
  return site.urlOf(key, locale) + (anchor ? `#${anchor}` : '');
}
