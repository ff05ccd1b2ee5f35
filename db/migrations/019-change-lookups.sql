-- What an incremental check run looks up by value instead of scanning (server/run-checks.ts):
-- the translations with a paragraph equal to an English paragraph that appeared or went
-- (CheckDependenciesRepository.documentsWithParagraphs: a scan of every paragraph row, 160-230 ms
-- per English edit on the snapshot; 0.1 ms by this index, ~10 MB on 402k paragraphs, ~0.7 s of
-- CPU over a cold index of them) and the documents written or deleted since the last check run
-- (changedDocuments: a scan of every document, ~20-35 ms), and the redirect entries of those
-- documents in the copy the last check run kept (changedRedirects compared every entry of their
-- locales, ~20-30 ms: the copy now names each entry's document; a copy kept before this has
-- none and is compared whole once, CheckDependenciesRepository.changedRedirects).
CREATE INDEX paragraphs_text_hash ON paragraphs(text_hash);
CREATE INDEX documents_changed_run ON documents(changed_run);
CREATE INDEX documents_first_seen_run ON documents(first_seen_run);
CREATE INDEX documents_deleted_run ON documents(deleted_run) WHERE deleted_run IS NOT NULL;
ALTER TABLE check_redirects ADD COLUMN document_id INTEGER;
CREATE INDEX check_redirects_document ON check_redirects(document_id);
