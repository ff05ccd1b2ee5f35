-- Stale by what readers see, for every kind of base: the English frontmatter of each recorded
-- version, so a translation whose base is an index run or a completed claim (not a git commit)
-- can tell a title, short title or intro change since that version. NULL: recorded before this
-- column existed (those versions' fields are unknown and never counted as changed).
ALTER TABLE document_versions ADD COLUMN frontmatter_json TEXT;

-- Which translations had a usable base at each check run, as intervals of runs (from_run
-- inclusive, until_run exclusive, NULL while it still has one): the weekly report's past weeks
-- and trends count "up to date" and "base unknown" as they were at that run, not from today's bases.
CREATE TABLE translation_base_runs (
  locale    TEXT    NOT NULL,
  key       TEXT    NOT NULL,
  from_run  INTEGER NOT NULL REFERENCES runs(id),
  until_run INTEGER REFERENCES runs(id),
  PRIMARY KEY (locale, key, from_run)
) WITHOUT ROWID;

-- What an earlier release recorded: known since the run that found it (earlier runs: unknown).
INSERT INTO translation_base_runs (locale, key, from_run) SELECT locale, key, run_id FROM translation_bases;
