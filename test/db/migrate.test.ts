import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrate, openDb } from '../../db/index.ts';

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
});
