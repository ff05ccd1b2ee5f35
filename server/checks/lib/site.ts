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
  // One JSON array per document, built by SQLite: per-row values through the driver cost twice as much on 880k rows.
  const sectionColumns = db.prepare('SELECT source, skeleton_json FROM sections WHERE document_id = ? AND ordinal = ?').raw();
  for (const [id, rows] of grouped(db, 'sections', 'ordinal, level, heading, anchor, line, end_line, text_hash, skeleton_hash, steps_json')) {
    const doc = byId.get(id);
    if (doc) for (const r of rows) doc.sections.push(new LoadedSection(id, r, sectionColumns));
  }
  for (const [id, rows] of grouped(db, 'links', 'ordinal, section, target, kind, line, text')) {
    const doc = byId.get(id);
    if (doc) for (const r of rows) doc.links.push({ document_id: id, ordinal: r[0], section: r[1], target: r[2], kind: r[3], line: r[4], text: r[5] } as LinkRow);
  }
  for (const [id, rows] of grouped(db, 'liquid_refs', 'ordinal, section, kind, name, line, raw')) {
    const doc = byId.get(id);
    if (doc) for (const r of rows) doc.liquid.push({ document_id: id, ordinal: r[0], section: r[1], kind: r[2], name: r[3], line: r[4], raw: r[5] } as LiquidRefRow);
  }
  // Only english-fallback reads paragraphs, and of a translation only those that are or hold English
  // or equal an English paragraph: the rest (most of a translated site's prose) is never loaded, and
  // each document's paragraph languages come as a list. Text and sentences of loaded paragraphs that
  // the check may skip load on access.
  const source = layout.sourceLocale;
  const paragraphLookup = db.prepare('SELECT text, sentences_json FROM paragraphs WHERE document_id = ? AND ordinal = ?').raw();
  const paragraphs = db
    .prepare(
      `WITH english AS (SELECT id FROM documents WHERE locale = ?),
        english_hashes AS (SELECT text_hash FROM paragraphs WHERE document_id IN english)
      SELECT document_id, document_id IN english,
        json_group_array(json_array(ordinal, section, kind, line, end_line, text_hash, lang, confidence,
          CASE WHEN lang = 'en' OR instr(sentences_json, '"lang":"en"') > 0 OR document_id IN english THEN text END,
          CASE WHEN sentences_json = '[]' OR instr(sentences_json, '"lang":"en"') > 0 THEN sentences_json END))
          FILTER (WHERE document_id IN english OR lang = 'en' OR instr(sentences_json, '"lang":"en"') > 0 OR text_hash IN english_hashes),
        group_concat(DISTINCT lang)
      FROM paragraphs GROUP BY document_id`,
    )
    .raw();
  for (const [id, isEnglish, json, languages] of paragraphs.iterate(source) as IterableIterator<[number, number, string, string | null]>) {
    const doc = byId.get(id);
    if (!doc) continue;
    for (const r of JSON.parse(json) as unknown[][]) doc.paragraphs.push(new LoadedParagraph(id, r, paragraphLookup));
    if (!isEnglish) doc.paragraphLanguages = new Set(languages ? languages.split(',') : []);
    // json_group_array keeps the primary key's order; sort only if SQLite ever aggregates otherwise.
    if (!isSorted(doc.paragraphs)) doc.paragraphs.sort((x, y) => x.ordinal - y.ordinal);
  }

  const redirects = loadEnglishRedirects(db, source);

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

/** English redirect entries, old key → new key; the first entry for an old key wins. */
export function loadEnglishRedirects(db: Db, sourceLocale: string): Map<string, string> {
  const redirects = new Map<string, string>();
  for (const r of db.prepare('SELECT from_key, to_key FROM redirects WHERE locale = ? ORDER BY rowid').all(sourceLocale) as { from_key: string; to_key: string }[]) {
    if (!redirects.has(r.from_key)) redirects.set(r.from_key, r.to_key);
  }
  return redirects;
}

/**
 * The English key a translation filed under `key` is compared with: English's own page at
 * that key, else the page English moved it to (an English redirect from `key`) when that is
 * the same kind of document. The checks and the API pair translations with this one rule.
 */
export function pairedEnglishKey(key: string, kind: string, englishKindOf: (key: string) => string | undefined, englishRedirect: (fromKey: string) => string | undefined): string | undefined {
  if (englishKindOf(key) !== undefined) return key;
  const to = englishRedirect(key);
  return to !== undefined && englishKindOf(to) === kind ? to : undefined;
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

/**
 * Rows of a per-document child table as [document_id, rows in ordinal order]. Children of
 * deleted documents are removed by the indexer; the first column must be the ordinal.
 */
function* grouped(db: Db, table: string, columns: string): Generator<[number, unknown[][]]> {
  const stmt = db.prepare(`SELECT document_id, json_group_array(json_array(${columns})) FROM ${table} GROUP BY document_id`).raw();
  for (const [id, json] of stmt.iterate() as IterableIterator<[number, string]>) {
    const rows = JSON.parse(json) as unknown[][];
    // The primary key (document_id, ordinal) gives the order; sort only if SQLite ever aggregates otherwise.
    for (let i = 1; i < rows.length; i++) {
      if ((rows[i]![0] as number) < (rows[i - 1]![0] as number)) {
        rows.sort((x, y) => (x[0] as number) - (y[0] as number));
        break;
      }
    }
    yield [id, rows];
  }
}

function isSorted(rows: { ordinal: number }[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.ordinal < rows[i - 1]!.ordinal) return false;
  return true;
}

/** A section whose source and skeleton (stale-translation, history) are read on first access. */
class LoadedSection implements SectionRow {
  ordinal: number;
  level: number;
  heading: string;
  anchor: string;
  line: number;
  end_line: number;
  text_hash: string;
  skeleton_hash: string;
  steps_json: string;
  #rest: [string, string] | undefined;

  constructor(
    public document_id: number,
    r: unknown[],
    private readonly lookup: Lookup,
  ) {
    this.ordinal = r[0] as number;
    this.level = r[1] as number;
    this.heading = r[2] as string;
    this.anchor = r[3] as string;
    this.line = r[4] as number;
    this.end_line = r[5] as number;
    this.text_hash = r[6] as string;
    this.skeleton_hash = r[7] as string;
    this.steps_json = r[8] as string;
  }

  get source(): string {
    return (this.#rest ??= this.lookup.get(this.document_id, this.ordinal) as [string, string])[0];
  }

  get skeleton_json(): string {
    return (this.#rest ??= this.lookup.get(this.document_id, this.ordinal) as [string, string])[1];
  }

  toJSON(): SectionRow {
    const { lookup: _lookup, ...fields } = this;
    return { ...fields, source: this.source, skeleton_json: this.skeleton_json };
  }
}

/** A paragraph whose text and sentences are read on first access unless they are (or may be) English. */
class LoadedParagraph implements ParagraphRow {
  ordinal: number;
  section: number;
  kind: string;
  line: number;
  end_line: number;
  text_hash: string;
  lang: string | null;
  confidence: number;
  #text: string | null;
  #sentences: string | null;
  readonly #withSentences: boolean;

  constructor(
    public document_id: number,
    r: unknown[],
    private readonly lookup: Lookup,
  ) {
    this.ordinal = r[0] as number;
    this.section = r[1] as number;
    this.kind = r[2] as string;
    this.line = r[3] as number;
    this.end_line = r[4] as number;
    this.text_hash = r[5] as string;
    this.lang = r[6] as string | null;
    this.confidence = r[7] as number;
    this.#text = r[8] as string | null;
    this.#sentences = r[9] as string | null;
    this.#withSentences = this.#sentences !== null;
  }

  get text(): string {
    if (this.#text === null) this.#load();
    return this.#text!;
  }

  get sentences_json(): string {
    if (this.#sentences === null) this.#load();
    return this.#sentences!;
  }

  #load(): void {
    const [text, sentences] = this.lookup.get(this.document_id, this.ordinal) as [string, string];
    this.#text = text;
    this.#sentences = sentences;
  }

  /** False when loaded without sentences: it has some, and none was detected as English. */
  get loadedWithSentences(): boolean {
    return this.#withSentences;
  }

  toJSON(): ParagraphRow {
    const { lookup: _lookup, ...fields } = this;
    return { ...fields, text: this.text, sentences_json: this.sentences_json };
  }
}

/**
 * False when the paragraph is known to have sentences and none detected as English, so
 * english-fallback can skip it without loading its sentences.
 */
export function mayHoldEnglishSentences(p: ParagraphRow): boolean {
  return !(p instanceof LoadedParagraph) || p.loadedWithSentences;
}
