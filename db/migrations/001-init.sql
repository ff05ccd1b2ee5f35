-- Index runs: one row per `l10n-drift index`; a run is 'running' until its
-- single write transaction commits, so readers only ever see complete runs.
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  started_at      TEXT    NOT NULL,
  finished_at     TEXT,
  status          TEXT    NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
  files_seen      INTEGER NOT NULL DEFAULT 0,
  files_parsed    INTEGER NOT NULL DEFAULT 0,
  files_unchanged INTEGER NOT NULL DEFAULT 0,
  files_added     INTEGER NOT NULL DEFAULT 0,
  files_deleted   INTEGER NOT NULL DEFAULT 0,
  parse_errors    INTEGER NOT NULL DEFAULT 0,
  duration_ms     INTEGER,
  source_commit   TEXT,
  error           TEXT,
  pid             INTEGER
);

-- One row per file ever seen. kind: page | reusable | variables.
-- Deleted files keep their row (deleted_run set) so history and findings can name them.
CREATE TABLE documents (
  id               INTEGER PRIMARY KEY,
  locale           TEXT    NOT NULL,
  key              TEXT    NOT NULL,
  kind             TEXT    NOT NULL CHECK (kind IN ('page', 'reusable', 'variables')),
  path             TEXT    NOT NULL,
  content_hash     TEXT    NOT NULL,
  size             INTEGER NOT NULL,
  mtime_ms         REAL    NOT NULL,
  title            TEXT,
  frontmatter_json TEXT,
  frontmatter_lines_json TEXT NOT NULL DEFAULT '{}',
  body_line        INTEGER NOT NULL DEFAULT 1,
  parse_error      TEXT,
  first_seen_run   INTEGER NOT NULL REFERENCES runs(id),
  changed_run      INTEGER NOT NULL REFERENCES runs(id),
  deleted_run      INTEGER REFERENCES runs(id),
  UNIQUE (locale, key)
);
CREATE INDEX documents_locale_kind ON documents(locale, kind) WHERE deleted_run IS NULL;
CREATE INDEX documents_path ON documents(path);

-- Every version of an English document's sections, recorded when its content changes;
-- stale detection reads the English version a translation was made from here.
CREATE TABLE document_versions (
  document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  content_hash  TEXT    NOT NULL,
  sections_json TEXT    NOT NULL,
  PRIMARY KEY (document_id, run_id)
);

-- Child tables of documents are plain rowid tables appended in document order:
-- rows carry text, which WITHOUT ROWID B-trees store poorly, and inserts stay sequential.
CREATE TABLE sections (
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
);
CREATE INDEX sections_document ON sections(document_id, ordinal);

CREATE TABLE links (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal     INTEGER NOT NULL,
  section     INTEGER NOT NULL,
  target      TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  line        INTEGER NOT NULL,
  text        TEXT    NOT NULL
);
CREATE INDEX links_document ON links(document_id, ordinal);

CREATE TABLE liquid_refs (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal     INTEGER NOT NULL,
  section     INTEGER NOT NULL,
  kind        TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  line        INTEGER NOT NULL,
  raw         TEXT    NOT NULL
);
CREATE INDEX liquid_refs_document ON liquid_refs(document_id, ordinal);

CREATE TABLE paragraphs (
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
);
CREATE INDEX paragraphs_document ON paragraphs(document_id, ordinal);

CREATE TABLE redirects (
  locale      TEXT    NOT NULL,
  from_key    TEXT    NOT NULL,
  to_key      TEXT    NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX redirects_from ON redirects(locale, from_key);
CREATE INDEX redirects_document ON redirects(document_id);
