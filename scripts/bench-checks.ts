/**
 * `npx tsx scripts/bench-checks.ts DB [--root DIR] [--repeat N] [--fresh] [--json]` (scripts/bench.ts runs it so, in a process of its own).
 *
 * Times runChecks over an already-indexed database as an index run with no file changes
 * runs them: each timed run is a new run (so every open finding is matched, kept or
 * resolved anew), inside one write transaction with its commit. The first run after the
 * cold index stores the findings; the next ones find them already open (the usual case).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { beginIndexWrite, openDb } from '../db/index.ts';
import { RunsRepository } from '../db/repositories/runs.ts';
import { loadConfig } from '../server/config.ts';
import type { ChecksSummary } from '../server/run-checks.ts';
import { runChecksWithBases } from '../server/check-with-bases.ts';

export interface BenchChecksOptions {
  db: string;
  /** Site root, for checks that read history (stale-translation); the config's root otherwise. */
  root?: string;
  /** Timed runs after the first (default 2). */
  repeat?: number;
  /** Also time one run in a new process (as `l10n-drift index` runs the checks once). */
  fresh?: boolean;
  log?: (line: string) => void;
}

export interface BenchChecksResult {
  /** Wall time of each run in ms, the first one first. */
  runsMs: number[];
  /** CPU time (user + system) of each run in ms. */
  cpuMs: number[];
  loadMs: number[];
  /** The one run in a new process, when asked for. */
  freshMs?: number;
  findings: number;
  summary: ChecksSummary;
}

/** Runs the checks on the latest complete run of `db` (1 + repeat times) and prints each time. */
export async function benchChecks(options: string | BenchChecksOptions): Promise<BenchChecksResult> {
  const opts: BenchChecksOptions = typeof options === 'string' ? { db: options } : options;
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const config = loadConfig({ db: opts.db, ...(opts.root ? { root: opts.root } : {}) });
  const db = openDb(config.db);
  try {
    const runs = new RunsRepository(db);
    const run = runs.latestComplete();
    // Checks read the index of the latest complete run; each timed run is a new, unchanged one.
    if (!run) throw new Error(`${opts.db}: no complete index run; index the site first`);
    const runsMs: number[] = [];
    const loadMs: number[] = [];
    // CPU time beside wall time: on a shared machine the wall figure includes waiting for a core.
    const cpuMs: number[] = [];
    let summary: ChecksSummary | undefined;
    for (let i = 0; i <= (opts.repeat ?? 2); i++) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      // As an index run begins: the index file's lock only, not the team file's.
      beginIndexWrite(db);
      try {
        const runId = runs.start(new Date());
        // Every pair each time: this figure is the full check run (bench-incremental.ts has the incremental ones).
        summary = await runChecksWithBases(db, config, runId, new Date(), { full: true });
        runs.finish(runId, new Date(), {
          files_seen: run.files_seen,
          files_parsed: 0,
          files_unchanged: run.files_seen,
          files_added: 0,
          files_deleted: 0,
          parse_errors: run.parse_errors,
          duration_ms: 0,
        });
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      cpuMs.push((cpu.user + cpu.system) / 1000);
      runsMs.push(ms);
      loadMs.push(summary.loadMs);
      log(
        `checks run ${i + 1}: ${(ms / 1000).toFixed(2)} s wall, ${(cpuMs[i]! / 1000).toFixed(2)} s CPU (loading the site ${(summary.loadMs / 1000).toFixed(2)} s), ` +
          `${summary.findings} findings: ${summary.inserted} new, ${summary.kept} kept, ${summary.resolved} resolved`,
      );
    }
    const load = os.loadavg()[0]!.toFixed(1);
    log(
      `checks: best ${(Math.min(...runsMs) / 1000).toFixed(2)} s wall, ${(Math.min(...cpuMs) / 1000).toFixed(2)} s CPU over ${runsMs.length} runs (load average ${load}, target ≤ 5 s)`,
    );
    // `l10n-drift index` checks once per process: time that too (no JIT warm-up from earlier runs).
    let freshMs: number | undefined;
    if (opts.fresh) {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), opts.db, ...(opts.root ? ['--root', opts.root] : []), '--repeat', '0', '--quiet'],
        { encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(`fresh-process check run failed: ${child.stderr}`);
      freshMs = (JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { runsMs: number[] }).runsMs[0]!;
      log(`checks in a fresh process (one run, as \`l10n-drift index\` does): ${(freshMs / 1000).toFixed(2)} s wall`);
    }
    return { runsMs, cpuMs, loadMs, findings: summary!.findings, summary: summary!, ...(freshMs !== undefined ? { freshMs } : {}) };
  } finally {
    db.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { root: { type: 'string' }, repeat: { type: 'string' }, fresh: { type: 'boolean' }, quiet: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const dbPath = positionals[0];
  if (!dbPath) {
    process.stderr.write('usage: tsx scripts/bench-checks.ts DB [--root DIR] [--repeat N] [--fresh] [--json]\n');
    process.exit(2);
  }
  const result = await benchChecks({
    db: dbPath,
    ...(values.root ? { root: values.root } : {}),
    ...(values.repeat ? { repeat: Number(values.repeat) } : {}),
    ...(values.fresh ? { fresh: true } : {}),
    // --json: the figures as JSON on stdout, the progress lines on stderr (scripts/bench.ts reads both).
    ...(values.quiet ? { log: () => {} } : values.json ? { log: (line: string) => process.stderr.write(line + '\n') } : {}),
  });
  if (values.quiet) process.stdout.write(JSON.stringify({ runsMs: result.runsMs }) + '\n');
  else if (values.json) process.stdout.write(JSON.stringify({ ...result, summary: undefined }) + '\n');
}
