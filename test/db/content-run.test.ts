/**
 * Migration 025: documents.content_run, the run a document's bytes last changed in (stale detection
 * dates a translation by it). The database keeps it for a writer that does not know the column (a
 * server of the release before, beside an upgraded CLI), with the values this release writes.
 */
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';

describe('documents.content_run', () => {
  it('is kept by the database for writes that do not name it, as this release writes it', () => {
    const db = openDb(':memory:');
    try {
      for (let i = 1; i <= 5; i++) db.prepare("INSERT INTO runs (id, started_at, status) VALUES (?, '2026-12-06T00:00:00Z', 'complete')").run(i);
      // The release before's INSERT and upsert: no content_run.
      const insert = db.prepare(`INSERT INTO documents (locale, key, kind, path, content_hash, size, mtime_ms, first_seen_run, changed_run)
        VALUES ('es', ?, 'page', ?, ?, 1, 1, ?, ?)`);
      const upsert = db.prepare('UPDATE documents SET content_hash = ?, changed_run = ?, deleted_run = NULL WHERE key = ?');
      const contentRun = (key: string) => db.prepare('SELECT content_run FROM documents WHERE key = ?').pluck().get(key);
      // A row it inserts has none (readers take its changed_run, index-history.ts)…
      insert.run('a', 'a.md', 'h1', 1, 1);
      expect(contentRun('a')).toBe(null);
      // …until it is stored again with the same bytes (a changed redirect file): the row changed, not the content.
      upsert.run('h1', 2, 'a');
      expect(contentRun('a')).toBe(1);
      upsert.run('h1', 3, 'a');
      expect(contentRun('a')).toBe(1);
      // New bytes: the content changed in that run.
      upsert.run('h2', 4, 'a');
      expect(contentRun('a')).toBe(4);
      // Deleted, then back with the same bytes: back in that run.
      db.prepare('UPDATE documents SET deleted_run = 4 WHERE key = ?').run('a');
      expect(contentRun('a')).toBe(4);
      upsert.run('h2', 5, 'a');
      expect(contentRun('a')).toBe(5);
      // This release's own writes name it: the triggers leave them as written.
      db.prepare(
        `INSERT INTO documents (locale, key, kind, path, content_hash, size, mtime_ms, first_seen_run, changed_run, content_run)
        VALUES ('es', 'b', 'page', 'b.md', 'h1', 1, 1, 2, 4, 3)`,
      ).run();
      expect(contentRun('b')).toBe(3);
    } finally {
      db.close();
    }
  });
});
