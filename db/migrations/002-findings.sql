-- Findings live from the run that first saw them (first_run) until the run that no
-- longer does (resolved_run); last_run is the latest run that still saw them.
-- A fingerprint identifies "the same problem" across runs and unrelated edits.
CREATE TABLE findings (
  id           INTEGER PRIMARY KEY,
  fingerprint  TEXT    NOT NULL,
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  locale       TEXT    NOT NULL,
  key          TEXT    NOT NULL,
  path         TEXT,
  check_id     TEXT    NOT NULL,
  message_id   TEXT    NOT NULL,
  severity     TEXT    NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  message      TEXT    NOT NULL,
  data_json    TEXT    NOT NULL DEFAULT '{}',
  line         INTEGER,
  section      INTEGER,
  first_run    INTEGER NOT NULL REFERENCES runs(id),
  last_run     INTEGER NOT NULL REFERENCES runs(id),
  resolved_run INTEGER REFERENCES runs(id)
);
-- At most one open finding per fingerprint.
CREATE UNIQUE INDEX findings_open_fingerprint ON findings(fingerprint) WHERE resolved_run IS NULL;
CREATE INDEX findings_open_locale ON findings(locale, check_id, severity) WHERE resolved_run IS NULL;
CREATE INDEX findings_article ON findings(locale, key);
CREATE INDEX findings_resolved ON findings(resolved_run) WHERE resolved_run IS NOT NULL;
CREATE INDEX findings_first ON findings(first_run);

-- Per-run totals for trends (overview sparklines, weekly report).
CREATE TABLE locale_stats (
  run_id   INTEGER NOT NULL REFERENCES runs(id),
  locale   TEXT    NOT NULL,
  check_id TEXT    NOT NULL,
  severity TEXT    NOT NULL,
  count    INTEGER NOT NULL,
  PRIMARY KEY (run_id, locale, check_id, severity)
) WITHOUT ROWID;
