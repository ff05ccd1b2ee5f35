// Brings a database made by any earlier release to today's schema. Two released migrations
// were changed after they had been applied, and the runner never re-applies a recorded one:
//  - 001-init.sql (edited in d766dbb): databases created before it have sections, links,
//    liquid_refs and paragraphs as WITHOUT ROWID tables keyed by (document_id, ordinal),
//    and an index links_target;
//  - 007 (4a180fe: 007-document-check-input.sql added documents.check_json; 360b4a8 replaced
//    it with 007-check-inputs.sql): those databases lack check_inputs and keep the column.
// Each step looks at the schema first, so on a database that is already current it does nothing.
import type { Db } from '../index.ts';

/** The child tables as 001-init.sql creates them today (plain rowid tables, appended in document order). */
const CHILD_TABLES: Record<string, { create: string; index: string }> = {
  sections: {
    create: `CREATE TABLE sections (
  document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal       INTEGER NOT NULL,
  level         INTEGER NOT NULL,
  heading       TEXT    NOT NULL,
  anchor        TEXT    NOT NULL,
  line          INTEGER NOT NULL,
  end_line      INTEGER NOT NULL,
  text_hash     TEXT    NOT NULL,
  skeleton_hash TEXT    NOT NULL,
  skeleton_json TEXT    NOT NULL,
  steps_json    TEXT    NOT NULL,
  source        TEXT    NOT NULL
)`,
    index: 'CREATE INDEX sections_document ON sections(document_id, ordinal)',
  },
  links: {
    create: `CREATE TABLE links (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal     INTEGER NOT NULL,
  section     INTEGER NOT NULL,
  target      TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  line        INTEGER NOT NULL,
  text        TEXT    NOT NULL
)`,
    index: 'CREATE INDEX links_document ON links(document_id, ordinal)',
  },
  liquid_refs: {
    create: `CREATE TABLE liquid_refs (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal     INTEGER NOT NULL,
  section     INTEGER NOT NULL,
  kind        TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  line        INTEGER NOT NULL,
  raw         TEXT    NOT NULL
)`,
    index: 'CREATE INDEX liquid_refs_document ON liquid_refs(document_id, ordinal)',
  },
  paragraphs: {
    create: `CREATE TABLE paragraphs (
  document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal        INTEGER NOT NULL,
  section        INTEGER NOT NULL,
  kind           TEXT    NOT NULL,
  line           INTEGER NOT NULL,
  end_line       INTEGER NOT NULL,
  text           TEXT    NOT NULL,
  text_hash      TEXT    NOT NULL,
  lang           TEXT,
  confidence     REAL    NOT NULL,
  sentences_json TEXT    NOT NULL
)`,
    index: 'CREATE INDEX paragraphs_document ON paragraphs(document_id, ordinal)',
  },
};

const hasColumn = (db: Db, table: string, column: string): boolean => (db.pragma(`table_info(${table})`) as { name: string }[]).some((c) => c.name === column);

export function up(db: Db): void {
  for (const [table, { create, index }] of Object.entries(CHILD_TABLES)) {
    // pragma index_list names the WITHOUT ROWID primary key 'pk'; a rowid table has none.
    const withoutRowid = (db.pragma(`index_list(${table})`) as { origin: string }[]).some((i) => i.origin === 'pk');
    if (!withoutRowid) continue;
    // The old table moves aside (its key and indexes go with it) and its rows are copied in
    // document order; renaming the new table instead would store its name quoted in the schema.
    db.exec(`ALTER TABLE ${table} RENAME TO ${table}_without_rowid;
      ${create};
      INSERT INTO ${table} SELECT * FROM ${table}_without_rowid ORDER BY document_id, ordinal;
      DROP TABLE ${table}_without_rowid;
      ${index};`);
  }
  db.exec('DROP INDEX IF EXISTS links_target');

  db.exec(`CREATE TABLE IF NOT EXISTS check_inputs (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id),
  json        TEXT    NOT NULL
)`);
  // Its old-format inputs are not read any more: documents without a check_inputs row are read from their child tables.
  if (hasColumn(db, 'documents', 'check_json')) db.exec('ALTER TABLE documents DROP COLUMN check_json');
}
