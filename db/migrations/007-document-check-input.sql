-- Everything the checks read of a document, written with its rows as one JSON array
-- ([sections, links, liquid refs, paragraphs], each a list of row arrays): loading a
-- 36k-document site for a check run then parses one string per document instead of
-- aggregating ~1M child rows. NULL (documents indexed before this migration) makes the
-- checks read that document's child tables instead.
ALTER TABLE documents ADD COLUMN check_json TEXT;
