import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { ClaimsRepository } from '../../db/repositories/claims.ts';

const TEAM_MIGRATIONS = path.resolve(import.meta.dirname, '../../db/team-migrations');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-claim-events-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A team file from before the claims history (team migrations 001–002 only), with claims in every
 * state: opening it with today's code adds claim_events with each claim's start and close, so the
 * history of old claims is not empty (renewals before the history were never recorded).
 */
describe('team migration 003: claim history of earlier claims', () => {
  it('backfills claimed, released and completed steps; expiry is read from the claims table', () => {
    const file = path.join(dir, 'drift.db');
    const team = new Database(path.join(dir, 'drift.team.db'));
    team.exec('CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, hash TEXT)');
    for (const name of ['001-users-claims.sql', '002-dismissals.sql']) {
      team.exec(fs.readFileSync(path.join(TEAM_MIGRATIONS, name), 'utf8').replaceAll('team.', ''));
      team
        .prepare('INSERT INTO migrations (id, name, applied_at, hash) VALUES (?, ?, ?, NULL)')
        .run(Number(name.slice(0, 3)), name, '2026-11-01T00:00:00.000Z');
    }
    team.exec(`INSERT INTO users (id, name, role, locales_json, token_hash, created_at) VALUES
        (1, 'kenji', 'translator', '["ja-JP"]', '${'a'.repeat(64)}', '2026-11-01T00:00:00.000Z'),
        (2, 'maria', 'manager', '[]', '${'b'.repeat(64)}', '2026-11-01T00:00:00.000Z');
      INSERT INTO claims (id, locale, key, user_id, status, claimed_at, expires_at, closed_at, closed_by) VALUES
        (1, 'ja-JP', 'a', 1, 'completed', '2026-11-02T00:00:00.000Z', '2026-11-16T00:00:00.000Z', '2026-11-05T00:00:00.000Z', 1),
        (2, 'ja-JP', 'b', 1, 'released', '2026-11-03T00:00:00.000Z', '2026-11-17T00:00:00.000Z', '2026-11-04T00:00:00.000Z', 2),
        (3, 'ja-JP', 'c', 1, 'expired', '2026-11-03T00:00:00.000Z', '2026-11-17T00:00:00.000Z', '2026-11-17T00:00:00.000Z', NULL),
        (4, 'ja-JP', 'd', 1, 'active', '2026-11-20T00:00:00.000Z', '2026-12-04T00:00:00.000Z', NULL, NULL);`);
    team.close();

    const db = openDb(file);
    try {
      const events = db.prepare('SELECT claim_id, kind, at, by_user FROM claim_events ORDER BY claim_id, at').all();
      expect(events).toEqual([
        { claim_id: 1, kind: 'claimed', at: '2026-11-02T00:00:00.000Z', by_user: 1 },
        { claim_id: 1, kind: 'completed', at: '2026-11-05T00:00:00.000Z', by_user: 1 },
        { claim_id: 2, kind: 'claimed', at: '2026-11-03T00:00:00.000Z', by_user: 1 },
        { claim_id: 2, kind: 'released', at: '2026-11-04T00:00:00.000Z', by_user: 2 },
        { claim_id: 3, kind: 'claimed', at: '2026-11-03T00:00:00.000Z', by_user: 1 },
        { claim_id: 4, kind: 'claimed', at: '2026-11-20T00:00:00.000Z', by_user: 1 },
      ]);
      // The history adds each expiry from the claims table: the recorded one and the one due by the clock.
      const history = new ClaimsRepository(db).history({ sourceLocale: 'en', limit: 50, offset: 0 }, new Date('2026-12-05T00:00:00.000Z'));
      expect(history.total).toBe(8);
      expect(history.rows.filter((r) => r.kind === 'expired').map((r) => [r.claim_id, r.at, r.holder_name])).toEqual([
        [4, '2026-12-04T00:00:00.000Z', 'kenji'],
        [3, '2026-11-17T00:00:00.000Z', 'kenji'],
      ]);
      // Opening again applies nothing twice.
      db.close();
      const again = openDb(file);
      expect(again.prepare('SELECT COUNT(*) FROM claim_events').pluck().get()).toBe(6);
      again.close();
    } finally {
      if (db.open) db.close();
    }
  });
});
