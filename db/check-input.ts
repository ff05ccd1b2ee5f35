/**
 * check_inputs.json: what the checks read of one document, written by the indexer with its
 * child rows (db/repositories/documents.ts) and read back into typed rows here, in one
 * place, so no reader indexes into an untyped array. It is the only store of a document's
 * links and Liquid references (migration 023). No SQL: the rows and columns a check input
 * leaves out are read on first access through a ChildRows source (SQLite for the index,
 * memory for the check test harness).
 *
 * Version 1 (the only one) is a positional array, compact because a large site stores 36k of
 * them: [sections, links, liquid refs, paragraphs, other paragraphs, paragraph languages,
 * field languages], each row a tuple typed below. A Liquid reference's `raw` is null for the
 * kinds no check quotes (LAZY_RAW; every reference's raw text is in check_inputs.liquid_raw). Paragraphs are the ones english-fallback may flag by
 * their own data: all of an English page, and of a translation those that are or hold
 * English; the others, which it flags only when they equal an English paragraph, come as one
 * string of "ordinal text_hash" pairs. Field languages: [field, lang, confidence] per
 * translated frontmatter field of a translated page, null elsewhere (absent from rows written
 * before it existed). A later version must be a JSON object with a numeric `v`; a shape this
 * module does not know is an error, never read as empty.
 */
import type { ParsedDocument } from '../server/indexer/types.ts';
import type { CheckDocument, CheckParagraph, LinkRow, LiquidRefRow, SectionRow } from '../server/shared/documents.ts';
import { holdsEnglishSentence } from '../server/shared/sentences.ts';

export const CHECK_INPUT_VERSION = 1;

export type SectionTuple = [
  ordinal: number,
  level: number,
  heading: string,
  anchor: string,
  line: number,
  endLine: number,
  textHash: string,
  skeletonHash: string,
  stepsJson: string,
];
export type LinkTuple = [ordinal: number, section: number, target: string, kind: string, line: number, text: string];
export type LiquidTuple = [ordinal: number, section: number, kind: string, name: string, line: number, raw: string | null];
export type ParagraphTuple = [
  ordinal: number,
  section: number,
  kind: string,
  line: number,
  endLine: number,
  textHash: string,
  lang: string | null,
  confidence: number,
  text: string | null,
  /** Null when left out: the paragraph has sentences and none is English. */
  sentencesJson: string | null,
];
export type FieldLanguageTuple = [field: string, lang: string | null, confidence: number];

export type CheckInput = [
  sections: SectionTuple[],
  links: LinkTuple[],
  liquid: LiquidTuple[],
  paragraphs: ParagraphTuple[],
  others: string,
  languages: string[],
  fields?: FieldLanguageTuple[] | null,
];

/** The columns of a paragraph tuple in SQL (a translated paragraph equal to an English one is fetched by them). */
export const PARAGRAPH_TUPLE_COLUMNS = 'ordinal, section, kind, line, end_line, text_hash, lang, confidence, text, sentences_json';

/** A document with no child rows at all (no check input: a deleted one). */
export function emptyCheckInput(): CheckInput {
  return [[], [], [], [], '', []];
}

/** True for the paragraphs a check input carries whole (migration 023 says the same in SQL). */
export function carriedParagraph(isEnglishPage: boolean, lang: string | null, sentencesJson: string): boolean {
  return isEnglishPage || lang === 'en' || holdsEnglishSentence(sentencesJson);
}

/** Sentences are carried when there are none (the paragraph is judged whole) or some are English. */
export function carriedSentences(sentencesJson: string): boolean {
  return sentencesJson === '[]' || holdsEnglishSentence(sentencesJson);
}

/** Liquid reference kinds whose raw text a check input leaves to check_inputs.liquid_raw (no check quotes it). */
const LAZY_RAW = new Set(['reusable', 'variable', 'data', 'condition']);

/** The check input of a parsed document (`steps`, `sentences`: its sections' steps as JSON and its paragraphs' sentences as stored, server/shared/sentences.ts). */
export function encodeCheckInput(parsed: ParsedDocument, steps: string[], sentences: string[], isEnglishPage: boolean): string {
  const carried: ParagraphTuple[] = [];
  const others: string[] = [];
  const languages = new Set<string>();
  parsed.paragraphs.forEach((x, i) => {
    if (x.lang !== null) languages.add(x.lang);
    if (!carriedParagraph(isEnglishPage, x.lang, sentences[i]!)) others.push(`${x.ordinal} ${x.textHash}`);
    else
      carried.push([
        x.ordinal,
        x.section,
        x.kind,
        x.line,
        x.endLine,
        x.textHash,
        x.lang,
        x.confidence,
        x.text,
        carriedSentences(sentences[i]!) ? sentences[i]! : null,
      ]);
  });
  const input: CheckInput = [
    parsed.sections.map((x, i): SectionTuple => [x.ordinal, x.level, x.heading, x.anchor, x.line, x.endLine, x.textHash, x.skeletonHash, steps[i]!]),
    parsed.links.map((x): LinkTuple => [x.ordinal, x.section, x.target, x.kind, x.line, x.text]),
    // The raw text of references no check quotes (most of them: reusables, variables, conditions) is read on access.
    parsed.liquid.map((x): LiquidTuple => [x.ordinal, x.section, x.kind, x.name, x.line, LAZY_RAW.has(x.kind) ? null : x.raw]),
    carried,
    others.join(' '),
    [...languages],
    // Translated pages: the language of each translated frontmatter field, as [field, lang, confidence].
    parsed.fieldLanguages ? Object.entries(parsed.fieldLanguages).map(([field, d]): FieldLanguageTuple => [field, d.lang, d.confidence]) : null,
  ];
  return JSON.stringify(input);
}

/** check_inputs.json as written by encodeCheckInput; an unknown version or shape is an error. */
export function parseCheckInput(json: string): CheckInput {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) {
    const v = value && typeof value === 'object' && 'v' in value ? String(value.v) : 'none';
    throw new Error(
      `check input of version ${v}: this build reads version ${CHECK_INPUT_VERSION}; run \`l10n-drift index --reparse\` to store every document again`,
    );
  }
  if (value.length < 6 || !value.slice(0, 4).every(Array.isArray) || typeof value[4] !== 'string' || !Array.isArray(value[5]))
    throw new Error('check input is not a version 1 array: run `l10n-drift index --reparse` to store every document again');
  return value as CheckInput;
}

/** One list of a check input as SQLite cut it out (`json -> '$[1]'`): an array, or the input is not version 1. */
export function checkInputPart(json: string | null, what: string): unknown[] {
  const value: unknown = json === null ? null : JSON.parse(json);
  if (!Array.isArray(value))
    throw new Error(`check input without its ${what} (not a version 1 array): run \`l10n-drift index --reparse\` to store every document again`);
  return value;
}

/** Where the rows and columns a check input leaves out are read on first access. */
export interface ChildRows {
  /** A section's source. */
  sectionSource(documentId: number, ordinal: number): string;
  /** A paragraph's text and sentences JSON. */
  paragraphRest(documentId: number, ordinal: number): [text: string, sentencesJson: string];
  /** A Liquid reference's raw text. */
  liquidRaw(documentId: number, ordinal: number): string | undefined;
  /** A paragraph of a translation the input names by ordinal and hash only (sentences as a check input carries them). */
  paragraph(documentId: number, ordinal: number): ParagraphTuple | undefined;
}

/** English's paragraph hashes as decoding reads and extends them: a Set, or a lookup in the index (db/repositories/check-documents.ts). */
export type EnglishHashes = Pick<Set<string>, 'has' | 'add'>;

/**
 * Fills `doc`'s sections, links, Liquid references, paragraphs and languages from its check
 * input. English documents must be decoded first, with the same `englishHashes` set: a
 * translated paragraph equal to an English one is loaded whole (english-fallback flags it
 * whatever its language).
 */
export function decodeCheckInput(doc: CheckDocument, input: CheckInput, isSource: boolean, englishHashes: EnglishHashes, rows: ChildRows): void {
  const [sections, links, liquid, paragraphs, others, languages, fields] = input;
  const id = doc.row.id;
  if (fields) doc.fieldLanguages = new Map(fields.map(([field, lang, confidence]) => [field, { lang, confidence }]));
  for (const r of sections) doc.sections.push(new LoadedSection(id, r, rows));
  for (const link of linkRows(id, links)) doc.links.push(link);
  for (const r of liquid) {
    const [ordinal, section, kind, name, line, raw] = r;
    doc.liquid.push(raw === null ? new LoadedLiquidRef(id, r, rows) : ({ document_id: id, ordinal, section, kind, name, line, raw } satisfies LiquidRefRow));
  }
  for (const r of paragraphs) doc.paragraphs.push(new LoadedParagraph(id, r, rows));
  if (isSource) {
    for (const r of paragraphs) englishHashes.add(r[5]);
    return;
  }
  // Of a translation: its paragraphs that are or hold English, and those equal to an English one.
  if (others) {
    const pairs = others.split(' ');
    let added = false;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      if (!englishHashes.has(pairs[i + 1]!)) continue;
      const row = rows.paragraph(id, Number(pairs[i]));
      if (row) (doc.paragraphs.push(new LoadedParagraph(id, row, rows)), (added = true));
    }
    if (added) doc.paragraphs.sort((x, y) => x.ordinal - y.ordinal);
  }
  doc.paragraphLanguages = new Set(languages ?? paragraphs.map((r) => r[6]).filter((l) => l !== null));
}

/** A check input's links as rows. */
export function linkRows(documentId: number, links: LinkTuple[]): LinkRow[] {
  return links.map(([ordinal, section, target, kind, line, text]) => ({ document_id: documentId, ordinal, section, target, kind, line, text }));
}

/** A check input's Liquid references as rows, their raw text from check_inputs.liquid_raw (`raws`, by ordinal) where the input leaves it out. */
export function liquidRows(documentId: number, liquid: LiquidTuple[], raws: readonly string[]): LiquidRefRow[] {
  return liquid.map(([ordinal, section, kind, name, line, raw]) => ({
    document_id: documentId,
    ordinal,
    section,
    kind,
    name,
    line,
    raw: raw ?? raws[ordinal] ?? '',
  }));
}

/** A section whose source (stale-translation, history) is read on first access. */
class LoadedSection implements SectionRow {
  document_id: number;
  ordinal: number;
  level: number;
  heading: string;
  anchor: string;
  line: number;
  end_line: number;
  text_hash: string;
  skeleton_hash: string;
  steps_json: string;
  readonly #rows: ChildRows;
  #source: string | undefined;

  constructor(documentId: number, r: SectionTuple, rows: ChildRows) {
    this.document_id = documentId;
    [this.ordinal, this.level, this.heading, this.anchor, this.line, this.end_line, this.text_hash, this.skeleton_hash, this.steps_json] = r;
    this.#rows = rows;
  }

  get source(): string {
    return (this.#source ??= this.#rows.sectionSource(this.document_id, this.ordinal));
  }

  /** Serialized with the columns read on access, as the table has it. */
  toJSON(): SectionRow {
    return { ...this, source: this.source };
  }
}

/** A Liquid reference whose raw text (which no check quotes for its kind) is read on first access. */
class LoadedLiquidRef implements LiquidRefRow {
  document_id: number;
  ordinal: number;
  section: number;
  kind: string;
  name: string;
  line: number;
  readonly #rows: ChildRows;
  #raw: string | undefined;

  constructor(documentId: number, r: LiquidTuple, rows: ChildRows) {
    this.document_id = documentId;
    [this.ordinal, this.section, this.kind, this.name, this.line] = r;
    this.#rows = rows;
  }

  get raw(): string {
    return (this.#raw ??= this.#rows.liquidRaw(this.document_id, this.ordinal) ?? '');
  }

  toJSON(): LiquidRefRow {
    return { ...this, raw: this.raw };
  }
}

/** A paragraph whose text and sentences are read on first access unless they are (or may be) English. */
class LoadedParagraph implements CheckParagraph {
  document_id: number;
  ordinal: number;
  section: number;
  kind: string;
  line: number;
  end_line: number;
  text_hash: string;
  lang: string | null;
  confidence: number;
  readonly sentencesOmitted: boolean;
  readonly #rows: ChildRows;
  #text: string | null;
  #sentences: string | null;

  constructor(documentId: number, r: ParagraphTuple, rows: ChildRows) {
    this.document_id = documentId;
    [this.ordinal, this.section, this.kind, this.line, this.end_line, this.text_hash, this.lang, this.confidence, this.#text, this.#sentences] = r;
    this.sentencesOmitted = this.#sentences === null;
    this.#rows = rows;
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
    [this.#text, this.#sentences] = this.#rows.paragraphRest(this.document_id, this.ordinal);
  }

  toJSON(): CheckParagraph {
    const { sentencesOmitted: _omitted, ...fields } = this;
    return { ...fields, text: this.text, sentences_json: this.sentences_json };
  }
}
