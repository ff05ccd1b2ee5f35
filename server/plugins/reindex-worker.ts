/**
 * The server's re-index thread (started by the Reindexer through server/indexer/worker-boot.mjs):
 * its own connection to the database file, modules, parser and language model kept warm between
 * runs. Each `run` message is one `indexWithChecks` run (of the changed paths it names, or of the whole site), as `l10n-drift index` does it; readers on
 * the main thread keep seeing the last complete run (WAL) until this one commits.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../../db/index.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import { resolveConfig, type ConfigSource } from '../config.ts';
import { IndexBusyError, type IndexSummary } from '../indexer/indexer.ts';
import { indexWithChecks } from './index-run.ts';

/** Messages from this thread to the Reindexer. */
export type ReindexThreadMessage =
  | { type: 'ready' }
  /** The run is recorded (the indexer does that before its first await). */
  | { type: 'started'; runId: number }
  /** The run ended; `error` when it failed; `walked`: it walked the site (false: it looked at the changed paths only). */
  | { type: 'finished'; runId: number; error: string | null; walked?: boolean; reparsed?: IndexSummary['reparsed'] }
  /** No run was recorded: another one is active (`busyRunId`), or the run failed before it began. */
  | { type: 'not-started'; busyRunId: number | null; error: string };

export interface ReindexThreadData {
  config: ConfigSource;
  dbFile: string;
}

const port = parentPort;
if (!port) throw new Error('reindex-worker.ts runs as a worker thread (the Reindexer starts it)');
const { config: source, dbFile } = (workerData as { init: ReindexThreadData }).init;

// Readers come first: at a lower priority the re-index yields the CPU to API requests. On Linux
// a nice value is per thread: this lowers this thread (and the parser threads it starts), not
// the server's main thread.
try {
  os.setPriority(10);
} catch {
  /* not permitted on this system: the runs still work, at normal priority */
}

const config = resolveConfig(source.raw, source.baseDir, source.file, source.overrides, source.cwd);
const db = openDb(dbFile);
const runs = new RunsRepository(db);
const post = (message: ReindexThreadMessage) => port.postMessage(message);

const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** A run; `paths`: the files that changed since the last complete run, when the watcher knows them (else the site is walked). */
export interface ReindexRunMessage {
  type: 'run';
  paths?: string[];
}

port.on('message', (message: ReindexRunMessage) => {
  if (message.type !== 'run') return;
  const before = runs.recent(1)[0]?.id ?? 0;
  // Only the parser threads parse: a core stays free for the server's readers.
  const promise = indexWithChecks(config, db, undefined, message.paths, { storingThreadParses: false });
  // indexSite records its run synchronously before its first await: a newer row is this run.
  const runId = runs.recent(1)[0]?.id ?? 0;
  if (runId > before) post({ type: 'started', runId });
  promise.then(
    (summary) =>
      post(
        runId > before
          ? { type: 'finished', runId, error: null, walked: summary.walked, reparsed: summary.reparsed }
          : { type: 'not-started', busyRunId: null, error: 'the run recorded no row' },
      ),
    (err: unknown) =>
      post(
        runId > before
          ? { type: 'finished', runId, error: describe(err) }
          : { type: 'not-started', busyRunId: err instanceof IndexBusyError ? err.runId : null, error: describe(err) },
      ),
  );
});
post({ type: 'ready' });
