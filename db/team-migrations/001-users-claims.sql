-- The team file (attached as `team`): people who may write, and their claims. It is apart
-- from the index so that a claim never waits for a re-index's write lock. Names are
-- qualified because these statements run on a connection where `main` is the index.
CREATE TABLE team.users (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL UNIQUE,
  role         TEXT    NOT NULL CHECK (role IN ('manager', 'translator')),
  locales_json TEXT    NOT NULL DEFAULT '[]',
  token_hash   TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  created_at   TEXT    NOT NULL,
  revoked_at   TEXT
);

-- A translator's claim on one (locale, key). Completing a claim records the English
-- version it was translated from (base_hash, base_run) for stale detection. base_run names
-- a run of the index file: a foreign key cannot cross files, so it is a plain integer.
CREATE TABLE team.claims (
  id         INTEGER PRIMARY KEY,
  locale     TEXT    NOT NULL,
  key        TEXT    NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  status     TEXT    NOT NULL CHECK (status IN ('active', 'completed', 'released', 'expired')),
  claimed_at TEXT    NOT NULL,
  expires_at TEXT    NOT NULL,
  closed_at  TEXT,
  closed_by  INTEGER REFERENCES users(id),
  base_hash  TEXT,
  base_run   INTEGER
);
-- The database, not only the code, keeps one active claim per article.
CREATE UNIQUE INDEX team.claims_one_active ON claims(locale, key) WHERE status = 'active';
CREATE INDEX team.claims_user ON claims(user_id, status);
CREATE INDEX team.claims_completed ON claims(locale, key, closed_at) WHERE status = 'completed';
