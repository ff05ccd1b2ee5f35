-- Everything the checks read of a document, written with its rows as one JSON string
-- (db/repositories/documents.ts, CHECK_INPUT_COLUMNS): loading a 36k-document site for a
-- check run then parses one string per document instead of aggregating ~1M child rows.
-- A table of its own keeps documents' rows small for every other reader. A live document
-- without a row here (indexed before this migration) is read from the child tables.
CREATE TABLE check_inputs (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id),
  json        TEXT    NOT NULL
);
