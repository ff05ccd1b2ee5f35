import type { Db } from '../index.ts';
import { indexedFiles, type IndexedFile, type IndexStateRow } from './documents.ts';

const COLUMNS = "id, locale, key, path, size, mtime_ms, content_hash GLOB 'unreadable:*', deleted_run";

/**
 * Lookups of single stored files, for a run that looks at a few changed paths only (the server's
 * watched runs): what a run of the whole site reads from `DocumentsRepository.indexState()` as a
 * table, asked of the index by path or key (`documents_path` and the `(locale, key)` unique index).
 */
export class IndexedFilesRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      // As a walk's lookup by path takes it: the live row, else the last one written there.
      atPath: db.prepare(`SELECT ${COLUMNS} FROM documents WHERE path = ? ORDER BY deleted_run IS NULL DESC, id DESC LIMIT 1`).raw(),
      // The live rows that hold `key` or a duplicate of it (`duplicateKey`: the key, a space, the path in parentheses).
      claiming: db
        .prepare(`SELECT ${COLUMNS} FROM documents WHERE locale = ? AND deleted_run IS NULL AND (key = ? OR (key >= ? AND key < ?)) ORDER BY id`)
        .raw(),
      liveId: db.prepare('SELECT id FROM documents WHERE locale = ? AND key = ? AND deleted_run IS NULL').pluck(),
      known: db.prepare('SELECT 1 FROM documents WHERE locale = ? AND key = ?').pluck(),
    };
  }

  /** The row a file at `path` stands for: the live one, else the newest deleted one; undefined when none was ever stored there. */
  atPath(path: string): IndexedFile | undefined {
    const row = this.stmts.atPath.get(path) as IndexStateRow | undefined;
    return row ? indexedFiles([row])[0] : undefined;
  }

  /** Live rows of `locale` whose key is `key` or a duplicate key made from it, by id. */
  claiming(locale: string, key: string): IndexedFile[] {
    return indexedFiles(this.stmts.claiming.all(locale, key, `${key} (`, `${key} )`) as IndexStateRow[]);
  }

  /** The id of the live row of `locale` with this key, if any. */
  liveId(locale: string, key: string): number | undefined {
    return this.stmts.liveId.get(locale, key) as number | undefined;
  }

  /** Whether any row, live or deleted, ever had this key in `locale`. */
  known(locale: string, key: string): boolean {
    return this.stmts.known.get(locale, key) !== undefined;
  }
}
