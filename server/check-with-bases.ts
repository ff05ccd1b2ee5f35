/**
 * Every check run of the index, CLI and server: the stale-detection bases are resolved first,
 * asynchronously (git as child processes, server/history), then the checks run in one write
 * transaction with them (server/run-checks.ts). The one way callers of runChecks get bases.
 */
import v8 from 'node:v8';
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
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  try {
    return await resolveAndRun(db, config, runId, now, checks, options.full ?? false);
  } finally {
    // Back to V8's own heuristics for whatever the process does next (a server answering requests).
    v8.setFlagsFromString('--heap-growing-percent=0');
  }
}

/**
 * How much the heap may grow past what the last full garbage collection kept, during a check
 * run. With V8's default, a cold index of the Kubernetes site ran one full collection early in
 * the checks (~110 MB kept) and then let the old generation fill with what the run had already
 * dropped (~290 MB used at the end, ~180 MB of it live in a heap snapshot): peak RSS 436–472 MB.
 * With 30 %: 399 MB, the same 40,472 findings. A full re-check in a process of its own: 405–411 MB
 * → 356–358 MB, CPU time within the loaded machine's noise (2026-12-05).
 */
const HEAP_GROWING_PERCENT = 30;

async function resolveAndRun(db: Db, config: Config, runId: number, now: Date, checks: CheckDefinition[], full: boolean): Promise<ChecksSummary> {
  for (let attempt = 0; ; attempt++) {
    const version = dataVersion(db);
    const staleBase = await resolveStaleBases(db, config, checks);
    const summary = indexWrite(db, () =>
      dataVersion(db) === version || attempt >= 3 ? runChecks(db, config, runId, now, { checks, full, ...(staleBase ? { staleBase } : {}) }) : null,
    );
    if (summary) return summary;
  }
}

/** Changes when another connection commits to the index file (never for this connection's own writes). */
function dataVersion(db: Db): number {
  return db.pragma('main.data_version', { simple: true }) as number;
}
