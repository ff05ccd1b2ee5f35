import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { checksAfterIndex } from '../../server/plugins/index-run.ts';
import { copySample, tempDir } from './helpers.ts';

/** Every index of the database as SQLite keeps it (name, table, definition). */
function indexes(db: Db): unknown[] {
  return db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
}

describe('a bulk load (the paragraphs indexes built after the inserts)', () => {
  it('leaves the same rows, findings and index definitions as a run that updates them with each insert', async () => {
    const root = copySample();
    const run = async (bulkLoad: boolean) => {
      const dbFile = path.join(tempDir('db'), 'drift.db');
      const config = resolveConfig({ root, db: dbFile }, root);
      const db = openDb(dbFile);
      try {
        const defined = indexes(db);
        await indexSite({ config, db, now: () => new Date('2026-11-02T09:00:00Z'), afterIndex: checksAfterIndex(config), bulkLoad });
        // Built again as the migrations defined them: a reader's plan is the same after a bulk load.
        expect(indexes(db)).toEqual(defined);
        return {
          paragraphs: db.prepare('SELECT document_id, ordinal, text_hash, lang, confidence FROM paragraphs ORDER BY document_id, ordinal').all(),
          byHash: db
            .prepare("EXPLAIN QUERY PLAN SELECT 1 FROM paragraphs WHERE text_hash = ? AND lang = 'en'")
            .all('x')
            .map((r) => (r as { detail: string }).detail),
          findings: db.prepare('SELECT fingerprint, locale, key, check_id, message FROM findings ORDER BY fingerprint').all(),
        };
      } finally {
        db.close();
      }
    };
    const bulk = await run(true);
    const row = await run(false);
    expect(bulk).toEqual(row);
    expect(bulk.paragraphs.length).toBeGreaterThan(100);
    expect(bulk.findings.length).toBeGreaterThan(0);
    expect(bulk.byHash.join('\n')).toMatch(/paragraphs_text_hash/);
  });

  it('keeps the indexes when the run fails after dropping them: the rollback restores them and the last run stays readable', async () => {
    const root = copySample();
    const dbFile = path.join(tempDir('db'), 'drift.db');
    const config = resolveConfig({ root, db: dbFile }, root);
    const db = openDb(dbFile);
    try {
      const first = await indexSite({ config, db, now: () => new Date('2026-11-02T09:00:00Z') });
      const defined = indexes(db);
      const paragraphs = db.prepare('SELECT COUNT(*) FROM paragraphs').pluck().get();
      const failing = indexSite({
        config,
        db,
        now: () => new Date('2026-11-02T10:00:00Z'),
        bulkLoad: true,
        afterIndex: () => {
          throw new Error('the checks failed');
        },
      });
      await expect(failing).rejects.toThrow('the checks failed');
      expect(indexes(db)).toEqual(defined);
      expect(db.prepare('SELECT COUNT(*) FROM paragraphs').pluck().get()).toBe(paragraphs);
      expect(db.prepare("SELECT id FROM runs WHERE status = 'complete' ORDER BY id DESC LIMIT 1").pluck().get()).toBe(first.runId);
    } finally {
      db.close();
    }
  });
});
