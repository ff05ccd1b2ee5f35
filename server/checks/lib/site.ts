import type { Db } from '../../../db/index.ts';
import type { DocumentRow, LinkRow, LiquidRefRow, ParagraphRow, SectionRow } from '../../../db/repositories/documents.ts';
import type { Layout } from '../../layouts/types.ts';
import type { SiteLookups, StaleBase } from '../define.ts';
import type { CheckDocument } from '../types.ts';

/** Every live document of the site grouped by locale, with the lookups checks use. */
export interface LoadedSite {
  lookups: SiteLookups;
  /** Live documents by locale, then key. */
  documents: Map<string, Map<string, CheckDocument>>;
  /** Translation locales (every indexed locale but the source). */
  locales: string[];
}

/**
 * Loads the whole index with one query per table and groups rows in memory: one query
 * per document would cost seconds on a 36k-file site.
 */
export function loadSite(db: Db, layout: Layout, staleBase?: SiteLookups['staleBase']): LoadedSite {
  const rows = db.prepare('SELECT * FROM documents WHERE deleted_run IS NULL').all() as DocumentRow[];
  const byId = new Map<number, CheckDocument>();
  const documents = new Map<string, Map<string, CheckDocument>>();
  for (const row of rows) {
    const doc: CheckDocument = {
      row,
      frontmatter: row.frontmatter_json ? (JSON.parse(row.frontmatter_json) as Record<string, unknown>) : null,
      frontmatterLines: JSON.parse(row.frontmatter_lines_json) as Record<string, number>,
      sections: [],
      links: [],
      liquid: [],
      paragraphs: [],
    };
    byId.set(row.id, doc);
    let m = documents.get(row.locale);
    if (!m) documents.set(row.locale, (m = new Map()));
    m.set(row.key, doc);
  }
  // Children of deleted documents are removed by the indexer; the ORDER BY keeps ordinals in order.
  for (const s of db.prepare('SELECT * FROM sections ORDER BY document_id, ordinal').iterate() as IterableIterator<SectionRow>) byId.get(s.document_id)?.sections.push(s);
  for (const l of db.prepare('SELECT * FROM links ORDER BY document_id, ordinal').iterate() as IterableIterator<LinkRow>) byId.get(l.document_id)?.links.push(l);
  for (const r of db.prepare('SELECT * FROM liquid_refs ORDER BY document_id, ordinal').iterate() as IterableIterator<LiquidRefRow>) byId.get(r.document_id)?.liquid.push(r);
  for (const p of db.prepare('SELECT * FROM paragraphs ORDER BY document_id, ordinal').iterate() as IterableIterator<ParagraphRow>) byId.get(p.document_id)?.paragraphs.push(p);

  const source = layout.sourceLocale;
  const redirects = new Map<string, string>();
  for (const r of db.prepare('SELECT from_key, to_key FROM redirects WHERE locale = ? ORDER BY rowid').all(source) as { from_key: string; to_key: string }[]) {
    if (!redirects.has(r.from_key)) redirects.set(r.from_key, r.to_key);
  }

  const variables = new Map<string, Set<string>>();
  const variablesOf = (locale: string): Set<string> => {
    let set = variables.get(locale);
    if (set) return set;
    set = new Set();
    for (const doc of documents.get(locale)?.values() ?? []) {
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
  const lookups: SiteLookups = {
    layout,
    sourceLocale: source,
    english: (key) => english.get(key),
    document: (locale, key) => documents.get(locale)?.get(key),
    englishRedirect: (fromKey) => redirects.get(fromKey),
    hasVariable: (name, locale) => variablesOf(locale ?? source).has(name),
    variablesNamed,
    staleBase: (locale, key): StaleBase | undefined => staleBase?.(locale, key),
  };
  const locales = [...documents.keys()].filter((l) => l !== source).sort();
  return { lookups, documents, locales };
}

/** `variables.product` + `{ prodname_ghe_server: … }` → `variables.product.prodname_ghe_server` (nested maps too). */
function flatten(prefix: string, value: Record<string, unknown>, out: Set<string>): void {
  for (const [k, v] of Object.entries(value)) {
    const name = `${prefix}.${k}`;
    out.add(name);
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(name, v as Record<string, unknown>, out);
  }
}
