-- What the documents alone say of each locale's coverage counts (CoverageRepository.countFacts:
-- the articles no finding or base can change, per state, and the files whose state they decide),
-- kept between runs under the key of what they were computed from: the last run that wrote or
-- deleted a document of the locale and of English, and the code that computes them. A run that
-- touches neither prints the summary without reading the locale's documents.
CREATE TABLE coverage_facts (
  locale TEXT PRIMARY KEY,
  inputs TEXT NOT NULL,
  facts  TEXT NOT NULL
) WITHOUT ROWID;

-- The last run that wrote or deleted a document of a locale, by two seeks.
CREATE INDEX documents_changed ON documents(locale, changed_run);
CREATE INDEX documents_deleted ON documents(locale, deleted_run) WHERE deleted_run IS NOT NULL;

-- The live documents with a parse error, per locale: what a run's summary counts (DocumentsRepository.localeCounts).
CREATE INDEX documents_parse_errors ON documents(locale) WHERE deleted_run IS NULL AND parse_error IS NOT NULL;
