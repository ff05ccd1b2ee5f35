-- The run in which a document's bytes last changed. `changed_run` is the run in which its row last
-- changed, which is also when a layout's redirect file (MDN's `_redirects.txt`) gives a page other
-- redirect entries: what the checks and base identities re-read a document by. Stale detection
-- dates a translation by its content, not by its row: with `changed_run`, one line added to the MDN
-- sample's es/_redirects.txt made its 41 translations whose base was unknown read as up to date.
-- Rows from before this column take their changed_run, which a redirect file's change may already
-- have moved: only a new index dates those by their content.
ALTER TABLE documents ADD COLUMN content_run INTEGER REFERENCES runs(id);
UPDATE documents SET content_run = changed_run;
-- Kept by the database too, for a writer that does not know the column (a server of the release
-- before, still running beside an upgraded CLI): a row whose bytes it changes or that it brings back
-- takes the new changed_run (this release's writes set the same, so the trigger changes nothing they
-- write). A row it inserts has none, which readers take as its changed_run, until a write of the
-- same bytes sets it to the changed_run it had. Not a trigger on insert: one cost a cold index of the
-- snapshot ~0.5 s.
CREATE TRIGGER documents_content_run AFTER UPDATE OF content_hash, changed_run, deleted_run ON documents
  WHEN NEW.content_hash IS NOT OLD.content_hash OR (OLD.deleted_run IS NOT NULL AND NEW.deleted_run IS NULL) OR NEW.content_run IS NULL
BEGIN
  UPDATE documents
  SET content_run = CASE
      WHEN NEW.content_hash IS NOT OLD.content_hash OR (OLD.deleted_run IS NOT NULL AND NEW.deleted_run IS NULL) THEN NEW.changed_run
      ELSE OLD.changed_run
    END
  WHERE id = NEW.id;
END;
