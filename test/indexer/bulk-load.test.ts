import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexSite, type IndexOptions, type IndexProgress } from '../../server/indexer/indexer.ts';
import { checksAfterIndex } from '../../server/plugins/index-run.ts';
import { copySample, tempDir } from './helpers.ts';

/** Every index of the database as SQLite keeps it (name, table, definition). */
function indexes(db: Db): unknown[] {
  return db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
}

/** A fresh database for a copy of the sample; `bulk` indexes it as a bulk load (at 09:00 unless told) with `afterIndex`. */
function freshIndex(busyTimeoutMs?: number): {
  dbFile: string;
  db: Db;
  bulk: (afterIndex: (db: Db) => void | Promise<void>, options?: { hour?: number; onProgress?: IndexOptions['onProgress'] }) => ReturnType<typeof indexSite>;
} {
  const root = copySample();
  const dbFile = path.join(tempDir('db'), 'drift.db');
  const config = resolveConfig({ root, db: dbFile }, root);
  const db = openDb(dbFile, busyTimeoutMs === undefined ? {} : { busyTimeoutMs });
  return {
    dbFile,
    db,
    bulk: (afterIndex, { hour = 9, onProgress } = {}) =>
      indexSite({
        config,
        db,
        now: () => new Date(`2026-11-02T${String(hour).padStart(2, '0')}:00:00Z`),
        bulkLoad: true,
        afterIndex: async () => afterIndex(db),
        ...(onProgress ? { onProgress } : {}),
      }),
  };
}

const failingChecks = (): void => {
  throw new Error('the checks failed');
};

describe('a bulk load (the paragraphs indexes built after the inserts, a first run without WAL)', () => {
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
    const { db, bulk } = freshIndex();
    try {
      const first = await bulk(() => {});
      const defined = indexes(db);
      const paragraphs = db.prepare('SELECT COUNT(*) FROM paragraphs').pluck().get();
      await expect(bulk(failingChecks, { hour: 10 })).rejects.toThrow('the checks failed');
      expect(indexes(db)).toEqual(defined);
      expect(db.prepare('SELECT COUNT(*) FROM paragraphs').pluck().get()).toBe(paragraphs);
      expect(db.prepare("SELECT id FROM runs WHERE status = 'complete' ORDER BY id DESC LIMIT 1").pluck().get()).toBe(first.runId);
    } finally {
      db.close();
    }
  });

  it('restores the dropped index and WAL when the run fails while storing, before the index is built again', async () => {
    const { dbFile, db, bulk } = freshIndex();
    try {
      const defined = indexes(db);
      let dropped: unknown = null;
      const onProgress = (p: IndexProgress) => {
        if (p.phase !== 'parse' || p.done === 0) return;
        dropped = (indexes(db) as { name: string }[]).some((i) => i.name === 'paragraphs_text_hash') ? 'kept' : 'dropped';
        throw new Error('stopped while storing');
      };
      await expect(bulk(() => {}, { onProgress })).rejects.toThrow('stopped while storing');
      expect(dropped).toBe('dropped');
      expect(indexes(db)).toEqual(defined);
      expect(db.pragma('main.journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('main.synchronous', { simple: true })).toBe(1);
      expect(fs.existsSync(`${dbFile}-journal`)).toBe(false);
    } finally {
      db.close();
    }
  });

  it('writes a first run without WAL, holding the file until it commits: another opener is told why, then WAL is back', async () => {
    const { dbFile, db, bulk } = freshIndex();
    try {
      let during: unknown = null;
      let opener: unknown = null;
      await bulk(() => {
        during = `${db.pragma('main.journal_mode', { simple: true }) as string} ${db.pragma('main.synchronous', { simple: true }) as number}`;
        try {
          openDb(dbFile, { busyTimeoutMs: 20 }).close();
        } catch (err) {
          opener = (err as Error).message;
        }
      });
      // FULL (2) syncs without WAL; NORMAL (1) again after.
      expect(during).toBe('delete 2');
      expect(db.pragma('main.synchronous', { simple: true })).toBe(1);
      expect(opener).toMatch(
        /drift\.db is locked by another connection \(such as a first index run, which holds it until it commits\); try again when it is done/,
      );
      expect(db.pragma('main.journal_mode', { simple: true })).toBe('wal');
      // The next opener reads the run.
      const reader = openDb(dbFile, { readonly: true });
      expect(reader.prepare("SELECT COUNT(*) FROM runs WHERE status = 'complete'").pluck().get()).toBe(1);
      reader.close();
    } finally {
      db.close();
    }
  });

  it('waits at its COMMIT for a reader that began during a first run, instead of rolling the run back', async () => {
    // The run's own connection gives up on a lock after 50 ms; the reader holds its read for 400 ms.
    const { dbFile, db, bulk } = freshIndex(50);
    try {
      let reader: Worker | null = null;
      const summary = await bulk(async () => {
        const code = `const { parentPort, workerData } = require('node:worker_threads');
          const Database = require('better-sqlite3');
          const db = new Database(workerData, { readonly: true });
          db.exec('BEGIN');
          db.prepare('SELECT COUNT(*) FROM runs').get();
          parentPort.postMessage('reading');
          setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);`;
        reader = new Worker(code, { eval: true, workerData: dbFile });
        expect(await once(reader, 'message')).toEqual(['reading']);
      });
      expect(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(summary.runId)).toBe('complete');
      expect(db.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBeGreaterThan(10);
      await once(reader!, 'exit');
      expect(db.pragma('main.journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('keeps WAL when another connection has the file open: that reader reads on during the first run', async () => {
    const { dbFile, db, bulk } = freshIndex();
    const reader = openDb(dbFile);
    try {
      let during: unknown = null;
      let read: unknown = null;
      await bulk(() => {
        during = db.pragma('main.journal_mode', { simple: true });
        read = reader.prepare('SELECT COUNT(*) FROM documents').pluck().get();
      });
      expect(during).toBe('wal');
      // The run's documents are not committed yet: the reader sees the file as it was.
      expect(read).toBe(0);
      expect(reader.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBeGreaterThan(10);
    } finally {
      reader.close();
      db.close();
    }
  });

  it('rolls a failed first run back and returns to WAL', async () => {
    const { dbFile, db, bulk } = freshIndex();
    try {
      await expect(bulk(failingChecks)).rejects.toThrow('the checks failed');
      expect(db.pragma('main.journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(0);
      expect(db.prepare('SELECT status FROM runs').pluck().all()).toEqual(['failed']);
      expect(fs.existsSync(`${dbFile}-journal`)).toBe(false);
    } finally {
      db.close();
    }
  });
});
