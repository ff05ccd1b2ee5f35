-- The run in which a document's bytes last changed. `changed_run` is the run in which its row last
-- changed, which is also when a layout's redirect file (MDN's `_redirects.txt`) gives a page other
-- redirect entries: what the checks and base identities re-read a document by. Stale detection
-- dates a translation by its content, not by its row: with `changed_run`, one line added to the
-- MDN sample's es/_redirects.txt made its 41 translations whose base was unknown read as up to date.
ALTER TABLE documents ADD COLUMN content_run INTEGER REFERENCES runs(id);
UPDATE documents SET content_run = changed_run;
