-- Which translations stale detection found a usable base for (the English version the
-- translation was made from), as of the latest check run that resolved bases. Without it a
-- translation with no stale finding could be up to date or of unknown base: the coverage
-- model (server/coverage/model.ts) counts the second as "base unknown", never as up to date.
CREATE TABLE translation_bases (
  locale  TEXT    NOT NULL,
  key     TEXT    NOT NULL,
  source  TEXT    NOT NULL,
  ref     TEXT,
  run_id  INTEGER NOT NULL REFERENCES runs(id),
  PRIMARY KEY (locale, key)
) WITHOUT ROWID;
