-- Sections of old English blobs that stale detection parsed (git base versions).
-- A blob's bytes never change, so its sections are parsed once and kept;
-- parser_version lets a parser change invalidate them.
CREATE TABLE history_blob_sections (
  blob           TEXT    PRIMARY KEY,
  parser_version TEXT    NOT NULL,
  sections_json  TEXT    NOT NULL
) WITHOUT ROWID;
