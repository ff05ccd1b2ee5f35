-- What a link resolution reads of another page (server/checks/lib/site.ts `entry`: is a live
-- document there, its kind, its path) as the last check run saw it, per document. An edited page
-- whose entry is unchanged changes only its `doc:` key, not its `exists:` key: the pairs that
-- only link to it are not re-checked (server/run-checks.ts compares the changed documents' rows
-- with these before replacing them).
CREATE TABLE check_entries (
  locale TEXT NOT NULL,
  key    TEXT NOT NULL,
  kind   TEXT NOT NULL,
  path   TEXT NOT NULL,
  PRIMARY KEY (locale, key)
) WITHOUT ROWID;
