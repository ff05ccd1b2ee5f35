import fp from 'fastify-plugin';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/index.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import type { Config } from '../config.ts';
import { runChecks } from '../checks/run.ts';
import { IndexBusyError, indexSite, type AfterIndex, type IndexSummary } from '../indexer/indexer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reindexer: Reindexer;
  }
}

/** The checks, run inside the index run's transaction. */
function checksAfterIndex(config: Config): AfterIndex {
  return (ctx) => {
    runChecks(ctx.db, config, ctx.runId, ctx.now);
  };
}

/** Indexes the site and runs the checks, as `l10n-drift index` does. */
export async function indexWithChecks(config: Config, db: Db, now?: () => Date): Promise<IndexSummary> {
  return indexSite({ config, db, ...(now ? { now } : {}), afterIndex: checksAfterIndex(config) });
}

const CLI = fileURLToPath(new URL('../../scripts/cli.ts', import.meta.url));

/**
 * One re-index at a time. It runs as `l10n-drift index` in a child process: parsing and
 * storing 36k files would otherwise hold the API's event loop for minutes, and readers
 * keep seeing the last complete run (WAL) until the child commits. An in-memory database
 * cannot be shared with a child, so it is indexed in this process.
 */
export class Reindexer {
  private running: { runId: number; done: Promise<void> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly log: { error: (obj: unknown, msg: string) => void },
  ) {}

  /** The run in progress, here or in another process. */
  activeRunId(): number | null {
    return this.running?.runId ?? new RunsRepository(this.db).activeRun()?.id ?? null;
  }

  /** Starts a run in the background and returns its id; IndexBusyError while one runs. */
  async start(): Promise<number> {
    const active = this.activeRunId();
    if (active !== null) throw new IndexBusyError(active);
    const file = this.db.name;
    return file && file !== ':memory:' && !this.db.memory ? this.startChild(file) : this.startHere();
  }

  private async startChild(file: string): Promise<number> {
    const runs = new RunsRepository(this.db);
    const before = runs.recent(1)[0]?.id ?? 0;
    const args = [...(CLI.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : []), CLI, 'index', '--quiet', '--db', file, '--root', this.config.root];
    if (this.config.configFile) args.push('--config', this.config.configFile);
    const child = spawn(process.execPath, args, { cwd: this.config.baseDir, stdio: ['ignore', 'ignore', 'pipe'] });
    // Readers come first: at a lower priority the re-index yields the CPU to API requests
    // (measured: p95 during a re-index went from ~2× idle to below idle on two cores).
    if (child.pid) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        /* not permitted on this system: the run still works, just at normal priority */
      }
    }
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let finished = false;
    void exited.then(() => (finished = true));
    // The child records its run first thing; wait for that row (or for the child to fail).
    let runId = 0;
    for (let waited = 0; waited < 60_000; waited += 25) {
      runId = runs.recent(1)[0]?.id ?? 0;
      if (runId > before) break;
      if (finished) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    if (runId <= before) {
      child.kill('SIGTERM');
      const again = runs.activeRun();
      if (again) throw new IndexBusyError(again.id);
      throw new Error(`l10n-drift index did not start a run: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}`);
    }
    const done = exited.then((code) => {
      if (code !== 0) this.log.error({ code, stderr }, `re-index run ${runId} failed`);
      this.running = null;
    });
    this.running = { runId, done };
    return runId;
  }

  private async startHere(): Promise<number> {
    if (this.running) throw new IndexBusyError(this.running.runId);
    // indexSite records its run synchronously before its first await, so the newest run is ours.
    const promise = indexSite({ config: this.config, db: this.db, afterIndex: checksAfterIndex(this.config) });
    const runId = new RunsRepository(this.db).recent(1)[0]?.id ?? 0;
    const done = promise.then(
      () => undefined,
      (err: unknown) => this.log.error({ err }, `re-index run ${runId} failed`),
    ).finally(() => {
      this.running = null;
    });
    this.running = { runId, done };
    return runId;
  }

  /** Resolves when the current run (if any) has finished. */
  async idle(): Promise<void> {
    await this.running?.done;
  }
}

export const reindexPlugin = fp<{ db: Db; config: Config }>(async (app, { db, config }) => {
  const reindexer = new Reindexer(db, config, app.log);
  app.decorate('reindexer', reindexer);
  app.addHook('onClose', async () => reindexer.idle());
});
