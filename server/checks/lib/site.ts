import type { Db } from '../../../db/index.ts';
import { CHECK_INPUT_COLUMNS, type LinkRow, type LiquidRefRow, type ParagraphRow, type SectionRow } from '../../../db/repositories/documents.ts';
import type { Layout } from '../../layouts/types.ts';
import type { SiteLookups, StaleBase } from '../define.ts';
import { conditionReleases, normalizeCondition, oldestDocumentedRelease, type Release } from './conditions.ts';
import type { CheckDocument, CheckDocumentRow } from '../types.ts';

/** Every live document of the site grouped by locale, with the lookups checks use. */
export interface LoadedSite {
  lookups: SiteLookups;
  /** Live documents by locale, then key. */
  documents: Map<string, Map<string, CheckDocument>>;
  /** Translation locales (every indexed locale but the source). */
  locales: string[];
}

/**
 * Loads every live document with what the checks read of it: one JSON string per document
 * (check_inputs, written by the indexer with the child rows), so a 36k-document site
 * costs one query and 36k parses, not an aggregation of ~1M child rows. Documents indexed
 * before check_inputs existed are read from the child tables into the same shape.
 * Columns no check reads on most rows (section source and skeleton; text and sentences of
 * paragraphs that are not English) are fetched on first access.
 */
export function loadSite(db: Db, layout: Layout, staleBase?: SiteLookups['staleBase']): LoadedSite {
  const source = layout.sourceLocale;
  const documents = new Map<string, Map<string, CheckDocument>>();
  const sectionLookup = db.prepare('SELECT source, skeleton_json FROM sections WHERE document_id = ? AND ordinal = ?').raw();
  const paragraphLookup = db.prepare('SELECT text, sentences_json FROM paragraphs WHERE document_id = ? AND ordinal = ?').raw();
  const liquidLookup = db.prepare('SELECT raw FROM liquid_refs WHERE document_id = ? AND ordinal = ?').pluck();
  // English paragraph hashes: a translated paragraph equal to one of them is a finding whatever its language.
  // English pages load first, so each translation's paragraphs can be matched as it loads.
  const englishHashes = new Set<string>();
  // A translated paragraph equal to an English one, fetched whole (its check input names it by ordinal and hash only).
  const paragraphRow = db.prepare(`SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs WHERE document_id = ? AND ordinal = ?`).raw();
  const attach = (doc: CheckDocument, [sections, links, liquid, paragraphs, others, languages, fields]: CheckInput) => {
    const id = doc.row.id;
    if (fields) doc.fieldLanguages = new Map(fields.map(([field, lang, confidence]) => [field, { lang, confidence }]));
    for (const r of sections) doc.sections.push(new LoadedSection(id, r, sectionLookup));
    for (const r of links) doc.links.push({ document_id: id, ordinal: r[0], section: r[1], target: r[2], kind: r[3], line: r[4], text: r[5] } as LinkRow);
    for (const r of liquid)
      doc.liquid.push(
        r[5] === null
          ? new LoadedLiquidRef(id, r, liquidLookup)
          : ({ document_id: id, ordinal: r[0], section: r[1], kind: r[2], name: r[3], line: r[4], raw: r[5] } as LiquidRefRow),
      );
    for (const r of paragraphs) doc.paragraphs.push(new LoadedParagraph(id, r, paragraphLookup));
    if (doc.row.locale === source) {
      for (const r of paragraphs) englishHashes.add(r[5] as string);
      return;
    }
    // Of a translation: its paragraphs that are or hold English, and those equal to an English one.
    if (others) {
      const pairs = others.split(' ');
      let added = false;
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        if (!englishHashes.has(pairs[i + 1]!)) continue;
        const row = paragraphRow.get(id, Number(pairs[i])) as unknown[] | undefined;
        if (row) (doc.paragraphs.push(new LoadedParagraph(id, row, paragraphLookup)), (added = true));
      }
      if (added) doc.paragraphs.sort((x, y) => x.ordinal - y.ordinal);
    }
    doc.paragraphLanguages = new Set(languages ?? paragraphs.map((r) => r[6] as string).filter((l) => l !== null));
  };

  // Documents indexed before check_inputs existed: their input built from the child tables.
  const unpacked = db.prepare(`SELECT 1 FROM documents d WHERE ${WITHOUT_INPUT} LIMIT 1`).pluck().get() ? checkInputsFromChildRows(db, source) : null;
  // Only what the checks read of a document row (CheckDocumentRow); frontmatter is parsed, not kept as text.
  const columns = 'd.id, d.locale, d.key, d.kind, d.path, d.parse_error, d.frontmatter_json, d.frontmatter_lines_json, c.json';
  const from = 'documents d LEFT JOIN check_inputs c ON c.document_id = d.id WHERE d.deleted_run IS NULL';
  const englishDocs = db.prepare(`SELECT ${columns} FROM ${from} AND d.locale = ?`).raw();
  const otherDocs = db.prepare(`SELECT ${columns} FROM ${from} AND d.locale <> ?`).raw();
  for (const stmt of [englishDocs, otherDocs]) {
    for (const r of stmt.iterate(source) as IterableIterator<unknown[]>) {
      const row: CheckDocumentRow = {
        id: r[0] as number,
        locale: r[1] as string,
        key: r[2] as string,
        kind: r[3] as CheckDocumentRow['kind'],
        path: r[4] as string,
        parse_error: r[5] as string | null,
      };
      const frontmatterJson = r[6] as string | null;
      const linesJson = r[7] as string;
      const doc: CheckDocument = {
        row,
        frontmatter: frontmatterJson ? (JSON.parse(frontmatterJson) as Record<string, unknown>) : null,
        frontmatterLines: linesJson === '{}' ? {} : (JSON.parse(linesJson) as Record<string, number>),
        sections: [],
        links: [],
        liquid: [],
        paragraphs: [],
      };
      let m = documents.get(row.locale);
      if (!m) documents.set(row.locale, (m = new Map()));
      m.set(row.key, doc);
      const input = r[8] !== null ? (JSON.parse(r[8] as string) as CheckInput) : (unpacked?.get(row.id) ?? EMPTY_INPUT);
      attach(doc, input);
    }
  }

  const redirects = loadEnglishRedirects(db, source);
  // Redirect files of the translations (MDN): loaded when a check first asks for a locale.
  const localeRedirects = new Map<string, Map<string, string>>();
  const localeRedirect = (locale: string, fromKey: string): string | undefined => {
    let map = localeRedirects.get(locale);
    if (!map) localeRedirects.set(locale, (map = loadEnglishRedirects(db, locale)));
    return map.get(fromKey);
  };

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
  let oldest: Release | null | undefined;
  const oldestEnglishRelease = (): Release | null => {
    if (oldest === undefined) {
      const comparisons: { op: string; release: Release }[] = [];
      for (const doc of english.values()) {
        for (const ref of doc.liquid) if (ref.kind === 'condition') comparisons.push(...conditionReleases(normalizeCondition(ref.name)));
      }
      oldest = oldestDocumentedRelease(comparisons);
    }
    return oldest;
  };
  const lookups: SiteLookups = {
    layout,
    sourceLocale: source,
    english: (key) => english.get(key),
    document: (locale, key) => documents.get(locale)?.get(key),
    englishRedirect: (fromKey) => redirects.get(fromKey),
    englishRedirectRank: redirectRanks(redirects),
    // Only where each locale keeps a redirect file the site serves (MDN); GitHub Docs redirects come from English.
    ...(layout.readRedirects ? { localeRedirect } : {}),
    hasVariable: (name, locale) => variablesOf(locale ?? source).has(name),
    variablesNamed,
    oldestEnglishRelease,
    staleBase: (locale, key): StaleBase | undefined => staleBase?.(locale, key),
  };
  const locales = [...documents.keys()].filter((l) => l !== source).sort();
  return { lookups, documents, locales };
}

/** A locale's redirect entries (English's by default use), old key → new key; the first entry for an old key wins. */
/**
 * Where each old key's redirect entry stands among English's redirects, in the order the index
 * stored them (a page's `redirect_from` in its own order: later entries are later moves).
 */
export function redirectRanks(redirects: Map<string, string>): (fromKey: string) => number | undefined {
  let ranks: Map<string, number> | undefined;
  return (fromKey) => {
    if (!ranks) {
      ranks = new Map();
      let i = 0;
      for (const from of redirects.keys()) ranks.set(from, i++);
    }
    return ranks.get(fromKey);
  };
}

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

/**
 * The English key a translation filed under `key` is compared with: English's own page at
 * that key, else the page English moved it to (an English redirect from `key`) when that is
 * the same kind of document. The checks and the API pair translations with this one rule.
 */
export function pairedEnglishKey(
  key: string,
  kind: string,
  englishKindOf: (key: string) => string | undefined,
  englishRedirect: (fromKey: string) => string | undefined,
): string | undefined {
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

/** A check input's paragraph row in SQL: sentences only when there are none or some are English (documents.ts: carriedSentences). */
const PARAGRAPH_COLUMNS = CHECK_INPUT_COLUMNS.paragraphs.replace(
  'sentences_json',
  `CASE WHEN sentences_json = '[]' OR instr(sentences_json, '"lang":"en"') > 0 THEN sentences_json END`,
);

/** A live document `d` the indexer wrote no check input for. */
const WITHOUT_INPUT = 'd.deleted_run IS NULL AND NOT EXISTS (SELECT 1 FROM check_inputs c WHERE c.document_id = d.id)';

/** check_inputs.json, as db/repositories/documents.ts (CHECK_INPUT_COLUMNS) describes and writes it. */
type CheckInput = [unknown[][], unknown[][], unknown[][], unknown[][], string, string[], ([string, string | null, number][] | null)?];

/** A document with no child rows at all (no check input and nothing in the child tables). */
const EMPTY_INPUT: CheckInput = [[], [], [], [], '', []];

/**
 * The check input of every live document without one, built from the child tables (documents
 * indexed before check_inputs existed): one aggregation per table, grouped by document in SQLite.
 */
function checkInputsFromChildRows(db: Db, source: string): Map<number, CheckInput> {
  const out = new Map<number, CheckInput>();
  const inputOf = (id: number): CheckInput => {
    let input = out.get(id);
    if (!input) out.set(id, (input = [[], [], [], [], '', []]));
    return input;
  };
  const unpacked = `document_id IN (SELECT id FROM documents d WHERE ${WITHOUT_INPUT})`;
  const c = CHECK_INPUT_COLUMNS;
  const tables: [string, string][] = [
    ['sections', c.sections],
    ['links', c.links],
    ['liquid_refs', c.liquid],
  ];
  tables.forEach(([table, columns], slot) => {
    const stmt = db.prepare(`SELECT document_id, json_group_array(json_array(${columns})) FROM ${table} WHERE ${unpacked} GROUP BY document_id`).raw();
    for (const [id, json] of stmt.iterate() as IterableIterator<[number, string]>) inputOf(id)[slot] = sorted(JSON.parse(json) as unknown[][]);
  });
  // The same split as the indexer's (db/repositories/documents.ts: carriedParagraph, carriedSentences).
  const carried = `(document_id IN english OR lang = 'en' OR instr(sentences_json, '"lang":"en"') > 0)`;
  const paragraphs = db
    .prepare(
      `WITH english AS (SELECT id FROM documents WHERE locale = ?)
      SELECT document_id,
        json_group_array(json_array(${PARAGRAPH_COLUMNS})) FILTER (WHERE ${carried}),
        group_concat(ordinal || ' ' || text_hash, ' ') FILTER (WHERE NOT ${carried}),
        group_concat(DISTINCT lang)
      FROM paragraphs WHERE ${unpacked} GROUP BY document_id`,
    )
    .raw();
  for (const [id, json, others, languages] of paragraphs.iterate(source) as IterableIterator<[number, string, string | null, string | null]>) {
    const input = inputOf(id);
    input[3] = sorted(JSON.parse(json) as unknown[][]);
    input[4] = others ?? '';
    input[5] = languages ? languages.split(',') : [];
  }
  return out;
}

/** Rows in ordinal order: the primary key (document_id, ordinal) gives it; sort only if SQLite ever aggregates otherwise. */
function sorted(rows: unknown[][]): unknown[][] {
  return isSorted(rows) ? rows : rows.sort((x, y) => (x[0] as number) - (y[0] as number));
}

function isSorted(rows: unknown[][]): boolean {
  for (let i = 1; i < rows.length; i++) if ((rows[i]![0] as number) < (rows[i - 1]![0] as number)) return false;
  return true;
}

/**
 * A check-input row whose other columns stay in its table until first read (`rest()`).
 * Serialized (toJSON) with them, as the table has it.
 */
abstract class LazyRow {
  ordinal: number;

  constructor(
    public document_id: number,
    r: unknown[],
    private readonly lookup: Lookup,
  ) {
    this.ordinal = r[0] as number;
  }

  /** The row's other columns, read from its table. */
  protected rest<T>(): T {
    return this.lookup.get(this.document_id, this.ordinal) as T;
  }

  /** The loaded columns, without the lookup. */
  protected fields(): Record<string, unknown> {
    const { lookup: _lookup, ...fields } = this;
    return fields;
  }
}

/** A section whose source and skeleton (stale-translation, history) are read on first access. */
class LoadedSection extends LazyRow implements SectionRow {
  level: number;
  heading: string;
  anchor: string;
  line: number;
  end_line: number;
  text_hash: string;
  skeleton_hash: string;
  steps_json: string;
  #rest: [string, string] | undefined;

  constructor(document_id: number, r: unknown[], lookup: Lookup) {
    super(document_id, r, lookup);
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
    return (this.#rest ??= this.rest<[string, string]>())[0];
  }

  get skeleton_json(): string {
    return (this.#rest ??= this.rest<[string, string]>())[1];
  }

  toJSON(): SectionRow {
    return { ...this.fields(), source: this.source, skeleton_json: this.skeleton_json } as SectionRow;
  }
}

/** A Liquid reference whose raw text (which no check quotes for its kind) is read on first access. */
class LoadedLiquidRef extends LazyRow implements LiquidRefRow {
  section: number;
  kind: string;
  name: string;
  line: number;
  #raw: string | undefined;

  constructor(document_id: number, r: unknown[], lookup: Lookup) {
    super(document_id, r, lookup);
    this.section = r[1] as number;
    this.kind = r[2] as string;
    this.name = r[3] as string;
    this.line = r[4] as number;
  }

  get raw(): string {
    return (this.#raw ??= this.rest<string | undefined>() ?? '');
  }

  toJSON(): LiquidRefRow {
    return { ...this.fields(), raw: this.raw } as LiquidRefRow;
  }
}

/** A paragraph whose text and sentences are read on first access unless they are (or may be) English. */
class LoadedParagraph extends LazyRow implements ParagraphRow {
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

  constructor(document_id: number, r: unknown[], lookup: Lookup) {
    super(document_id, r, lookup);
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
    const [text, sentences] = this.rest<[string, string]>();
    this.#text = text;
    this.#sentences = sentences;
  }

  /** False when loaded without sentences: it has some, and none was detected as English. */
  get loadedWithSentences(): boolean {
    return this.#withSentences;
  }

  toJSON(): ParagraphRow {
    return { ...this.fields(), text: this.text, sentences_json: this.sentences_json } as ParagraphRow;
  }
}

/**
 * False when the paragraph is known to have sentences and none detected as English, so
 * english-fallback can skip it without loading its sentences.
 */
export function mayHoldEnglishSentences(p: ParagraphRow): boolean {
  return !(p instanceof LoadedParagraph) || p.loadedWithSentences;
}
