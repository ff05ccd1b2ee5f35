-- Incremental history: the first-parent git log stale detection read at the last run, per
-- repository folder and pathspecs, with the HEAD it was read at. A run whose HEAD did not move
-- reads no git log at all; after new commits only `git log <head>..HEAD` is read and put in
-- front. `log` is git's own output (`log -z --raw`), deflated: parsed the way a fresh read is.
CREATE TABLE history_logs (
  top       TEXT NOT NULL,
  pathspecs TEXT NOT NULL,
  head      TEXT NOT NULL,
  log       BLOB NOT NULL,
  PRIMARY KEY (top, pathspecs)
);
