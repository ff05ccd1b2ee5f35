-- The aggregates every run takes over the documents' run counters read this index instead of the
-- table: each locale's state (HistoryRepository.localeStates, base identities) and the documents'
-- part of the bases key (server/check-with-bases.ts). Both scanned the whole documents table, whose
-- rows are wide (frontmatter, titles): 27 and 21 ms of CPU on the snapshot's 36,742 rows, 11 and
-- 6.5 ms from this index (~1 MB).
CREATE INDEX documents_states ON documents(locale, changed_run, first_seen_run, deleted_run);
