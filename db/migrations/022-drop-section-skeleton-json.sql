-- sections.skeleton_json (each section's skeleton as a JSON list: code spans, links, Liquid
-- references, list sizes) was written for every section and read by nothing: alignment and stale
-- detection compare skeleton_hash, and the checks never asked for it. 30 MB of a 574 MB cold
-- index of the GitHub Docs snapshot, plus encoding it on the parser thread. Existing rows lose
-- the column (SQLite rewrites the table once); the hash stays.
ALTER TABLE sections DROP COLUMN skeleton_json;
