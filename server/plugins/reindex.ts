import fp from 'fastify-plugin';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/index.ts';
import { RunsRepository, type RunRow } from '../../db/repositories/runs.ts';
import { configSource, type Config } from '../config.ts';
import { IndexBusyError, PATHS_LIMIT, REPARSE_REASONS, indexSite, type IndexSummary } from '../indexer/indexer.ts';
import { checksAfterIndex } from './index-run.ts';
import type { ReindexRunMessage, ReindexThreadData, ReindexThreadMessage } from './reindex-worker.ts';

export { indexWithChecks } from './index-run.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reindexer: Reindexer;
  }
}

/** A config file's JSON ({} without one), for a config whose inputs were not recorded. */
function readConfigFile(file: string | null): unknown {
  return file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown) : {};
}

const BOOT = new URL('../indexer/worker-boot.mjs', import.meta.url);
const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './reindex-worker.ts' : './reindex-worker.js', import.meta.url).href;

/** How a run ended: its error (null when it completed), whether it walked the site (null when unknown: it failed), why it parsed every file again. */
interface RunEnd {
  error: string | null;
  walked: boolean | null;
  reparsed?: IndexSummary['reparsed'];
}

/** What a run looked at: `walked` false when it stat'ed only the changed paths it was given (`paths` of them); null when it failed. */
export interface RunScope {
  walked: boolean | null;
  paths: number | null;
}

interface ThreadRun {
  started: (runId: number) => void;
  notStarted: (err: Error) => void;
  finished: (end: RunEnd) => void;
  runId: number | null;
}

/**
 * The long-lived re-index thread: started once (loading the modules and the TypeScript loader
 * takes a second or more) and kept, so a save costs its run and nothing else. One run at a time.
 */
class ReindexThread {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private current: ThreadRun | null = null;

  constructor(private readonly init: ReindexThreadData) {}

  /** Starts the thread if it is not running; resolves once it has loaded. */
  async boot(): Promise<Worker> {
    this.ready ??= this.spawn();
    return this.ready;
  }

  private async spawn(): Promise<Worker> {
    // libuv's thread pool takes the nice value of the thread that starts it: start it here, at the
    // server's priority, before the re-index thread lowers its own.
    await fs.promises.access(this.init.config.baseDir).catch(() => {});
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY, init: this.init } });
    worker.unref();
    this.worker = worker;
    const gone = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.ready = null;
      const run = this.current;
      this.current = null;
      if (run?.runId != null) run.finished({ error: err.stack ?? err.message, walked: null });
      else run?.notStarted(err);
    };
    return new Promise<Worker>((resolve, reject) => {
      worker.on('message', (m: ReindexThreadMessage) => {
        const run = this.current;
        if (m.type === 'ready') resolve(worker);
        else if (m.type === 'started' && run) {
          run.runId = m.runId;
          run.started(m.runId);
        } else if (m.type === 'finished' && run) {
          this.current = null;
          worker.unref();
          run.finished({ error: m.error, walked: m.walked ?? null, reparsed: m.reparsed ?? null });
        } else if (m.type === 'not-started' && run) {
          this.current = null;
          worker.unref();
          run.notStarted(m.busyRunId !== null ? new IndexBusyError(m.busyRunId) : new Error(m.error));
        }
      });
      worker.on('error', (err) => {
        reject(err);
        gone(err);
      });
      worker.on('exit', (code) => {
        const err = new Error(`the re-index thread exited with code ${code}`);
        reject(err);
        gone(err);
      });
    });
  }

  /** Starts a run (of `paths` only, when given); resolves with its id once recorded, and `done` with its error (null when it completed). */
  async run(paths?: string[]): Promise<{ runId: number; done: Promise<RunEnd> }> {
    const worker = await this.boot();
    if (this.current) throw new Error('the re-index thread is already running');
    let finished!: (end: RunEnd) => void;
    const done = new Promise<RunEnd>((resolve) => (finished = resolve));
    const runId = await new Promise<number>((resolve, reject) => {
      this.current = { started: resolve, notStarted: reject, finished, runId: null };
      worker.ref();
      worker.postMessage({ type: 'run', ...(paths ? { paths } : {}) } satisfies ReindexRunMessage);
    });
    return { runId, done };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }
}

/**
 * One re-index at a time. It runs in the server's re-index thread (ReindexThread): parsing and
 * storing 36k files would otherwise hold the API's event loop for minutes, and readers keep
 * seeing the last complete run (WAL) until the thread commits. The thread is started once and
 * kept warm, so a saved file costs its run only (it used to start `l10n-drift index` in a child
 * process, whose start-up cost 1–3 s a save). An in-memory database cannot be shared with
 * another connection, so it is indexed in this process.
 */
export class Reindexer {
  private running: { runId: number; done: Promise<void> } | null = null;
  private readonly finishedListeners = new Set<(run: RunRow, scope: RunScope) => void>();
  /** A run was asked for while one ran: exactly one follows it, whatever the number of asks. */
  private followUp = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** A run is starting and has not recorded its run yet (the re-index thread may still be loading). */
  private starting: Promise<number> | null = null;
  private closed = false;
  private runThread: ReindexThread | null = null;
  /**
   * What the next run must look at: the site paths changed since the last complete run, or
   * 'walk' when they are not known (no run of this server has completed yet, a run failed, a
   * run was asked for without paths, or more changed than PATHS_LIMIT).
   */
  private pending: Set<string> | 'walk' = 'walk';

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly log: { error: (obj: unknown, msg: string) => void; warn?: (msg: string) => void },
  ) {}

  /** The run in progress, here or in another process. */
  activeRunId(): number | null {
    return this.running?.runId ?? new RunsRepository(this.db).activeRun()?.id ?? null;
  }

  /** Calls `listener` with the run's row (and what it looked at) each time a run started here ends (complete or failed); returns the unsubscribe. */
  onRunFinished(listener: (run: RunRow, scope: RunScope) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  /**
   * Asks for a run (the site changed): one starts now, or once the running one has ended.
   * Any number of asks during a run make one follow-up run; a run of another process
   * (`l10n-drift index` in a terminal) is waited out. `paths` (site-relative or absolute): the
   * files that changed, when the caller knows them all; without them the run walks the site.
   */
  request(paths?: Iterable<string>): void {
    if (this.closed) return;
    this.remember(paths);
    if (this.starting || this.activeRunId() !== null) {
      this.followUp = true;
      // A run of this process calls back when it ends; one of another process is polled for.
      if (!this.running) this.retryLater();
      return;
    }
    this.followUp = false;
    this.begin(false).catch((err: unknown) => {
      if (err instanceof IndexBusyError) {
        this.followUp = true;
        if (!this.running) this.retryLater();
      } else this.log.error({ err }, 'could not start a re-index run');
    });
  }

  /** Adds changed paths to the next run's (none: the next run walks). */
  private remember(paths: Iterable<string> | undefined | 'walk'): void {
    if (this.pending === 'walk') return;
    if (!paths || paths === 'walk') this.pending = 'walk';
    else {
      for (const p of paths) this.pending.add(p);
      if (this.pending.size > PATHS_LIMIT) this.pending = 'walk';
    }
  }

  /** The paths for the run about to start (undefined: walk), and a fresh set for changes from now on. */
  private takePending(walk: boolean): string[] | undefined {
    const taken = this.pending;
    this.pending = new Set();
    return walk || taken === 'walk' ? undefined : [...taken];
  }

  private retryLater(): void {
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = null;
      // No new paths: the ones remembered meanwhile (or a walk) are the follow-up's.
      if (this.followUp) this.request([]);
    }, 1000);
  }

  private finished(runId: number, scope: RunScope): void {
    this.running = null;
    const run = new RunsRepository(this.db).get(runId);
    if (run) {
      for (const listener of this.finishedListeners) {
        try {
          listener(run, scope);
        } catch (err) {
          this.log.error({ err }, 'run-finished listener failed');
        }
      }
    }
    // The follow-up looks at what changed during this run (remembered by the asks), not the whole site.
    if (this.followUp) this.request([]);
  }

  /** Starts a run of the whole site in the background and returns its id; IndexBusyError while one runs. */
  async start(): Promise<number> {
    return this.begin(true);
  }

  /** Starts a run: of the paths changed since the last complete run when they are known and `walk` is false, else of the whole site. */
  private async begin(walk: boolean): Promise<number> {
    if (this.starting) throw new IndexBusyError(await this.starting.catch(() => 0));
    const active = this.activeRunId();
    if (active !== null) throw new IndexBusyError(active);
    const thread = this.thread();
    const taken = this.takePending(walk);
    this.starting = thread ? this.startInThread(thread, taken) : this.startHere(taken);
    try {
      return await this.starting;
    } catch (err) {
      // Not started: its changes wait for the next run.
      this.remember(taken ?? 'walk');
      throw err;
    } finally {
      this.starting = null;
    }
  }

  private thread(): ReindexThread | null {
    const file = this.db.name;
    if (!file || file === ':memory:' || this.db.memory) return null;
    this.runThread ??= new ReindexThread({ config: this.threadConfig(), dbFile: file });
    return this.runThread;
  }

  /** How the thread resolves the server's config: from the same inputs when known, else as `l10n-drift index --config --root` would. */
  private threadConfig(): ReindexThreadData['config'] {
    return (
      configSource(this.config) ?? {
        raw: readConfigFile(this.config.configFile),
        baseDir: this.config.configFile ? path.dirname(this.config.configFile) : this.config.baseDir,
        file: this.config.configFile,
        overrides: { root: this.config.root, db: this.config.db },
        cwd: this.config.baseDir,
      }
    );
  }

  /**
   * Starts the re-index thread ahead of the first run (`serve --watch`), so the first save does not
   * wait for it to load; resolves once it has loaded (a failure is logged, and the first run retries).
   */
  async warm(): Promise<void> {
    if (this.closed) return;
    await this.thread()
      ?.boot()
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err }, 'the re-index thread did not start'),
      );
  }

  private async startInThread(thread: ReindexThread, paths: string[] | undefined): Promise<number> {
    const { runId, done } = await thread.run(paths);
    this.running = {
      runId,
      done: done.then(({ error, walked, reparsed }) => {
        this.warnReparsed(runId, reparsed ?? null);
        if (error) {
          // Its changes were rolled back with it: the next run walks.
          this.remember('walk');
          this.log.error({ err: error }, `re-index run ${runId} failed`);
          // A thread that died mid-run (killed, out of memory) left its row running under this
          // process's id, which would read as a run in progress until the server restarts.
          try {
            new RunsRepository(this.db).fail(runId, new Date(), `The re-index thread stopped: ${error.split('\n')[0]}`);
          } catch (err) {
            this.log.error({ err }, `could not mark run ${runId} failed`);
          }
        }
        // This thread's layout answers the API (page URLs): it follows the site data the run
        // read too, from the run's changed paths (all changes since the run before) or read anew.
        try {
          this.config.layout.refresh?.(paths);
        } catch (err) {
          this.log.error({ err }, 'could not read the site data again');
        }
        this.finished(runId, { walked, paths: walked === false ? (paths?.length ?? null) : null });
      }),
    };
    return runId;
  }

  /** A run that parsed every file again because another version of l10n-drift writes the index in turn: said in the log. */
  private warnReparsed(runId: number, reparsed: IndexSummary['reparsed']): void {
    if (reparsed === 'alternating') this.log.warn?.(`re-index run ${runId}: ${REPARSE_REASONS.alternating}`);
  }

  private async startHere(paths: string[] | undefined): Promise<number> {
    if (this.running) throw new IndexBusyError(this.running.runId);
    // indexSite records its run synchronously before its first await, so the newest run is ours.
    const promise = indexSite({ config: this.config, db: this.db, afterIndex: checksAfterIndex(this.config), ...(paths ? { paths } : {}) });
    const runId = new RunsRepository(this.db).recent(1)[0]?.id ?? 0;
    const done = promise
      .then(
        (summary): RunScope => {
          this.warnReparsed(runId, summary.reparsed);
          return { walked: summary.walked, paths: summary.walked ? null : (paths?.length ?? null) };
        },
        (err: unknown): RunScope => {
          this.remember('walk');
          this.log.error({ err }, `re-index run ${runId} failed`);
          return { walked: null, paths: null };
        },
      )
      .then((scope) => this.finished(runId, scope));
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

  /** No more runs on request (the server is closing); the running one is left to finish, then the re-index thread ends. */
  async close(): Promise<void> {
    this.closed = true;
    this.followUp = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.starting?.catch(() => {});
    await this.idle();
    await this.runThread?.close();
  }
}

export const reindexPlugin = fp<{ db: Db; config: Config }>(async (app, { db, config }) => {
  const reindexer = new Reindexer(db, config, app.log);
  app.decorate('reindexer', reindexer);
  app.addHook('onClose', async () => {
    await reindexer.close();
  });
});
