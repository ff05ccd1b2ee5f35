-- Each file's part of a locale's kept count facts (CoverageRepository.cachedFacts): its key, kind,
-- pairing and prose counts, and how many English articles the locale has no file for. A run that
-- only rewrote some of the locale's files (a translation saved: same keys and kinds, so the same
-- pairings) recomputes the prose counts of those files and groups the facts again, instead of
-- reading and pairing every document of the locale and of English (~40-80 ms of CPU on the
-- snapshot's ja-JP). Read only then; null in rows kept before (they are computed whole once).
ALTER TABLE coverage_facts ADD COLUMN files TEXT;
