-- The coverage model's English-fallback share per document (db/repositories/coverage.ts, `prose`)
-- reads only the judged paragraphs' language and confidence: from this index alone, without the
-- paragraphs' rows and their text (the per-locale coverage summary `index` prints, every
-- /api/locales answer). Measured on the snapshot's four locales: 150 → 90 ms CPU, about a third of the wall time.
CREATE INDEX paragraphs_language ON paragraphs(document_id, lang, confidence) WHERE lang IS NOT NULL;
