-- What each translation's stale-detection base was resolved from (server/history/identities.ts):
-- its document row's run counters, the English page it is paired with and that page's, and the
-- rows at the keys that page redirects from. While the git state, the completed claims, the
-- history config and the code are those of the last resolution (check_state `bases-global`), a
-- translation whose identity is unchanged has the base it had then: server/check-with-bases.ts
-- resolves only the others. Written in the transaction that stores the bases' digests.
CREATE TABLE base_identities (
  locale   TEXT NOT NULL,
  key      TEXT NOT NULL,
  identity TEXT NOT NULL,
  PRIMARY KEY (locale, key)
) WITHOUT ROWID;
