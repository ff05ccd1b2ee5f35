-- People who may write: managers (re-index, release anyone's claim) and translators
-- (claim articles in their locales). Only a SHA-256 of each bearer token is kept.
CREATE TABLE users (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL UNIQUE,
  role         TEXT    NOT NULL CHECK (role IN ('manager', 'translator')),
  locales_json TEXT    NOT NULL DEFAULT '[]',
  token_hash   TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  created_at   TEXT    NOT NULL,
  revoked_at   TEXT
);

-- A translator's claim on one (locale, key). Completing a claim records the English
-- version it was translated from (base_hash, base_run) for stale detection.
CREATE TABLE claims (
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
  base_run   INTEGER REFERENCES runs(id)
);
-- The database, not only the code, keeps one active claim per article.
CREATE UNIQUE INDEX claims_one_active ON claims(locale, key) WHERE status = 'active';
CREATE INDEX claims_user ON claims(user_id, status);
CREATE INDEX claims_completed ON claims(locale, key, closed_at) WHERE status = 'completed';

-- Article lists aggregate open findings per (locale, key).
CREATE INDEX findings_open_article ON findings(locale, key, check_id, severity) WHERE resolved_run IS NULL;
