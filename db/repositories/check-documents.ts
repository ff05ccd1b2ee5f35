import type Database from 'better-sqlite3';
import type { Db } from '../index.ts';
import {
  PARAGRAPH_TUPLE_COLUMNS,
  decodeCheckInput,
  emptyCheckInput,
  parseCheckInput,
  type ChildRows,
  type EnglishHashes,
  type ParagraphTuple,
} from '../check-input.ts';
import type { CheckDocument, CheckDocumentRow, SiteDocuments } from '../../server/shared/documents.ts';
import { holdsEnglishSentenceSql } from '../../server/shared/sentences.ts';

/**
 * Every query the checks' input needs: the live documents with what the checks read of them,
 * typed (server/checks holds no SQL and never imports db/). One JSON string per document
 * (check_inputs, written by the indexer with the child rows, decoded in db/check-input.ts),
 * so a 36k-document site costs one query and 36k parses, not an aggregation of ~1M child
 * rows (every live document has one: migration 023 made those indexed before they existed).
 * Columns no check reads on most rows (section source; text and sentences of paragraphs that
 * are not English; the raw text of most Liquid references) are fetched on first access.
 */
export class CheckDocumentsRepository {
  constructor(private readonly db: Db) {}

  /** Every live document, by locale then key (English decoded first), and each locale's redirects on first ask. */
  site(sourceLocale: string): SiteDocuments {
    const db = this.db;
    const documents = new Map<string, Map<string, CheckDocument>>();
    const rows = childRows(db);
    // English paragraph hashes: a translated paragraph equal to one of them is a finding whatever its language.
    // English pages load first, so each translation's paragraphs can be matched as it loads.
    const englishHashes = new Set<string>();
    // Only what the checks read of a document row (CheckDocumentRow); frontmatter is parsed, not kept as text.
    const columns = 'd.id, d.locale, d.key, d.kind, d.path, d.parse_error, d.frontmatter_json, d.frontmatter_lines_json, c.json';
    const from = 'documents d LEFT JOIN check_inputs c ON c.document_id = d.id WHERE d.deleted_run IS NULL';
    const englishDocs = db.prepare(`SELECT ${columns} FROM ${from} AND d.locale = ?`);
    const otherDocs = db.prepare(`SELECT ${columns} FROM ${from} AND d.locale <> ?`);
    for (const stmt of [englishDocs, otherDocs]) {
      for (const r of stmt.iterate(sourceLocale) as IterableIterator<DocumentInputRow>) {
        const row: CheckDocumentRow = { id: r.id, locale: r.locale, key: r.key, kind: r.kind, path: r.path, parse_error: r.parse_error };
        const doc: CheckDocument = {
          row,
          frontmatter: r.frontmatter_json ? (JSON.parse(r.frontmatter_json) as Record<string, unknown>) : null,
          frontmatterLines: r.frontmatter_lines_json === '{}' ? {} : (JSON.parse(r.frontmatter_lines_json) as Record<string, number>),
          sections: [],
          links: [],
          liquid: [],
          paragraphs: [],
        };
        let m = documents.get(row.locale);
        if (!m) documents.set(row.locale, (m = new Map()));
        m.set(row.key, doc);
        const input = parseCheckInput(r.json ?? missingInput(row));
        decodeCheckInput(doc, input, row.locale === sourceLocale, englishHashes, rows);
      }
    }
    const redirects = new Map<string, Map<string, string>>();
    return {
      sourceLocale,
      documents,
      redirects: (locale) => {
        let map = redirects.get(locale);
        if (!map) redirects.set(locale, (map = loadEnglishRedirects(db, locale)));
        return map;
      },
    };
  }
}

/**
 * The same site with each document's content read when a check first touches it (an
 * incremental check run reads only the documents its re-checked pairs look at). Needs English's paragraph hashes
 * (`englishParagraphHashes`, or the copy the last check run kept).
 */
export function lazySite(
  db: Db,
  sourceLocale: string,
  englishHashes: ReadonlySet<string> | 'index',
  /** Keys read one by one before a locale or redirect table is read whole (tests set it low). */
  wholeAfter = WHOLE_AFTER,
): SiteDocuments {
  const documents = new Map<string, Map<string, CheckDocument>>();
  const rows = childRows(db);
  const content = db.prepare(
    'SELECT d.frontmatter_json, d.frontmatter_lines_json, c.json FROM documents d LEFT JOIN check_inputs c ON c.document_id = d.id WHERE d.id = ?',
  );
  // decodeCheckInput adds English's hashes to the set it is given: English documents add nothing new to a full set.
  const hashes: EnglishHashes = englishHashes === 'index' ? englishHashLookup(db, sourceLocale) : new Set(englishHashes);
  const load = (row: CheckDocumentRow): CheckDocument => {
    const r = content.get(row.id) as Pick<DocumentInputRow, 'frontmatter_json' | 'frontmatter_lines_json' | 'json'> | undefined;
    const doc: CheckDocument = {
      row,
      frontmatter: r?.frontmatter_json ? (JSON.parse(r.frontmatter_json) as Record<string, unknown>) : null,
      frontmatterLines: !r || r.frontmatter_lines_json === '{}' ? {} : (JSON.parse(r.frontmatter_lines_json) as Record<string, number>),
      sections: [],
      links: [],
      liquid: [],
      paragraphs: [],
    };
    decodeCheckInput(doc, r ? parseCheckInput(r.json ?? missingInput(row)) : emptyCheckInput(), row.locale === sourceLocale, hashes, rows);
    return doc;
  };
  // No document row is read up front: a locale's rows are read by key as checks ask for them, and
  // all of them only when something walks the locale (a locale whose pairing may have changed).
  // An incremental run of a few pairs reads those pairs' rows, not the site's ~37k (~130 ms).
  const rowStatements = {
    one: db.prepare(`SELECT ${ROW_COLUMNS} FROM documents WHERE locale = ? AND key = ? AND deleted_run IS NULL`),
    all: db.prepare(`SELECT ${ROW_COLUMNS} FROM documents WHERE locale = ? AND deleted_run IS NULL ORDER BY id`),
    keys: db.prepare('SELECT key FROM documents WHERE locale = ? AND deleted_run IS NULL ORDER BY id').pluck(),
    ofKind: db.prepare('SELECT key FROM documents WHERE locale = ? AND kind = ? AND deleted_run IS NULL ORDER BY id').pluck(),
  };
  // English first, as the checks walk the locales (and as the eager site() orders them).
  const locales = liveLocales(db).sort((a, b) => Number(b === sourceLocale) - Number(a === sourceLocale) || (a < b ? -1 : a > b ? 1 : 0));
  for (const locale of locales) documents.set(locale, new LazyLocale(locale, rowStatements, load, wholeAfter));
  const redirects = new Map<string, LazyRedirects>();
  const redirectsOf = (locale: string) => {
    let map = redirects.get(locale);
    if (!map) redirects.set(locale, (map = new LazyRedirects(db, locale, wholeAfter)));
    return map;
  };
  return {
    sourceLocale,
    documents,
    redirects: redirectsOf,
    redirectsTo: (locale, toKey) => redirectsOf(locale).to(toKey),
    englishConditions: () =>
      db
        .prepare(
          // Each name once (the oldest release is a minimum over them): ~170 of ~2,900 on the snapshot,
          // read from English's check inputs by SQLite's JSON functions (20–40 ms there; [2] is the
          // references, [2] of one its kind and [3] its name).
          `SELECT DISTINCT r.value ->> 3 FROM documents d JOIN check_inputs c ON c.document_id = d.id, json_each(c.json, '$[2]') r
          WHERE d.locale = ? AND d.deleted_run IS NULL AND r.value ->> 2 = 'condition'`,
        )
        .pluck()
        .all(sourceLocale) as string[],
    documentsOfKind: (locale, kind) => {
      const docs = documents.get(locale);
      return docs instanceof LazyLocale ? docs.ofKind(kind) : [...(docs?.values() ?? [])].filter((d) => d.row.kind === kind);
    },
  };
}

/** A live document without a check input: never since migration 023 (the checks would read it as empty, finding what is not so). */
function missingInput(row: CheckDocumentRow): never {
  throw new Error(`${row.locale} ${row.key} (${row.path}) has no check input: run \`l10n-drift index --reparse\` to store every document again`);
}

/** The locales with live documents: the keys of a lazySite's `documents`, without reading a document row. */
export function liveLocales(db: Db): string[] {
  // One seek per locale on documents_locale_kind, not a DISTINCT over every live document (~8 ms on the snapshot).
  return db
    .prepare(
      `WITH RECURSIVE l(locale) AS (SELECT MIN(locale) FROM documents WHERE deleted_run IS NULL
        UNION ALL SELECT (SELECT MIN(locale) FROM documents WHERE deleted_run IS NULL AND locale > l.locale) FROM l WHERE l.locale IS NOT NULL)
      SELECT locale FROM l WHERE locale IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
}

/**
 * Lets go of what the given documents of a lazySite loaded: a check run done with a locale
 * holds only English's content and the next locale's, not every locale's at once. A document
 * asked for again is read again. Documents of the eager site() are left as they are.
 */
export function unloadContent(documents: Iterable<CheckDocument> | Map<string, CheckDocument> | undefined): void {
  if (!documents) return;
  // A locale of a lazySite: only the documents it read (walking it would read every row).
  const list = documents instanceof LazyLocale ? documents.read() : documents instanceof Map ? documents.values() : documents;
  for (const d of list) if (d instanceof LazyDocument) d.unload();
}

/** The text hashes of every live English paragraph (a translated paragraph equal to one is loaded whole). */
export function englishParagraphHashes(db: Db, sourceLocale: string): Set<string> {
  return new Set(
    db
      .prepare('SELECT p.text_hash FROM documents d JOIN paragraphs p ON p.document_id = d.id WHERE d.locale = ? AND d.deleted_run IS NULL')
      .pluck()
      .all(sourceLocale) as string[],
  );
}

const ROW_COLUMNS = 'id, locale, key, kind, path, parse_error';
/** Keys read one by one before a lazy locale or redirect table is read whole (a query each costs ~5 µs, a whole locale ~15 ms on the snapshot). */
const WHOLE_AFTER = 1000;

interface RowStatements {
  one: Statement;
  all: Statement;
  keys: Statement;
  ofKind: Statement;
}
type Statement = Database.Statement<unknown[]>;

/**
 * A Map the checks read and never write (a lazy site's locale or redirect entries): set, delete
 * and clear throw; the subclass fills itself through `put` and `empty` as it reads the index.
 */
abstract class ReadOnlyMap<K, V> extends Map<K, V> {
  override set(): this {
    throw new Error('a lazy site is read-only');
  }

  override delete(): boolean {
    throw new Error('a lazy site is read-only');
  }

  override clear(): void {
    throw new Error('a lazy site is read-only');
  }

  protected put(key: K, value: V): void {
    Map.prototype.set.call(this, key, value);
  }

  protected empty(): void {
    Map.prototype.clear.call(this);
  }
}

/**
 * One locale's live documents of a lazySite, by key. `get` and `has` read one row (by the
 * documents' unique key) and keep it, found or not; walking the locale (its entries, values,
 * size) reads every row once; its keys alone are read without rows. Every read goes to the
 * index, so a lookup never misses a document for not having loaded it. The same key is always
 * the same LazyDocument (checks compare documents by identity and memoize by them). Read-only.
 */
class LazyLocale extends ReadOnlyMap<string, CheckDocument> {
  /** Keys read one by one and found missing. */
  readonly #missing = new Set<string>();
  #complete = false;
  #keys: string[] | null = null;
  #asked = 0;

  constructor(
    readonly locale: string,
    private readonly statements: RowStatements,
    private readonly loader: (row: CheckDocumentRow) => CheckDocument,
    private readonly wholeAfter: number,
  ) {
    super();
  }

  override get(key: string): CheckDocument | undefined {
    const doc = super.get(key);
    if (doc !== undefined || this.#complete || this.#missing.has(key)) return doc;
    // Asked for many keys (a run that checks much of the locale): one pass over its rows costs less than a query each.
    if (++this.#asked > this.wholeAfter) {
      this.#all();
      return super.get(key);
    }
    const row = this.statements.one.get(this.locale, key) as CheckDocumentRow | undefined;
    if (!row) {
      this.#missing.add(key);
      return undefined;
    }
    return this.#add(row);
  }

  override has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  override get size(): number {
    return this.#all().length;
  }

  override keys(): MapIterator<string> {
    if (this.#complete) return super.keys();
    return (this.#keys ??= this.statements.keys.all(this.locale) as string[]).values() as MapIterator<string>;
  }

  override values(): MapIterator<CheckDocument> {
    return this.#all().values() as MapIterator<CheckDocument>;
  }

  override entries(): MapIterator<[string, CheckDocument]> {
    return this.#all()
      .map((d) => [d.row.key, d] as [string, CheckDocument])
      .values() as MapIterator<[string, CheckDocument]>;
  }

  override [Symbol.iterator](): MapIterator<[string, CheckDocument]> {
    return this.entries();
  }

  override forEach(callback: (value: CheckDocument, key: string, map: Map<string, CheckDocument>) => void, thisArg?: unknown): void {
    for (const d of this.#all()) callback.call(thisArg, d, d.row.key, this);
  }

  /** The documents of a kind (variables files: a few of the locale's rows), read by the (locale, kind) index. */
  ofKind(kind: string): CheckDocument[] {
    const out: CheckDocument[] = [];
    for (const key of this.statements.ofKind.all(this.locale, kind) as string[]) {
      const doc = this.get(key);
      if (doc) out.push(doc);
    }
    return out;
  }

  /** The documents read so far (whose content may be loaded). */
  read(): MapIterator<CheckDocument> {
    return super.values();
  }

  /** Every document, in the order the index stored them (id). */
  #all(): CheckDocument[] {
    if (this.#complete) return [...super.values()];
    const out: CheckDocument[] = [];
    for (const row of this.statements.all.iterate(this.locale) as IterableIterator<CheckDocumentRow>) out.push(super.get(row.key) ?? this.#add(row));
    // Keys in id order from here on (Map order is insertion order: rows read by key came first).
    this.empty();
    for (const d of out) this.put(d.row.key, d);
    this.#complete = true;
    this.#missing.clear();
    return out;
  }

  #add(row: CheckDocumentRow): CheckDocument {
    const doc = new LazyDocument(row, this.loader);
    this.put(row.key, doc);
    return doc;
  }
}

/**
 * Whether a live English paragraph has a text hash, asked of the index (paragraphs_text_hash) and
 * remembered: a run that decodes a few translations asks for their paragraphs' hashes instead of
 * building English's ~35k (the snapshot). English documents decoded meanwhile add nothing the
 * index does not hold.
 */
function englishHashLookup(db: Db, sourceLocale: string): EnglishHashes {
  const stmt = db
    .prepare('SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE p.text_hash = ? AND d.locale = ? AND d.deleted_run IS NULL LIMIT 1')
    .pluck();
  const known = new Map<string, boolean>();
  const lookup: EnglishHashes = {
    has(hash) {
      let found = known.get(hash);
      if (found === undefined) known.set(hash, (found = stmt.get(hash, sourceLocale) !== undefined));
      return found;
    },
    add() {
      return lookup as Set<string>;
    },
  };
  return lookup;
}

/** A document whose content is read on first access (lazySite). */
class LazyDocument implements CheckDocument {
  #doc: CheckDocument | null = null;
  constructor(
    readonly row: CheckDocumentRow,
    private readonly loader: (row: CheckDocumentRow) => CheckDocument,
  ) {}
  get #loaded(): CheckDocument {
    return (this.#doc ??= this.loader(this.row));
  }
  /** Lets go of the content (read again on the next access). */
  unload(): void {
    this.#doc = null;
  }
  get frontmatter() {
    return this.#loaded.frontmatter;
  }
  get frontmatterLines() {
    return this.#loaded.frontmatterLines;
  }
  get sections() {
    return this.#loaded.sections;
  }
  get links() {
    return this.#loaded.links;
  }
  get liquid() {
    return this.#loaded.liquid;
  }
  get paragraphs() {
    return this.#loaded.paragraphs;
  }
  get paragraphLanguages() {
    return this.#loaded.paragraphLanguages;
  }
  get fieldLanguages() {
    return this.#loaded.fieldLanguages;
  }
}

/**
 * A locale's redirect entries of a lazySite as loadEnglishRedirects reads them (old key → new
 * key, the first entry for an old key winning, in entry order), each read by its old key (or by
 * the key it leads to) as the checks ask, and all of them only when walked (a redirect's rank, a
 * locale paired whole). Read-only.
 */
class LazyRedirects extends ReadOnlyMap<string, string> {
  readonly #asked = new Map<string, string | undefined>();
  readonly #to = new Map<string, string[]>();
  #complete = false;
  readonly #one: Statement;
  readonly #leadingTo: Statement;

  constructor(
    private readonly db: Db,
    readonly locale: string,
    private readonly wholeAfter: number,
  ) {
    super();
    this.#one = db.prepare('SELECT to_key FROM redirects WHERE locale = ? AND from_key = ? ORDER BY rowid LIMIT 1').pluck();
    // The entries that win for their old key and lead to a key, in entry order: a pass over the locale's entries
    // (redirects_from), ~1 ms on English's 4.3k on the snapshot, once per key asked. No index on to_key: it would
    // reorder the unordered reads of the redirects table elsewhere (history's old keys).
    this.#leadingTo = db
      .prepare(
        `SELECT from_key FROM redirects r WHERE locale = ? AND to_key = ?
          AND rowid = (SELECT MIN(rowid) FROM redirects WHERE locale = r.locale AND from_key = r.from_key) ORDER BY rowid`,
      )
      .pluck();
  }

  override get(fromKey: string): string | undefined {
    if (this.#complete) return super.get(fromKey);
    if (this.#asked.has(fromKey)) return this.#asked.get(fromKey);
    if (this.#asked.size >= this.wholeAfter) {
      this.#load();
      return super.get(fromKey);
    }
    const to = this.#one.get(this.locale, fromKey) as string | undefined;
    this.#asked.set(fromKey, to);
    return to;
  }

  override has(fromKey: string): boolean {
    return this.get(fromKey) !== undefined;
  }

  /** The old keys whose entry leads to `toKey`, in entry order. */
  to(toKey: string): string[] {
    let list = this.#to.get(toKey);
    if (list) return list;
    if (this.#complete) {
      list = [];
      for (const [from, to] of super.entries()) if (to === toKey) list.push(from);
    } else list = this.#leadingTo.all(this.locale, toKey) as string[];
    this.#to.set(toKey, list);
    return list;
  }

  override get size(): number {
    this.#load();
    return super.size;
  }

  override keys(): MapIterator<string> {
    this.#load();
    return super.keys();
  }

  override values(): MapIterator<string> {
    this.#load();
    return super.values();
  }

  override entries(): MapIterator<[string, string]> {
    this.#load();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  override forEach(callback: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }

  #load(): void {
    if (this.#complete) return;
    for (const [from, to] of loadEnglishRedirects(this.db, this.locale)) this.put(from, to);
    this.#complete = true;
  }
}

/** A locale's redirect entries (English's by default use), old key → new key; the first entry for an old key wins. */
export function loadEnglishRedirects(db: Db, sourceLocale: string): Map<string, string> {
  const redirects = new Map<string, string>();
  for (const r of db.prepare('SELECT from_key, to_key FROM redirects WHERE locale = ? ORDER BY rowid').all(sourceLocale) as {
    from_key: string;
    to_key: string;
  }[]) {
    if (!redirects.has(r.from_key)) redirects.set(r.from_key, r.to_key);
  }
  return redirects;
}

interface DocumentInputRow extends CheckDocumentRow {
  frontmatter_json: string | null;
  frontmatter_lines_json: string;
  json: string | null;
}

/** The child rows and columns a check input leaves out, read from their tables. */
function childRows(db: Db): ChildRows {
  const section = db.prepare('SELECT source FROM sections WHERE document_id = ? AND ordinal = ?').pluck();
  const paragraphRest = db.prepare('SELECT text, sentences_json FROM paragraphs WHERE document_id = ? AND ordinal = ?').raw();
  const liquid = db.prepare('SELECT liquid_raw FROM check_inputs WHERE document_id = ?').pluck();
  // A document's references are read one after another: its raw texts are parsed once for all of them.
  let raws: { id: number; list: string[] } | null = null;
  // A translated paragraph equal to an English one, fetched whole (its check input names it by ordinal and hash only).
  const paragraph = db.prepare(`SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs WHERE document_id = ? AND ordinal = ?`).raw();
  return {
    sectionSource: (id, ordinal) => section.get(id, ordinal) as string,
    paragraphRest: (id, ordinal) => paragraphRest.get(id, ordinal) as [string, string],
    liquidRaw: (id, ordinal) => {
      if (raws?.id !== id) raws = { id, list: JSON.parse((liquid.get(id) as string | undefined) ?? '[]') as string[] };
      return raws.list[ordinal];
    },
    paragraph: (id, ordinal) => paragraph.get(id, ordinal) as ParagraphTuple | undefined,
  };
}

/** A check input's paragraph row in SQL: sentences only when there are none or some are English (check-input.ts: carriedSentences). */
const PARAGRAPH_COLUMNS = PARAGRAPH_TUPLE_COLUMNS.replace(
  'sentences_json',
  `CASE WHEN sentences_json = '[]' OR ${holdsEnglishSentenceSql('sentences_json')} THEN sentences_json END`,
);
