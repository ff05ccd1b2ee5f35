// A document's links and Liquid references live in its check input only (issue 18). The indexer
// wrote each of them twice, as a row of `links` or `liquid_refs` and as a tuple of the check input,
// and nothing read the rows but the API's article detail, which reads one document: ~500k rows of a
// cold index of the GitHub Docs snapshot (331k references, 169k links), 0.6–0.9 s of its CPU and 57
// MB of its 454 MB file. What a check input leaves out of a reference (the raw text of reusables,
// variables, data and conditions, which no check quotes) moves to `check_inputs.liquid_raw`: every
// reference's raw text, by ordinal, as a JSON array.
//
// A live document indexed before check inputs existed (release 08 and older) gets its input here,
// built from the child tables as the checks read it until now: from this migration on, every live
// document has one, and the checks read nothing else.
import type { Db } from '../index.ts';

export function up(db: Db): void {
  const columns = db.pragma('main.table_info(check_inputs)') as { name: string }[];
  if (!columns.some((c) => c.name === 'liquid_raw')) db.exec("ALTER TABLE main.check_inputs ADD COLUMN liquid_raw TEXT NOT NULL DEFAULT '[]'");
  const tables = new Set(db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  if (!tables.has('links') || !tables.has('liquid_refs')) return;
  insertMissingInputs(db);
  db.exec(`UPDATE main.check_inputs SET liquid_raw = (
      SELECT json_group_array(raw ORDER BY ordinal) FROM main.liquid_refs l WHERE l.document_id = check_inputs.document_id)
    WHERE EXISTS (SELECT 1 FROM main.liquid_refs l WHERE l.document_id = check_inputs.document_id)`);
  db.exec('DROP TABLE main.links; DROP TABLE main.liquid_refs;');
}

/** A live document without a check input. */
const WITHOUT_INPUT = 'd.deleted_run IS NULL AND NOT EXISTS (SELECT 1 FROM main.check_inputs c WHERE c.document_id = d.id)';

/**
 * The check input (db/check-input.ts, version 1) of every live document without one, from its
 * child rows as the checks' loader built it before this migration: one aggregation per table.
 */
function insertMissingInputs(db: Db): void {
  if (db.prepare(`SELECT 1 FROM main.documents d WHERE ${WITHOUT_INPUT} LIMIT 1`).get() === undefined) return;
  const source = sourceLocale(db);
  type Input = [unknown[], unknown[], unknown[], unknown[], string, string[]];
  const inputs = new Map<number, Input>();
  for (const id of db.prepare(`SELECT id FROM main.documents d WHERE ${WITHOUT_INPUT}`).pluck().all() as number[]) inputs.set(id, [[], [], [], [], '', []]);
  const unpacked = `document_id IN (SELECT id FROM main.documents d WHERE ${WITHOUT_INPUT})`;
  const grouped = (table: string, columns: string) =>
    db
      .prepare(`SELECT document_id, json_group_array(json_array(${columns}) ORDER BY ordinal) FROM main.${table} WHERE ${unpacked} GROUP BY document_id`)
      .raw()
      .iterate() as IterableIterator<[number, string]>;
  for (const [id, json] of grouped('sections', 'ordinal, level, heading, anchor, line, end_line, text_hash, skeleton_hash, steps_json'))
    inputs.get(id)![0] = JSON.parse(json) as unknown[];
  for (const [id, json] of grouped('links', 'ordinal, section, target, kind, line, text')) inputs.get(id)![1] = JSON.parse(json) as unknown[];
  for (const [id, json] of grouped('liquid_refs', 'ordinal, section, kind, name, line, raw')) inputs.get(id)![2] = JSON.parse(json) as unknown[];
  // Paragraphs carried whole: all of an English page's, a translation's that are or hold English
  // (sentences only when there are none or some are English); the others by ordinal and hash. A
  // sentence is English as server/shared/sentences.ts stores it (written out here: a migration's
  // behaviour is its text, which its pinned hash covers).
  const english = `(instr(sentences_json, ',"en",') > 0 OR instr(sentences_json, '"lang":"en"') > 0)`;
  const carried = `(document_id IN english OR lang = 'en' OR ${english})`;
  const paragraphColumns = `ordinal, section, kind, line, end_line, text_hash, lang, confidence, text,
    CASE WHEN sentences_json = '[]' OR ${english} THEN sentences_json END`;
  const paragraphs = db.prepare(
    `WITH english AS (SELECT id FROM main.documents WHERE locale = ?)
    SELECT document_id,
      json_group_array(json_array(${paragraphColumns}) ORDER BY ordinal) FILTER (WHERE ${carried}),
      group_concat(ordinal || ' ' || text_hash, ' ' ORDER BY ordinal) FILTER (WHERE NOT ${carried}),
      group_concat(DISTINCT lang)
    FROM main.paragraphs WHERE ${unpacked} GROUP BY document_id`,
  );
  for (const [id, json, others, languages] of paragraphs.raw().iterate(source) as IterableIterator<[number, string, string | null, string | null]>) {
    const input = inputs.get(id)!;
    input[3] = JSON.parse(json) as unknown[];
    input[4] = others ?? '';
    input[5] = languages ? languages.split(',') : [];
  }
  const insert = db.prepare('INSERT INTO main.check_inputs (document_id, json) VALUES (?, ?)');
  for (const [id, input] of inputs) insert.run(id, JSON.stringify(input));
}

/**
 * The site's source locale as the checks' loader took it from the configuration, which is not at
 * hand in a migration: the locale of the documents that have versions (only the source locale's
 * pages record them), else `en` (an index without one: GitHub Docs, the only layout of the
 * releases that wrote no check inputs).
 */
function sourceLocale(db: Db): string {
  const row = db.prepare('SELECT d.locale FROM main.document_versions v JOIN main.documents d ON d.id = v.document_id LIMIT 1').pluck().get();
  return typeof row === 'string' ? row : 'en';
}
