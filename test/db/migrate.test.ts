import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrate, openDb, teamFileOf, teamWriter } from '../../db/index.ts';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../db/migrations');

describe('migrations', () => {
  it('apply in order once, are recorded, and a second open applies nothing', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-migrate-')), 'drift.db');
    const db = openDb(file);
    const recorded = db.prepare('SELECT id, name FROM migrations ORDER BY id').all() as { id: number; name: string }[];
    expect(recorded.map((m) => m.name)).toEqual(listMigrations().map((m) => m.name));
    expect(recorded.map((m) => m.id)).toEqual([...recorded.map((m) => m.id)].sort((a, b) => a - b));
    expect(migrate(db)).toBe(0);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    const again = openDb(file);
    expect(migrate(again)).toBe(0);
    again.close();
  });

  it('a migration that fails leaves nothing half-applied', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-migrate-bad-'));
    fs.writeFileSync(path.join(dir, '001-ok.sql'), 'CREATE TABLE a (x INTEGER);');
    fs.writeFileSync(path.join(dir, '002-bad.sql'), 'CREATE TABLE b (x INTEGER); THIS IS NOT SQL;');
    const db = openDb(':memory:', { migrate: false });
    expect(() => migrate(db, dir)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b') ORDER BY name").pluck().all()).toEqual(['a']);
    expect(db.prepare('SELECT name FROM migrations').pluck().all()).toEqual(['001-ok.sql']);
  });

  it('a database from before the team file: its users and claims move there (008), none stay in the index file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-migrate-team-'));
    const file = path.join(dir, 'drift.db');
    const upTo7 = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-migrate-old-'));
    for (const m of listMigrations().filter((m) => m.id < 8)) fs.copyFileSync(path.join(MIGRATIONS, m.name), path.join(upTo7, m.name));
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    migrate(old, upTo7);
    const runId = Number(old.prepare("INSERT INTO runs (started_at, status) VALUES ('2026-03-01T00:00:00.000Z', 'complete')").run().lastInsertRowid);
    old
      .prepare(
        "INSERT INTO users (id, name, role, locales_json, token_hash, created_at) VALUES (7, 'aiko', 'translator', '[\"ja-JP\"]', ?, '2026-03-01T00:00:00.000Z')",
      )
      .run('a'.repeat(64));
    old
      .prepare(
        `INSERT INTO claims (id, locale, key, user_id, status, claimed_at, expires_at, closed_at, closed_by, base_hash, base_run)
      VALUES (3, 'ja-JP', 'get-started', 7, 'completed', '2026-03-01T01:00:00.000Z', '2026-03-15T01:00:00.000Z', '2026-03-02T01:00:00.000Z', 7, 'abc', ?)`,
      )
      .run(runId);
    old.close();

    const db = openDb(file);
    expect(fs.existsSync(teamFileOf(file))).toBe(true);
    expect(db.prepare("SELECT name FROM main.sqlite_master WHERE name IN ('users', 'claims')").all()).toEqual([]);
    // Unqualified names reach the team file, on the readers' connection and on its writer.
    expect(db.prepare('SELECT id, name FROM users').all()).toEqual([{ id: 7, name: 'aiko' }]);
    expect(db.prepare('SELECT id, user_id, status, base_hash, base_run FROM claims').all()).toEqual([
      { id: 3, user_id: 7, status: 'completed', base_hash: 'abc', base_run: runId },
    ]);
    expect(teamWriter(db).prepare('SELECT COUNT(*) FROM claims').pluck().get()).toBe(1);
    db.close();
    // Opened again: nothing left to move, nothing moved twice.
    const again = openDb(file);
    expect(migrate(again)).toBe(0);
    expect(again.prepare('SELECT COUNT(*) FROM claims').pluck().get()).toBe(1);
    again.close();
  });
});
