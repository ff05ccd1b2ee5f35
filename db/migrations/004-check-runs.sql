-- One row per run whose checks have completed, so readers can tell "no findings"
-- from "checks not run yet" (e.g. after `l10n-drift index --no-checks`).
CREATE TABLE check_runs (
  run_id      INTEGER PRIMARY KEY REFERENCES runs(id),
  finished_at TEXT    NOT NULL,
  duration_ms INTEGER NOT NULL,
  checks      TEXT    NOT NULL,
  open_count  INTEGER NOT NULL,
  new_count   INTEGER NOT NULL,
  resolved_count INTEGER NOT NULL
);
