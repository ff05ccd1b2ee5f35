import type { LinkRow, LiquidRefRow } from '../../shared/documents.ts';
import type { SiteLookups } from '../define.ts';
import { resolveLink } from './resolve.ts';

/** A link of a page as readers get it: a Markdown/HTML link, or a link macro (`macro` holds the call as written). */
export type PageLink = LinkRow & { macro?: string };

// Each page's links are built once per run: link-mismatch, broken-link and outdated-link share them.
const linksOf = new WeakMap<SiteLookups, WeakMap<readonly LinkRow[], PageLink[]>>();

/**
 * Every internal link of a document, link macros included (MDN `{{jsxref("Array.map")}}`
 * renders as a link to `/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/map`):
 * a macro and a Markdown link to the same page are the same link. Layouts without
 * `macroLink` get the document's links unchanged.
 */
export function pageLinks(site: SiteLookups, doc: { links: LinkRow[]; liquid: LiquidRefRow[] }): PageLink[] {
  const macroLink = site.layout.macroLink;
  if (!macroLink) return doc.links;
  let cache = linksOf.get(site);
  if (!cache) linksOf.set(site, (cache = new WeakMap()));
  let out = cache.get(doc.links);
  if (out) return out;
  out = [...doc.links];
  for (const ref of doc.liquid) {
    if (ref.kind !== 'output' || ref.section < 0) continue;
    const link = macroLink(ref.name);
    if (!link) continue;
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
  cache.set(doc.links, out);
  return out;
}
