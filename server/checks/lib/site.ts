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
 * per document would cost seconds on a 36k-file site. Columns no check reads on most
 * rows (section source and skeleton, sentences of paragraphs without English) are
 * fetched on first access instead, which keeps a 36k-file site's load under a second or two.
 */
export function loadSite(db: Db, layout: Layout, staleBase?: SiteLookups['staleBase']): LoadedSite {
  const byId = new Map<number, CheckDocument>();
  const documents = new Map<string, Map<string, CheckDocument>>();
  const docStmt = db.prepare(`SELECT id, locale, key, kind, path, content_hash, size, mtime_ms, title, frontmatter_json, frontmatter_lines_json,
      body_line, parse_error, first_seen_run, changed_run, deleted_run FROM documents WHERE deleted_run IS NULL`);
  for (const row of docStmt.iterate() as IterableIterator<DocumentRow>) {
    const doc: CheckDocument = {
      row,
      frontmatter: row.frontmatter_json ? (JSON.parse(row.frontmatter_json) as Record<string, unknown>) : null,
      frontmatterLines: row.frontmatter_lines_json === '{}' ? {} : (JSON.parse(row.frontmatter_lines_json) as Record<string, number>),
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
  // Rows come in primary-key order (document_id, ordinal): children of deleted documents are removed by the indexer.
  const sectionColumns = db.prepare('SELECT source, skeleton_json FROM sections WHERE document_id = ? AND ordinal = ?').raw();
  for (const r of db.prepare('SELECT document_id, ordinal, level, heading, anchor, line, end_line, text_hash, skeleton_hash, steps_json FROM sections').raw().iterate() as IterableIterator<unknown[]>) {
    byId.get(r[0] as number)?.sections.push(lazySection(r, sectionColumns));
  }
  for (const r of db.prepare('SELECT document_id, ordinal, section, target, kind, line, text FROM links').raw().iterate() as IterableIterator<unknown[]>) {
    byId.get(r[0] as number)?.links.push({ document_id: r[0], ordinal: r[1], section: r[2], target: r[3], kind: r[4], line: r[5], text: r[6] } as LinkRow);
  }
  for (const r of db.prepare('SELECT document_id, ordinal, section, kind, name, line, raw FROM liquid_refs').raw().iterate() as IterableIterator<unknown[]>) {
    byId.get(r[0] as number)?.liquid.push({ document_id: r[0], ordinal: r[1], section: r[2], kind: r[3], name: r[4], line: r[5], raw: r[6] } as LiquidRefRow);
  }
  // english-fallback only parses sentences that hold English or a paragraph without sentences; the rest load on access.
  const sentencesOf = db.prepare('SELECT sentences_json FROM paragraphs WHERE document_id = ? AND ordinal = ?').pluck();
  const paragraphStmt = db.prepare(`SELECT document_id, ordinal, section, kind, line, end_line, text, text_hash, lang, confidence,
      CASE WHEN sentences_json = '[]' OR instr(sentences_json, '"lang":"en"') > 0 THEN sentences_json END FROM paragraphs`);
  for (const r of paragraphStmt.raw().iterate() as IterableIterator<unknown[]>) {
    byId.get(r[0] as number)?.paragraphs.push(lazyParagraph(r, sentencesOf));
  }

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

type Lookup = { get(...params: unknown[]): unknown };

function lazySection(r: unknown[], columns: Lookup): SectionRow {
  let rest: [string, string] | undefined;
  const fetch = () => (rest ??= columns.get(r[0], r[1]) as [string, string]);
  return {
    document_id: r[0] as number,
    ordinal: r[1] as number,
    level: r[2] as number,
    heading: r[3] as string,
    anchor: r[4] as string,
    line: r[5] as number,
    end_line: r[6] as number,
    text_hash: r[7] as string,
    skeleton_hash: r[8] as string,
    steps_json: r[9] as string,
    get source() {
      return fetch()[0];
    },
    get skeleton_json() {
      return fetch()[1];
    },
  };
}

// Paragraphs loaded without their sentences: not one of them was detected as English.
const withoutEnglishSentences = new WeakSet<ParagraphRow>();

/**
 * False when the paragraph is known to have sentences and none detected as English, so
 * english-fallback can skip it without loading its sentences.
 */
export function mayHoldEnglishSentences(p: ParagraphRow): boolean {
  return !withoutEnglishSentences.has(p);
}

function lazyParagraph(r: unknown[], sentencesOf: Lookup): ParagraphRow {
  let sentences = r[10] as string | null;
  const row: ParagraphRow = {
    document_id: r[0] as number,
    ordinal: r[1] as number,
    section: r[2] as number,
    kind: r[3] as string,
    line: r[4] as number,
    end_line: r[5] as number,
    text: r[6] as string,
    text_hash: r[7] as string,
    lang: r[8] as string | null,
    confidence: r[9] as number,
    get sentences_json() {
      return (sentences ??= sentencesOf.get(r[0], r[1]) as string);
    },
  };
  if (sentences === null) withoutEnglishSentences.add(row);
  return row;
}
