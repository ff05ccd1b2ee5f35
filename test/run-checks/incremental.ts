/**
 * Incremental check runs against full ones: a site copied to a temp folder is edited step by
 * step (seeded random edits), indexed incrementally after each step, and compared with a full
 * re-check of the same index (a copy of the database, every pair checked): the open findings
 * (fingerprint, check, message, severity, data, place, first-seen run) and the per-locale counts
 * must be identical. Shared by the sample test and the opt-in Kubernetes one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../db/index.ts';
import { FindingsRepository } from '../../db/repositories/findings.ts';
import type { Config } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import type { ChecksSummary } from '../../server/run-checks.ts';

export interface Comparison {
  incremental: ChecksSummary;
  full: ChecksSummary;
  /** Open findings as each run left them, one line each, sorted. */
  incrementalFindings: string[];
  fullFindings: string[];
  incrementalCounts: unknown;
  fullCounts: unknown;
}

// Every locale an incremental run looks at in part is paired whole too: a part that read too little throws (checks/run.ts: verify).
process.env.L10N_DRIFT_VERIFY_PARTIAL = '1';

let clock = Date.parse('2026-03-02T09:00:00Z');

/** Indexes `config`'s site incrementally into `db`, then re-checks a copy of it in full. */
export async function indexAndCompare(config: Config, db: Db, full = false): Promise<Comparison> {
  let incremental: ChecksSummary | undefined;
  const summary = await indexSite({
    config,
    db,
    allowMassDelete: true,
    now: () => new Date((clock += 60_000)),
    afterIndex: async ({ db: tx, runId, now }) => {
      incremental = await runChecksWithBases(tx, config, runId, now, { full });
    },
  });
  const copyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-incr-full-')), 'full.db');
  db.exec(`VACUUM INTO '${copyFile.replaceAll("'", "''")}'`);
  const copy = openDb(copyFile);
  try {
    // The same run checked again with every pair: what a full run finds at this point.
    const fullRun = await runChecksWithBases(copy, config, summary.runId, new Date(clock), { full: true });
    return {
      incremental: incremental!,
      full: fullRun,
      incrementalFindings: openFindings(db),
      fullFindings: openFindings(copy),
      incrementalCounts: new FindingsRepository(db).openCounts(),
      fullCounts: new FindingsRepository(copy).openCounts(),
    };
  } finally {
    copy.close();
    fs.rmSync(path.dirname(copyFile), { recursive: true, force: true });
  }
}

function openFindings(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT fingerprint, locale, key, path, check_id, message_id, severity, message, data_json, line, section, first_run
        FROM findings WHERE resolved_run IS NULL`,
      )
      .raw()
      .all() as unknown[][]
  )
    .map((r) => JSON.stringify(r))
    .sort();
}
