-- A digest of what a finding shows (path, severity, message, data, line, section), so a
-- check run compares a kept finding with what it found by one short string instead of
-- reading every open finding's message and data. NULL (rows of older versions) never
-- matches: such a row is rewritten, with its digest, the next time it is found.
ALTER TABLE findings ADD COLUMN digest TEXT;
-- Covers the check run's read of the open findings (fingerprint → id, digest): the
-- table's pages, large with messages and data, stay unread.
CREATE INDEX findings_open_digest ON findings(fingerprint, digest) WHERE resolved_run IS NULL;
