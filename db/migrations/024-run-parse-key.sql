-- What parsed a run's files: a hash of the parser's code and the settings it parses with
-- (server/indexer/parser-version.ts, parseKey). A document is parsed again only when its bytes
-- change, so a new parser, or a raised limit, left every stored document as the old one had read
-- it: a line over limits.maxLineLength stayed a limits error after the limit was raised, and a
-- parser that splits sections otherwise made stale detection compare sections of two parsers.
-- A run whose key differs from the last complete run's parses every file again (NULL: a run
-- from before this column, whose parser is unknown).
ALTER TABLE runs ADD COLUMN parse_key TEXT;
