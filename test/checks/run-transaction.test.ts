import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RunsRepository } from '../../db/repositories/runs.ts';
import { runChecks } from '../../server/run-checks.ts';
import { copySample, indexRoot } from './helpers.ts';

// `l10n-drift check` runs the checks outside an index run. Its reads (the site, the open
// findings) and its writes must be one state of the database: another process must not commit
// in between (a finding it opened would be inserted twice, one it resolved counted as kept).
describe('a check run outside an index run', () => {
  it('holds the write lock from its first read to its last write', async () => {
    const site = await indexRoot(copySample());
    const other = new Database(site.config.db);
    other.pragma('busy_timeout = 0');
    try {
      const runs = new RunsRepository(site.db);
      const runId = runs.latestComplete()!.id;
      const attempts: string[] = [];
      // Called by the stale check in the middle of the run: another writer tries to begin.
      const staleBase = () => {
        try {
          other.exec('BEGIN IMMEDIATE');
          other.exec('ROLLBACK');
          attempts.push('began');
        } catch (err) {
          attempts.push((err as { code?: string }).code ?? String(err));
        }
        return undefined;
      };
      const summary = runChecks(site.db, site.config, runId, new Date('2024-02-01T00:00:00Z'), { staleBase });
      expect(summary.findings).toBeGreaterThan(50);
      expect(attempts.length).toBeGreaterThan(0);
      expect(new Set(attempts)).toEqual(new Set(['SQLITE_BUSY']));
      // Released at the end: the other writer gets its turn.
      other.exec('BEGIN IMMEDIATE');
      other.exec('ROLLBACK');
    } finally {
      other.close();
      site.close();
    }
  });
});
