/** A new index file is made with INDEX_PAGE_SIZE pages; an index made before keeps its own and is indexed alike. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { INDEX_PAGE_SIZE, openDb } from '../../db/index.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { SAMPLE, tempDir } from '../indexer/helpers.ts';

/** Indexes the bundled sample into `file` (opened with openDb) and returns the page size and what was stored. */
async function indexSample(file: string): Promise<{ pageSize: number; rows: unknown[] }> {
  const db = openDb(file);
  let clock = Date.parse('2026-11-02T09:00:00Z');
  await indexSite({ config: resolveConfig({ root: SAMPLE, db: file }, SAMPLE), db, now: () => new Date((clock += 60_000)) });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const rows = db
    .prepare(
      `SELECT d.locale, d.key, (SELECT group_concat(s.source, '|') FROM sections s WHERE s.document_id = d.id),
        (SELECT group_concat(p.text || p.sentences_json, '|') FROM paragraphs p WHERE p.document_id = d.id),
        (SELECT c.json FROM check_inputs c WHERE c.document_id = d.id)
       FROM documents d ORDER BY d.locale, d.key`,
    )
    .raw()
    .all();
  db.close();
  return { pageSize, rows };
}

describe('index page size', () => {
  it('a new index file has large pages; one made with 4 KB pages keeps them and stores the same rows', async () => {
    expect(INDEX_PAGE_SIZE).toBeGreaterThan(4096);
    const fresh = await indexSample(path.join(tempDir('page-size'), 'drift.db'));
    expect(fresh.pageSize).toBe(INDEX_PAGE_SIZE);
    expect(fresh.rows.length).toBeGreaterThan(10);

    // An index file from before: SQLite's default page size, in WAL mode, with a table already in it.
    const oldFile = path.join(tempDir('page-size'), 'drift.db');
    const old = new Database(oldFile);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE probe (x)');
    expect(old.pragma('page_size', { simple: true })).toBe(4096);
    old.close();
    const kept = await indexSample(oldFile);
    expect(kept.pageSize).toBe(4096);
    expect(kept.rows).toEqual(fresh.rows);
    expect(fs.statSync(oldFile).size % 4096).toBe(0);
  });
});
