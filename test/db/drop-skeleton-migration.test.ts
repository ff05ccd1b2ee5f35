/**
 * Migration 022: sections.skeleton_json, written for every section and read by nothing, is
 * dropped; an index from before keeps every other column of every section row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDb } from '../../db/index.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { SAMPLE, tempDir } from '../indexer/helpers.ts';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../db/migrations');
const TEAM_MIGRATIONS = path.resolve(import.meta.dirname, '../../db/team-migrations');
const COLUMNS = 'document_id, ordinal, level, heading, anchor, line, end_line, text_hash, skeleton_hash, steps_json, source';

describe('migration 022-drop-section-skeleton-json', () => {
  it('an index of the release before drops the column and keeps its sections as they were', async () => {
    // Today's index of the sample: the rows an upgraded index must hold.
    const todayFile = path.join(tempDir('022'), 'drift.db');
    const today = openDb(todayFile);
    let clock = Date.parse('2026-11-02T09:00:00Z');
    await indexSite({ config: resolveConfig({ root: SAMPLE, db: todayFile }, SAMPLE), db: today, now: () => new Date((clock += 60_000)) });
    const sections = today.prepare(`SELECT ${COLUMNS} FROM sections ORDER BY rowid`).raw().all();
    expect(sections.length).toBeGreaterThan(20);
    today.close();

    // The same rows in an index at migration 021, each section with the skeleton JSON it had.
    const before = path.join(tempDir('022'), 'migrations');
    fs.mkdirSync(before);
    for (const name of fs.readdirSync(MIGRATIONS)) if (Number(name.slice(0, 3)) <= 21) fs.copyFileSync(path.join(MIGRATIONS, name), path.join(before, name));
    const oldFile = path.join(tempDir('022'), 'drift.db');
    let db = openDb(oldFile, { migrate: false });
    migrate(db, TEAM_MIGRATIONS, 'team');
    migrate(db, before);
    expect((db.pragma('table_info(sections)') as { name: string }[]).map((c) => c.name)).toContain('skeleton_json');
    db.prepare('ATTACH DATABASE ? AS today').run(todayFile);
    // The runs' and documents' columns as they were at 021 (024 added parse_key, 025 content_run).
    db.exec(`INSERT INTO runs SELECT id, started_at, finished_at, status, files_seen, files_parsed, files_unchanged, files_added, files_deleted,
        parse_errors, duration_ms, source_commit, error, pid FROM today.runs;
      INSERT INTO documents SELECT id, locale, key, kind, path, content_hash, size, mtime_ms, title, frontmatter_json, frontmatter_lines_json,
        body_line, parse_error, first_seen_run, changed_run, deleted_run FROM today.documents;
      INSERT INTO sections (${COLUMNS}, skeleton_json) SELECT ${COLUMNS}, '["code:x","ul:2"]' FROM today.sections ORDER BY rowid;
      DETACH DATABASE today;`);
    db.close();

    db = openDb(oldFile);
    try {
      expect((db.pragma('table_info(sections)') as { name: string }[]).map((c) => c.name)).not.toContain('skeleton_json');
      expect(db.prepare(`SELECT ${COLUMNS} FROM sections ORDER BY rowid`).raw().all()).toEqual(sections);
      expect(db.prepare("SELECT 1 FROM migrations WHERE name = '022-drop-section-skeleton-json.sql'").pluck().get()).toBe(1);
      // And it indexes on: an unchanged sample stores nothing new, a re-read file writes the new rows.
      clock = Date.parse('2026-11-03T09:00:00Z');
      const summary = await indexSite({ config: resolveConfig({ root: SAMPLE, db: oldFile }, SAMPLE), db, now: () => new Date((clock += 60_000)) });
      expect(summary.added + summary.deleted).toBe(0);
    } finally {
      db.close();
    }
  });
});
