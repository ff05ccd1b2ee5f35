import type { LinkRow, LiquidRefRow } from '../../shared/documents.ts';
import type { SiteLookups } from '../define.ts';
import { resolveLink } from './resolve.ts';
import { canonicalCondition, conditionScope, releaseList } from './conditions.ts';
import type { LinkBranches } from '../../indexer/link-branches.ts';

/** A link of a page as readers get it: a Markdown/HTML link, or a link macro (`macro` holds the call as written). */
export type PageLink = LinkRow & { macro?: string };

// Each page's links are built once per run: link-mismatch, broken-link and outdated-link share them.
const linksOf = new WeakMap<SiteLookups, WeakMap<readonly LinkRow[], PageLink[]>>();

/**
 * Every internal link of a document, link macros included (MDN `{{jsxref("Array.map")}}`
 * renders as a link to `/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/map`):
 * a macro and a Markdown link to the same page are the same link. Absolute URLs of the site
 * itself (Hugo `baseURL`: `https://kubernetes.io/docs/x/`) are internal links too: the
 * same page as `/docs/x/`. Layouts with neither get the document's links unchanged.
 */
export function pageLinks(site: SiteLookups, doc: { links: LinkRow[]; liquid: LiquidRefRow[]; frontmatter?: Record<string, unknown> | null }): PageLink[] {
  const { macroLink, isOwnUrl } = site.layout;
  const branches = doc.liquid.some((r) => r.kind === 'link-branch');
  if (!macroLink && !isOwnUrl && !branches) return doc.links;
  let cache = linksOf.get(site);
  if (!cache) linksOf.set(site, (cache = new WeakMap()));
  const cached = cache.get(doc.links);
  if (cached) {
    site.tracker?.replay(readsOf.get(cached) ?? []);
    return cached;
  }
  if (site.tracker) {
    const { value, reads } = site.tracker.capture(() => buildPageLinks(site, doc, branches));
    readsOf.set(value, reads);
    cache.set(doc.links, value);
    return value;
  }
  const out = buildPageLinks(site, doc, branches);
  cache.set(doc.links, out);
  return out;
}

// What building a page's links read (incremental runs: every pair that uses them depends on it).
const readsOf = new WeakMap<PageLink[], readonly string[]>();

function buildPageLinks(
  site: SiteLookups,
  doc: { links: LinkRow[]; liquid: LiquidRefRow[]; frontmatter?: Record<string, unknown> | null },
  branches: boolean,
): PageLink[] {
  const { macroLink, isOwnUrl } = site.layout;
  // Links in a Liquid branch no documented version renders (`{% else %}` of a condition every version passes) reach no reader.
  const dead = branches ? deadLinks(site, doc.liquid, pageVersions(site, doc.frontmatter)) : null;
  const served = dead && dead.size > 0 ? doc.links.filter((l) => !dead.has(l.ordinal)) : doc.links;
  const out: PageLink[] = served.map((l) => (l.kind === 'external' && isOwnUrl?.call(site.layout, l.target) ? { ...l, kind: 'internal' as const } : l));
  for (const ref of macroLink ? doc.liquid : []) {
    if (ref.kind !== 'output' || ref.section < 0) continue;
    const link = macroLink!.call(site.layout, ref.name);
    // Off-site link macros (MDN `{{bug(N)}}`) are no internal links: macro-mismatch compares them.
    if (!link || link.external) continue;
    const anchor = link.anchor ? `#${link.anchor}` : '';
    // The first candidate that is a page (directly or through a redirect), as the macro's own page lookup does.
    const url =
      link.urls.find((u) => {
        const r = resolveLink(site, u + anchor);
        return r.status === 'direct' || r.status === 'redirect';
      }) ?? link.urls[0];
    if (url === undefined) continue;
    out.push({
      document_id: ref.document_id,
      ordinal: -1 - ref.ordinal,
      section: ref.section,
      target: url + anchor,
      kind: 'internal',
      line: ref.line,
      text: `{{${ref.name}}}`,
      macro: `{{${ref.name}}}`,
    });
  }
  out.sort((a, b) => a.line - b.line);
  return out;
}

/**
 * Ordinals of the links that sit in a Liquid branch no documented version renders: the `then`
 * branch of a condition no documented release passes (`ghes < 2.21` once 2.22 is the oldest), or
 * any later branch of a chain whose earlier condition every version passes (`{% else %}` of
 * `fpt or ghae or ghes > 2.20`). `versions`: the versions the page is built for (`pageVersions`);
 * the oldest release comes from English's conditions (lib/conditions.ts).
 */
export function deadLinks(site: SiteLookups, liquid: readonly LiquidRefRow[], versions: readonly string[] = site.layout.versionNames ?? []): Set<number> {
  const dead = new Set<number>();
  const oldest = site.oldestEnglishRelease?.() ?? null;
  const releases = releaseList(site.layout.frontmatter.releases);
  const scope = (condition: string) => conditionScope(canonicalCondition(condition, oldest, releases), oldest, versions);
  for (const r of liquid) {
    if (r.kind !== 'link-branch') continue;
    let value: LinkBranches;
    try {
      value = JSON.parse(r.name) as LinkBranches;
    } catch {
      continue;
    }
    const unreachable = value.frames.some(
      (f) => f.prior.some((p) => scope(p) === 'all') || (f.branch === 'then' && f.condition !== undefined && scope(f.condition) === 'none'),
    );
    if (unreachable) dead.add(value.link);
  }
  return dead;
}

/**
 * The layout's versions a page is built for, from its `versions` frontmatter read with the
 * layout's old names (`enterprise-server` is `ghes`): a GHES-only page's `{% else %}` of `ghes >
 * 2.20` reaches no reader. All of the layout's versions when the page says none (reusables).
 */
export function pageVersions(site: SiteLookups, frontmatter: Record<string, unknown> | null | undefined): readonly string[] {
  const all = site.layout.versionNames ?? [];
  const value = frontmatter?.versions;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return all;
  const aliases = site.layout.frontmatter.valueAliases?.versions ?? {};
  const named = new Set(Object.keys(value).map((k) => (Object.hasOwn(aliases, k) ? aliases[k]! : k)));
  const built = all.filter((v) => named.has(v));
  return built.length > 0 ? built : all;
}
