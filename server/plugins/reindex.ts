import fp from 'fastify-plugin';
import { openDb, type Db } from '../../db/index.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import type { Config } from '../config.ts';
import { IndexBusyError, indexSite, type AfterIndex, type IndexSummary } from '../indexer/indexer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reindexer: Reindexer;
  }
}

type RunChecks = (db: Db, config: Config, runId: number, now: Date) => unknown;

/** The checks' entry point when server/checks/run.ts provides one; indexing works without it. */
export async function loadAfterIndex(config: Config): Promise<AfterIndex | undefined> {
  const spec = '../checks/run.ts';
  const mod = (await import(/* @vite-ignore */ spec).catch(() => null)) as { runChecks?: RunChecks } | null;
  const runChecks = mod?.runChecks;
  if (typeof runChecks !== 'function') return undefined;
  return (ctx) => {
    runChecks(ctx.db, config, ctx.runId, ctx.now);
  };
}

/** Indexes the site and runs the checks (when present), as `l10n-drift index` does. */
export async function indexWithChecks(config: Config, db: Db, now?: () => Date): Promise<IndexSummary> {
  const afterIndex = await loadAfterIndex(config);
  return indexSite({ config, db, ...(now ? { now } : {}), ...(afterIndex ? { afterIndex } : {}) });
}

/**
 * One in-process re-index at a time, on its own connection so API readers keep seeing
 * the last complete run (WAL) while it writes.
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
    const own = file && file !== ':memory:' && !this.db.memory;
    const db = own ? openDb(file, { migrate: false }) : this.db;
    const afterIndex = await loadAfterIndex(this.config);
    if (this.running) {
      if (own) db.close();
      throw new IndexBusyError(this.running.runId);
    }
    // indexSite records its run synchronously before its first await, so the newest run is ours.
    const promise = indexSite({ config: this.config, db, ...(afterIndex ? { afterIndex } : {}) });
    const runId = new RunsRepository(db).recent(1)[0]?.id ?? 0;
    const done = promise.then(
      () => undefined,
      (err: unknown) => this.log.error({ err }, `re-index run ${runId} failed`),
    ).finally(() => {
      this.running = null;
      if (own) db.close();
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
