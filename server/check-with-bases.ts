/**
 * Every check run of the index, CLI and server: the stale-detection bases are resolved first,
 * asynchronously (git as child processes, server/history), then the checks run in one write
 * transaction with them (server/run-checks.ts). The one way callers of runChecks get bases.
 */
import { indexWrite, type Db } from '../db/index.ts';
import type { Config } from './config.ts';
import type { CheckDefinition } from './checks/define.ts';
import { CHECKS } from './checks/registry.ts';
import { resolveStaleBases } from './history/lookup.ts';
import { runChecks, type ChecksSummary } from './run-checks.ts';

/**
 * Resolves the bases, then runs the checks of run `runId`.
 *
 * Consistency: a base is a function of git and of the indexed documents (paths, content hashes,
 * the runs that changed them, English redirects and versions). The bases are read from the
 * index before the checks' transaction opens; the checks then read the same documents. Inside an
 * index run (`afterIndex`) the run's own transaction is open all along, so both see exactly the
 * documents this run wrote. Outside one (a run indexed with --no-checks, checked later) another
 * process may commit an index run while git runs: the checks' transaction, which holds the
 * index's write lock, sees that by `data_version` and the bases are resolved again.
 */
export async function runChecksWithBases(
  db: Db,
  config: Config,
  runId: number,
  now: Date,
  options: { checks?: CheckDefinition[]; full?: boolean } = {},
): Promise<ChecksSummary> {
  const checks = options.checks ?? CHECKS;
  for (let attempt = 0; ; attempt++) {
    const version = dataVersion(db);
    const staleBase = await resolveStaleBases(db, config, checks);
    const summary = indexWrite(db, () =>
      dataVersion(db) === version || attempt >= 3
        ? runChecks(db, config, runId, now, { checks, full: options.full ?? false, ...(staleBase ? { staleBase } : {}) })
        : null,
    );
    if (summary) return summary;
  }
}

/** Changes when another connection commits to the index file (never for this connection's own writes). */
function dataVersion(db: Db): number {
  return db.pragma('main.data_version', { simple: true }) as number;
}
