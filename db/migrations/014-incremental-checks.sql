-- Incremental check runs (server/run-checks.ts). A unit is what one locale's findings under one
-- key come from (server/checks/run.ts: CheckPlan); each records its shape (the documents its
-- checks are given and which checks run) and the dependency keys its checks read
-- (server/checks/lib/dependencies.ts). A run re-checks only the units whose shape changed or
-- that read a key that changed since the last check run, and carries the other findings over.
ALTER TABLE check_runs ADD COLUMN inputs_digest TEXT;   -- check and parser code, config, layout, enabled checks: a run with another digest is full
ALTER TABLE check_runs ADD COLUMN units INTEGER;        -- units in the run
ALTER TABLE check_runs ADD COLUMN rechecked INTEGER;    -- units the run checked (all of them in a full run)

CREATE TABLE check_units (
  id     INTEGER PRIMARY KEY,
  locale TEXT NOT NULL,
  key    TEXT NOT NULL,
  shape  TEXT NOT NULL,
  reads  TEXT NOT NULL,               -- ids of check_read_keys, comma-separated
  UNIQUE (locale, key)
);

CREATE TABLE check_read_keys (
  id  INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE             -- `doc:ja-JP:get-started/quickstart`, `redirect:en:…`, `oldest` …
);

CREATE TABLE check_reads (
  key_id  INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  PRIMARY KEY (key_id, unit_id)
) WITHOUT ROWID;

-- Site-wide inputs as the last check run saw them, to tell which changed.
CREATE TABLE check_state (
  name  TEXT PRIMARY KEY,             -- `run` (the check run the units are of), `english-paragraphs`, `oldest`
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE check_redirects (
  locale   TEXT NOT NULL,
  from_key TEXT NOT NULL,
  to_key   TEXT NOT NULL,
  PRIMARY KEY (locale, from_key)
) WITHOUT ROWID;

CREATE TABLE check_bases (
  locale TEXT NOT NULL,
  key    TEXT NOT NULL,
  digest TEXT NOT NULL,
  PRIMARY KEY (locale, key)
) WITHOUT ROWID;
