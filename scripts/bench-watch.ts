/**
 * `serve --watch` benchmark: from a saved translation to the API answering with it, in process
 * (the server's watcher and Reindexer; the run itself is `l10n-drift index` in a child, as served).
 *
 *   npx tsx scripts/bench-watch.ts [--root DIR --db FILE] [--saves 20]
 *
 * Without --root: a copy of the bundled sample (content/license-sync), indexed first.
 * With --root: edits (and restores) one ja-JP page of that site, whose --db is already indexed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDb } from '../db/index.ts';
import { buildApp } from '../server/app.ts';
import { resolveConfig } from '../server/config.ts';
import { indexWithChecks } from '../server/plugins/reindex.ts';
import { walkFiles } from '../server/indexer/walk.ts';
import { followSite } from '../server/watch/follow.ts';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface WatchBenchResult {
  site: string;
  saves: number;
  /** Save → the API's answer has the change, ms, sorted. */
  answerMs: number[];
  /** Save → run-finished, ms, sorted. */
  runFinishedMs: number[];
  /** Duration of the runs themselves (as recorded), ms, sorted. */
  runMs: number[];
  /** Save → answer when the run is indexed in this process (no child), ms, sorted. */
  inProcessMs: number[];
  watchSetupMs: number;
  folders: number;
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;

export async function benchWatch(options: { root?: string; db?: string; saves?: number; log?: (line: string) => void }): Promise<WatchBenchResult> {
  const log = options.log ?? (() => {});
  const saves = options.saves ?? 20;
  let temp: string | null = null;
  let root = options.root;
  let dbFile = options.db;
  if (!root || !dbFile) {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-watch-'));
    root = path.join(temp, 'site');
    dbFile = path.join(temp, 'drift.db');
    fs.cpSync(path.join(project, 'content', 'license-sync'), root, { recursive: true });
  }
  const config = resolveConfig({}, path.dirname(dbFile), null, { root, db: dbFile });
  const db = openDb(dbFile);
  if (temp) await indexWithChecks(config, db);
  // One ja-JP page of the site, and the key the API knows it by.
  const layout = config.layout;
  const jaRoot = layout.localeRoot(root, 'ja-JP');
  const page = walkFiles(jaRoot, layout.classify, layout.walkFolders).files.find((f) => f.info.kind === 'page' && f.relPath.endsWith('.md'));
  if (!page) throw new Error(`no ja-JP page under ${jaRoot}`);
  const route = `/api/articles/ja-JP/${page.info.key.split('/').map(encodeURIComponent).join('/')}`;
  const original = fs.readFileSync(page.absPath, 'utf8');
  if (!/^title: /m.test(original)) throw new Error(`${page.absPath} has no title line`);

  const app = await buildApp({ db, config, webDir: null });
  const setupStarted = performance.now();
  const follower = followSite(app, config);
  const watchSetupMs = performance.now() - setupStarted;
  const finished: { id: number; at: number; durationMs: number | null }[] = [];
  app.reindexer.onRunFinished((run) => finished.push({ id: run.id, at: performance.now(), durationMs: run.duration_ms }));
  const answerMs: number[] = [];
  const runFinishedMs: number[] = [];
  const runMs: number[] = [];
  const inProcessMs: number[] = [];
  try {
    for (let i = 0; i < saves; i++) {
      await follower.settled();
      const marker = `WATCH BENCH ${process.pid}-${i}`;
      const before = finished.length;
      const saved = performance.now();
      fs.writeFileSync(page.absPath, original.replace(/^title: /m, `title: ${marker} `));
      for (;;) {
        const body = (await app.inject({ method: 'GET', url: route })).body;
        if (body.includes(marker)) break;
        if (performance.now() - saved > 120_000) throw new Error(`the answer never showed save ${i}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      answerMs.push(performance.now() - saved);
      // The child's commit shows before the child has exited and its run-finished is sent.
      while (finished.length <= before && performance.now() - saved < 120_000) await new Promise((r) => setTimeout(r, 5));
      const run = finished[before];
      if (run) {
        runFinishedMs.push(run.at - saved);
        if (run.durationMs !== null) runMs.push(run.durationMs);
      }
      log(`  save ${i + 1}/${saves}: ${Math.round(answerMs.at(-1)!)} ms`);
    }
    follower.close();
    // The same saves indexed in this process instead of a child: what the child's start-up costs.
    for (let i = 0; i < saves; i++) {
      const marker = `IN PROCESS ${process.pid}-${i}`;
      const saved = performance.now();
      fs.writeFileSync(page.absPath, original.replace(/^title: /m, `title: ${marker} `));
      await indexWithChecks(config, db);
      if (!(await app.inject({ method: 'GET', url: route })).body.includes(marker)) throw new Error('in-process run missed the save');
      inProcessMs.push(performance.now() - saved);
    }
  } finally {
    follower.close();
    fs.writeFileSync(page.absPath, original);
    await app.close();
    db.close();
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  }
  const sort = (xs: number[]) => xs.sort((a, b) => a - b);
  return {
    site: root,
    saves,
    answerMs: sort(answerMs),
    runFinishedMs: sort(runFinishedMs),
    runMs: sort(runMs),
    inProcessMs: sort(inProcessMs),
    watchSetupMs,
    folders: follower.folders,
  };
}

/** One line for scripts/bench.ts. */
export function watchSummary(r: WatchBenchResult): string {
  return `median ${Math.round(median(r.answerMs))} ms save → API answer (min ${Math.round(r.answerMs[0]!)}, max ${Math.round(r.answerMs.at(-1)!)}; run-finished median ${Math.round(median(r.runFinishedMs))} ms, the run itself ${Math.round(median(r.runMs))} ms; ${r.saves} saves; the same saves indexed in process, no child: median ${Math.round(median(r.inProcessMs))} ms), watching ${r.folders} folders set up in ${Math.round(r.watchSetupMs)} ms`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, db: { type: 'string' }, saves: { type: 'string' }, verbose: { type: 'boolean' } } });
  const r = await benchWatch({
    ...(values.root ? { root: path.resolve(values.root) } : {}),
    ...(values.db ? { db: path.resolve(values.db) } : {}),
    ...(values.saves ? { saves: Number(values.saves) } : {}),
    ...(values.verbose ? { log: (l: string) => process.stderr.write(l + '\n') } : {}),
  });
  process.stdout.write(`watch (${values.root ? r.site : 'bundled sample'}): ${watchSummary(r)}\n`);
}
