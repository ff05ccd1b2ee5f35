import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { resolveConfig } from '../../server/config.ts';
import { Reindexer } from '../../server/plugins/reindex.ts';
import { SAMPLE } from '../api/helpers.ts';

describe('Reindexer in the server process', () => {
  // The checks are imported statically: a re-index always runs them (it once loaded them with
  // import().catch(() => null) and indexed without checks when that failed).
  it('runs the checks in the run it starts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-reindex-'));
    const config = resolveConfig({ workers: 0 }, dir, null, { root: SAMPLE, db: ':memory:' });
    const db = openDb(':memory:');
    const errors: unknown[] = [];
    const reindexer = new Reindexer(db, config, { error: (obj) => errors.push(obj) });
    const runId = await reindexer.start();
    await reindexer.idle();
    expect(errors).toEqual([]);
    expect(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId)).toBe('complete');
    expect(db.prepare('SELECT count(*) FROM check_runs WHERE run_id = ?').pluck().get(runId)).toBe(1);
    expect(db.prepare('SELECT count(*) FROM findings WHERE run_id = ?').pluck().get(runId)).toBeGreaterThan(0);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
