import type { Db } from '../index.ts';
import type { DocumentKind, ParsedDocument } from '../../server/indexer/types.ts';
import type { DocumentRow, LinkRow, LiquidRefRow, ParagraphRow, SectionRow } from '../../server/shared/documents.ts';
import { checkInputPart, linkRows, liquidRows, type LinkTuple, type LiquidTuple } from '../check-input.ts';
import { documentRows, type DocumentRows } from '../document-rows.ts';

export type { DocumentRow, LinkRow, LiquidRefRow, ParagraphRow, SectionRow };

/**
 * What the indexer needs to know of a file it has seen before, to skip it cheaply. Its content
 * hash is not among them (`contentHash(id)` reads it): only a file whose stat changed needs it.
 */
export interface IndexedFile {
  id: number;
  locale: string;
  key: string;
  path: string;
  size: number;
  mtime_ms: number;
  /** The file could not be read (its content hash is `unreadable:…`): looked at again by every run. */
  unreadable: boolean;
  deleted_run: number | null;
}

export interface StoredFile {
  locale: string;
  key: string;
  kind: DocumentKind;
  path: string;
  size: number;
  mtimeMs: number;
  redirects: string[];
}

/**
 * The indexes a bulk load builds after its inserts instead of during them
 * (`DocumentsRepository.deferIndexes`): a paragraph's text hash arrives in no order, so each of
 * ~400k inserted paragraphs updated a leaf anywhere in `paragraphs_text_hash`. A cold index of the
 * GitHub Docs snapshot spent 1.54 s of its storing thread inserting paragraphs with every index,
 * 0.95-0.98 s without this one and 1.55-1.70 s without the language index alone (0.84-0.87 s
 * without both); building it at the end took ~0.15 s. The other indexes take their keys nearly in
 * insertion order (document id first): `paragraphs_language` cost ~0.11 s of inserting against
 * ~0.10 s to build, all of `documents`' together ~0.17 s against ~0.1 s; not worth it.
 */
const DEFERRED_INDEXES = ['paragraphs_text_hash'];

const DOC_COLUMNS =
  'id, locale, key, kind, path, content_hash, size, mtime_ms, title, frontmatter_json, frontmatter_lines_json, body_line, parse_error, first_seen_run, changed_run, deleted_run';

/** `indexState()`'s columns as read (the lookups of `IndexedFilesRepository` read the same). */
export type IndexStateRow = [number, string, string, string, number, number, 0 | 1, number | null];

export function indexedFiles(rows: IndexStateRow[]): IndexedFile[] {
  return rows.map(([id, locale, key, path, size, mtime_ms, unreadable, deleted_run]) => ({
    id,
    locale,
    key,
    path,
    size,
    mtime_ms,
    unreadable: unreadable === 1,
    deleted_run,
  }));
}

export class DocumentsRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      // Rows as arrays (raw) and no content hash: better-sqlite3's row objects and 36k hash strings
      // cost ~70 of ~125 ms on the snapshot, for a run that compares only the stat.
      indexState: db.prepare("SELECT id, locale, key, path, size, mtime_ms, content_hash GLOB 'unreadable:*', deleted_run FROM documents").raw(),
      indexStateOf: db
        .prepare(
          "SELECT id, locale, key, path, size, mtime_ms, content_hash GLOB 'unreadable:*', deleted_run FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        )
        .raw(),
      contentHash: db.prepare('SELECT content_hash FROM documents WHERE id = ?').pluck(),
      // A key never indexed in the locale is a plain insert (a key that exists fails it, loud). Both
      // without RETURNING, which cost ~21 µs a row in better-sqlite3 (28 against 6.5 µs a document
      // on the snapshot's 36,742: 0.8 s of a cold index's storing thread).
      insert: db.prepare(`INSERT INTO documents (locale, key, kind, path, content_hash, size, mtime_ms, title,
          frontmatter_json, frontmatter_lines_json, body_line, parse_error, first_seen_run, changed_run, content_run, deleted_run)
        VALUES (@locale, @key, @kind, @path, @content_hash, @size, @mtime_ms, @title, @frontmatter_json,
          @frontmatter_lines_json, @body_line, @parse_error, @run, @run, @run, NULL)`),
      idOf: db.prepare('SELECT id FROM documents WHERE locale = ? AND key = ?').pluck(),
      upsert: db.prepare(`INSERT INTO documents (locale, key, kind, path, content_hash, size, mtime_ms, title,
          frontmatter_json, frontmatter_lines_json, body_line, parse_error, first_seen_run, changed_run, content_run, deleted_run)
        VALUES (@locale, @key, @kind, @path, @content_hash, @size, @mtime_ms, @title, @frontmatter_json,
          @frontmatter_lines_json, @body_line, @parse_error, @run, @run, @run, NULL)
        ON CONFLICT (locale, key) DO UPDATE SET kind = excluded.kind, path = excluded.path,
          content_hash = excluded.content_hash, size = excluded.size, mtime_ms = excluded.mtime_ms,
          title = excluded.title, frontmatter_json = excluded.frontmatter_json,
          frontmatter_lines_json = excluded.frontmatter_lines_json, body_line = excluded.body_line,
          parse_error = excluded.parse_error,
          changed_run = CASE WHEN @same_content AND documents.deleted_run IS NULL THEN documents.changed_run ELSE excluded.changed_run END,
          content_run = CASE WHEN @same_bytes AND documents.deleted_run IS NULL THEN documents.content_run ELSE excluded.content_run END,
          first_seen_run = CASE WHEN documents.deleted_run IS NOT NULL THEN excluded.first_seen_run ELSE documents.first_seen_run END,
          deleted_run = NULL`),
      touch: db.prepare('UPDATE documents SET size = ?, mtime_ms = ? WHERE id = ?'),
      markDeleted: db.prepare('UPDATE documents SET deleted_run = ? WHERE id = ? AND path = ? AND deleted_run IS NULL'),
      deleteSections: db.prepare('DELETE FROM sections WHERE document_id = ?'),
      deleteParagraphs: db.prepare('DELETE FROM paragraphs WHERE document_id = ?'),
      deleteRedirects: db.prepare('DELETE FROM redirects WHERE document_id = ?'),
      deleteCheckInput: db.prepare('DELETE FROM check_inputs WHERE document_id = ?'),
      upsertCheckInput: db.prepare(
        'INSERT INTO check_inputs (document_id, json, liquid_raw) VALUES (?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET json = excluded.json, liquid_raw = excluded.liquid_raw',
      ),
      insertSection: db.prepare(`INSERT INTO sections (document_id, ordinal, level, heading, anchor, line, end_line,
        text_hash, skeleton_hash, steps_json, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertParagraph: db.prepare(`INSERT INTO paragraphs (document_id, ordinal, section, kind, line, end_line, text,
        text_hash, lang, confidence, sentences_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertRedirect: db.prepare('INSERT INTO redirects (locale, from_key, to_key, document_id) VALUES (?, ?, ?, ?)'),
      insertVersion: db.prepare(`INSERT INTO document_versions (document_id, run_id, content_hash, sections_json, frontmatter_json)
        VALUES (?, ?, ?, ?, ?) ON CONFLICT (document_id, run_id) DO UPDATE SET content_hash = excluded.content_hash,
        sections_json = excluded.sections_json, frontmatter_json = excluded.frontmatter_json`),
      lastVersionHash: db.prepare('SELECT content_hash, run_id FROM document_versions WHERE document_id = ? ORDER BY run_id DESC LIMIT 1'),
      reparseVersion: db.prepare('UPDATE document_versions SET sections_json = ?, frontmatter_json = ? WHERE document_id = ? AND run_id = ?'),
      byLocaleKey: db.prepare(`SELECT ${DOC_COLUMNS} FROM documents WHERE locale = ? AND key = ?`),
      live: db.prepare(`SELECT ${DOC_COLUMNS} FROM documents WHERE deleted_run IS NULL ORDER BY locale, key`),
      sectionsOf: db.prepare('SELECT * FROM sections WHERE document_id = ? ORDER BY ordinal'),
      // A check input's links ([1]) and Liquid references ([2]) alone, cut out by SQLite: an English page's input carries
      // every paragraph's text, which the article detail asking for both of two documents' would parse four times.
      linksOf: db.prepare("SELECT json -> '$[1]' FROM check_inputs WHERE document_id = ?").pluck(),
      liquidOf: db.prepare("SELECT json -> '$[2]', liquid_raw FROM check_inputs WHERE document_id = ?").raw(),
      paragraphsOf: db.prepare('SELECT * FROM paragraphs WHERE document_id = ? ORDER BY ordinal'),
      locales: db.prepare('SELECT DISTINCT locale FROM documents WHERE deleted_run IS NULL ORDER BY locale').pluck(),
      // From the live documents' index and the parse errors' (migration 017): summing parse_error
      // over the table read every row of it (~30-80 ms on the snapshot, at the end of every run).
      localeCounts: db.prepare(`SELECT l.locale, l.pages, l.reusables, l.variables,
          (SELECT COUNT(*) FROM documents e WHERE e.locale = l.locale AND e.deleted_run IS NULL AND e.parse_error IS NOT NULL) AS parse_errors,
          l.documents
        FROM (SELECT locale, SUM(kind = 'page') AS pages, SUM(kind = 'reusable') AS reusables, SUM(kind = 'variables') AS variables, COUNT(*) AS documents
          FROM documents WHERE deleted_run IS NULL GROUP BY locale) l
        ORDER BY l.locale`),
    };
  }

  /** Every file ever indexed, for the stat-only unchanged test. */
  indexState(): IndexedFile[] {
    return indexedFiles(this.stmts.indexState.all() as IndexStateRow[]);
  }

  /** `indexState()`'s rows of these document ids only (a kept state refreshed after a run). */
  indexStateOf(ids: readonly number[]): IndexedFile[] {
    return indexedFiles(this.stmts.indexStateOf.all(JSON.stringify(ids)) as IndexStateRow[]);
  }

  /**
   * Drops the indexes a bulk load builds after its inserts (DEFERRED_INDEXES), inside the caller's
   * transaction, and returns what builds them again from their stored definitions: called before
   * anything reads through them, in the same transaction (a rollback restores them untouched).
   */
  deferIndexes(): () => void {
    const defined = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (${DEFERRED_INDEXES.map(() => '?').join(', ')}) ORDER BY name`)
      .all(...DEFERRED_INDEXES) as { name: string; sql: string }[];
    for (const index of defined) this.db.exec(`DROP INDEX ${index.name}`);
    return () => {
      for (const index of defined) this.db.exec(index.sql);
    };
  }

  /** The stored content hash of a document (what a file with a new stat is compared with before it is parsed). */
  contentHash(id: number): string {
    return this.stmts.contentHash.get(id) as string;
  }

  /**
   * Stores a parsed file and replaces everything derived from it. Returns the document id.
   * `isNew` skips deleting children that cannot exist; `keepHistory` records a version (English);
   * `sameBytes`: the stored row had these bytes (parsed again by a new parser, or for its locale's
   * changed redirect file), so it keeps its `content_run`; `newParser`: parsed again because what
   * parses changed, so its latest version is read again with it; `sameContent`: nothing stored with
   * it changed either (its redirect entries), so it keeps its `changed_run`, the run in which its row
   * last changed.
   */
  store(
    runId: number,
    file: StoredFile,
    parsed: ParsedDocument,
    options: { isNew: boolean; keepHistory: boolean; sameBytes?: boolean; newParser?: boolean; sameContent?: boolean; rows?: DocumentRows },
  ): number {
    const s = this.stmts;
    // Parser threads send the rows ready (documentRows); parsed on this thread, they are made here.
    const rows = options.rows ?? documentRows(parsed, options.keepHistory);
    const values = {
      locale: file.locale,
      key: file.key,
      kind: file.kind,
      path: file.path,
      content_hash: parsed.contentHash,
      size: file.size,
      mtime_ms: file.mtimeMs,
      title: parsed.title,
      frontmatter_json: rows.frontmatterJson,
      frontmatter_lines_json: rows.frontmatterLinesJson,
      body_line: parsed.bodyLine,
      parse_error: parsed.error ? JSON.stringify(parsed.error) : null,
      run: runId,
    };
    let id: number;
    if (options.isNew) id = Number(s.insert.run(values).lastInsertRowid);
    else {
      s.upsert.run({ ...values, same_content: options.sameContent ? 1 : 0, same_bytes: options.sameBytes ? 1 : 0 });
      id = s.idOf.get(file.locale, file.key) as number;
    }
    // Everything derived from the old version goes first: the check input with the child rows.
    if (!options.isNew) this.clearChildren(id);
    s.upsertCheckInput.run(id, rows.checkInput, rows.liquidRaw);
    const { sections: x, paragraphs: p } = rows;
    for (let i = 0; i < x.length; i += 10)
      s.insertSection.run(id, x[i], x[i + 1], x[i + 2], x[i + 3], x[i + 4], x[i + 5], x[i + 6], x[i + 7], x[i + 8], x[i + 9]);
    for (let i = 0; i < p.length; i += 10)
      s.insertParagraph.run(id, p[i], p[i + 1], p[i + 2], p[i + 3], p[i + 4], p[i + 5], p[i + 6], p[i + 7], p[i + 8], p[i + 9]);
    for (const from of file.redirects) s.insertRedirect.run(file.locale, from, file.key, id);
    // History of sections, for stale detection from the index alone.
    if (!options.keepHistory || parsed.error || rows.versionSectionsJson === null) return id;
    const last = options.isNew ? undefined : (s.lastVersionHash.get(id) as { content_hash: string; run_id: number } | undefined);
    if (last?.content_hash !== parsed.contentHash) {
      // Its frontmatter too ('null' for none): a title or intro change since an index or claim base is one readers see.
      s.insertVersion.run(id, runId, parsed.contentHash, rows.versionSectionsJson, rows.frontmatterJson ?? 'null');
    } else if (options.sameBytes && options.newParser) {
      // The same bytes parsed again by a new parser: the version they are is read as this parser reads it, as the
      // current sections are (stale detection compares the two). Older versions' bytes are not kept.
      s.reparseVersion.run(rows.versionSectionsJson, rows.frontmatterJson ?? 'null', id, last.run_id);
    }
    return id;
  }

  /** Same bytes, new mtime: remember the stat so the next run skips the read. */
  touch(id: number, size: number, mtimeMs: number): void {
    this.stmts.touch.run(size, mtimeMs, id);
  }

  /** Marks a document deleted in run `runId` if it is still the row of the file at `path`; whether it was. */
  markDeleted(id: number, runId: number, path: string): boolean {
    const changed = this.stmts.markDeleted.run(runId, id, path).changes > 0;
    if (changed) this.clearChildren(id);
    return changed;
  }

  private clearChildren(id: number): void {
    const s = this.stmts;
    s.deleteSections.run(id);
    s.deleteParagraphs.run(id);
    s.deleteRedirects.run(id);
    s.deleteCheckInput.run(id);
  }

  get(locale: string, key: string): DocumentRow | undefined {
    return this.stmts.byLocaleKey.get(locale, key) as DocumentRow | undefined;
  }

  liveDocuments(): DocumentRow[] {
    return this.stmts.live.all() as DocumentRow[];
  }

  sections(documentId: number): SectionRow[] {
    return this.stmts.sectionsOf.all(documentId) as SectionRow[];
  }

  /** A document's links, from its check input (none for a document without one: deleted, or not stored). */
  links(documentId: number): LinkRow[] {
    const json = this.stmts.linksOf.get(documentId) as string | null | undefined;
    return json === undefined ? [] : linkRows(documentId, checkInputPart(json, 'links') as LinkTuple[]);
  }

  /** A document's Liquid references with their raw text, from its check input. */
  liquidRefs(documentId: number): LiquidRefRow[] {
    const row = this.stmts.liquidOf.get(documentId) as [string | null, string] | undefined;
    return row ? liquidRows(documentId, checkInputPart(row[0], 'Liquid references') as LiquidTuple[], JSON.parse(row[1]) as string[]) : [];
  }

  paragraphs(documentId: number): ParagraphRow[] {
    return this.stmts.paragraphsOf.all(documentId) as ParagraphRow[];
  }

  /** The locales with a live document (the source locale among them), sorted. */
  locales(): string[] {
    return this.stmts.locales.all() as string[];
  }

  localeCounts(): { locale: string; pages: number; reusables: number; variables: number; parse_errors: number; documents: number }[] {
    return this.stmts.localeCounts.all() as never;
  }
}
