-- Every step of a claim's life, who took it and when, for the claims history: claimed,
-- renewed, released, completed, reassigned (by a manager, from one translator to another).
-- Expiry is no row: a claim expires by the clock (lazily, see ClaimsRepository), so the
-- history reads it from claims.expires_at and can never disagree with the claim's status.
CREATE TABLE team.claim_events (
  id         INTEGER PRIMARY KEY,
  claim_id   INTEGER NOT NULL REFERENCES claims(id),
  kind       TEXT    NOT NULL CHECK (kind IN ('claimed', 'renewed', 'released', 'completed', 'reassigned')),
  at         TEXT    NOT NULL,
  -- Who did it (NULL for a step recorded before this table whose author the claim did not keep).
  by_user    INTEGER REFERENCES users(id),
  -- reassigned: the holder before and after.
  from_user  INTEGER REFERENCES users(id),
  to_user    INTEGER REFERENCES users(id),
  -- claimed, renewed: the expiry this step set.
  expires_at TEXT
);
CREATE INDEX team.claim_events_claim ON claim_events(claim_id, at);
CREATE INDEX team.claim_events_at ON claim_events(at);

-- Claims made before this table: their start and their close, as far as the claims table kept them
-- (renewals before this table were not recorded).
INSERT INTO team.claim_events (claim_id, kind, at, by_user)
  SELECT id, 'claimed', claimed_at, user_id FROM team.claims;
INSERT INTO team.claim_events (claim_id, kind, at, by_user)
  SELECT id, status, closed_at, closed_by FROM team.claims WHERE status IN ('released', 'completed') AND closed_at IS NOT NULL;
