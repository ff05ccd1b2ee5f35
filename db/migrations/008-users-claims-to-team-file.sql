-- Users and claims move to the team file (attached as `team`, created by its own migrations
-- first): an index run holds this file's write lock for its whole run, and claims written
-- here waited for it (5 s, then "database is locked"). OR IGNORE: after a crash between the
-- two files' commits (WAL commits each file on its own) this runs again without conflicts.
INSERT OR IGNORE INTO team.users (id, name, role, locales_json, token_hash, created_at, revoked_at)
  SELECT id, name, role, locales_json, token_hash, created_at, revoked_at FROM main.users;
INSERT OR IGNORE INTO team.claims (id, locale, key, user_id, status, claimed_at, expires_at, closed_at, closed_by, base_hash, base_run)
  SELECT id, locale, key, user_id, status, claimed_at, expires_at, closed_at, closed_by, base_hash, base_run FROM main.claims;
DROP TABLE main.claims;
DROP TABLE main.users;
