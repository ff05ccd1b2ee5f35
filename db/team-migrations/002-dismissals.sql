-- A finding a translator or manager dismissed: keyed by the finding's fingerprint AND the
-- digest of what it showed when dismissed (findings.digest of the index file), so it
-- outlives re-index runs and stops applying when the finding's content changes. Undoing
-- keeps the row (undone_at) so that the weekly report can list the week's dismissals.
CREATE TABLE team.dismissals (
  id          INTEGER PRIMARY KEY,
  fingerprint TEXT    NOT NULL,
  digest      TEXT    NOT NULL,
  locale      TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  check_id    TEXT    NOT NULL,
  kind        TEXT    NOT NULL CHECK (kind IN ('false-alarm', 'wont-fix', 'later')),
  reason      TEXT    NOT NULL CHECK (length(reason) > 0),
  user_id     INTEGER REFERENCES users(id),
  by_name     TEXT    NOT NULL,
  created_at  TEXT    NOT NULL,
  undone_at   TEXT,
  undone_by   TEXT
);
-- One standing dismissal per fingerprint; the open-count filter looks them up by fingerprint.
CREATE UNIQUE INDEX team.dismissals_one_active ON dismissals(fingerprint) WHERE undone_at IS NULL;
CREATE INDEX team.dismissals_created ON dismissals(created_at);
