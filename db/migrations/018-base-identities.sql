-- What each translation's stale-detection base was resolved from (server/history/identities.ts):
-- its document row's run counters, the English page it is paired with (english_key) and that
-- page's, and the rows at the keys that page redirects from; and each English row's run counters
-- (english_key NULL). While the git state, the completed claims, the history config and the code
-- are those of the last resolution (check_state `bases-global`), a translation whose identity is
-- unchanged has the base it had then: server/check-with-bases.ts resolves only the others. By
-- document id (a key keeps its row, deleted or not); written in the transaction that stores the
-- bases' digests.
CREATE TABLE base_identities (
  document_id INTEGER PRIMARY KEY,
  locale      TEXT    NOT NULL,
  english_key TEXT,
  identity    TEXT    NOT NULL
);
CREATE INDEX base_identities_english ON base_identities(english_key) WHERE english_key IS NOT NULL;
