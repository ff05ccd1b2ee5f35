import fp from 'fastify-plugin';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/index.ts';
import { RunsRepository, type RunRow } from '../../db/repositories/runs.ts';
import type { Config } from '../config.ts';
import { runChecksWithBases } from '../check-with-bases.ts';
import { IndexBusyError, indexSite, type AfterIndex, type IndexSummary } from '../indexer/indexer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reindexer: Reindexer;
  }
}

/** The checks, run inside the index run's transaction (their bases resolved first). */
function checksAfterIndex(config: Config): AfterIndex {
  return async (ctx) => {
    await runChecksWithBases(ctx.db, config, ctx.runId, ctx.now);
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
  private readonly finishedListeners = new Set<(run: RunRow) => void>();
  /** A run was asked for while one ran: exactly one follows it, whatever the number of asks. */
  private followUp = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** A child is starting and has not recorded its run yet (it takes seconds to load). */
  private starting: Promise<number> | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly log: { error: (obj: unknown, msg: string) => void },
  ) {}

  /** The run in progress, here or in another process. */
  activeRunId(): number | null {
    return this.running?.runId ?? new RunsRepository(this.db).activeRun()?.id ?? null;
  }

  /** Calls `listener` with the run's row each time a run started here ends (complete or failed); returns the unsubscribe. */
  onRunFinished(listener: (run: RunRow) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  /**
   * Asks for a run (the site changed): one starts now, or once the running one has ended.
   * Any number of asks during a run make one follow-up run; a run of another process
   * (`l10n-drift index` in a terminal) is waited out.
   */
  request(): void {
    if (this.closed) return;
    if (this.starting || this.activeRunId() !== null) {
      this.followUp = true;
      // A run of this process calls back when it ends; one of another process is polled for.
      if (!this.running) this.retryLater();
      return;
    }
    this.followUp = false;
    this.start().catch((err: unknown) => {
      if (err instanceof IndexBusyError) {
        this.followUp = true;
        if (!this.running) this.retryLater();
      } else this.log.error({ err }, 'could not start a re-index run');
    });
  }

  private retryLater(): void {
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = null;
      if (this.followUp) this.request();
    }, 1000);
  }

  private finished(runId: number): void {
    this.running = null;
    const run = new RunsRepository(this.db).get(runId);
    if (run) {
      for (const listener of this.finishedListeners) {
        try {
          listener(run);
        } catch (err) {
          this.log.error({ err }, 'run-finished listener failed');
        }
      }
    }
    if (this.followUp) this.request();
  }

  /** Starts a run in the background and returns its id; IndexBusyError while one runs. */
  async start(): Promise<number> {
    if (this.starting) throw new IndexBusyError(await this.starting.catch(() => 0));
    const active = this.activeRunId();
    if (active !== null) throw new IndexBusyError(active);
    const file = this.db.name;
    this.starting = file && file !== ':memory:' && !this.db.memory ? this.startChild(file) : this.startHere();
    try {
      return await this.starting;
    } finally {
      this.starting = null;
    }
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
      this.finished(runId);
    });
    this.running = { runId, done };
    return runId;
  }

  private async startHere(): Promise<number> {
    if (this.running) throw new IndexBusyError(this.running.runId);
    // indexSite records its run synchronously before its first await, so the newest run is ours.
    const promise = indexSite({ config: this.config, db: this.db, afterIndex: checksAfterIndex(this.config) });
    const runId = new RunsRepository(this.db).recent(1)[0]?.id ?? 0;
    const done = promise
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err }, `re-index run ${runId} failed`),
      )
      .finally(() => this.finished(runId));
    this.running = { runId, done };
    return runId;
  }

  /** A run is starting, running or asked for. */
  get busy(): boolean {
    return this.starting !== null || this.running !== null || this.followUp || this.retryTimer !== null;
  }

  /** Resolves when the current run (if any) has finished. */
  async idle(): Promise<void> {
    await this.running?.done;
  }

  /** No more runs on request (the server is closing); the running one is left to finish. */
  close(): void {
    this.closed = true;
    this.followUp = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}

export const reindexPlugin = fp<{ db: Db; config: Config }>(async (app, { db, config }) => {
  const reindexer = new Reindexer(db, config, app.log);
  app.decorate('reindexer', reindexer);
  app.addHook('onClose', async () => {
    reindexer.close();
    await reindexer.idle();
  });
});
