/**
 * `serve --watch` benchmark: from a saved translation to the API answering with it, and to an
 * open dashboard (a real Chromium on the article's page) showing it, through the server's
 * watcher and its re-index thread, as `serve --watch` runs them.
 *
 *   npx tsx scripts/bench-watch.ts [--config FILE | --root DIR --db FILE] [--saves 20] [--no-browser]
 *
 * Without --config or --root: a copy of the bundled sample (content/license-sync), indexed first.
 * Otherwise edits (and restores) one ja-JP page of that site, indexing its database first when it
 * has no complete run. Never point it at a read-only corpus: it writes the page.
 * Each figure is printed beside the floor: the bare parse (read + gray-matter + markdown-it) of the
 * saved file, and of every file of the watched locales, measured in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { openDb } from '../db/index.ts';
import { RunsRepository } from '../db/repositories/runs.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig, resolveConfig } from '../server/config.ts';
import { indexWithChecks } from '../server/plugins/index-run.ts';
import { walkFiles } from '../server/indexer/walk.ts';
import { followSite } from '../server/watch/follow.ts';
import { measureFloor, siteJobs } from './bench-floor.ts';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface WatchBenchResult {
  site: string;
  locales: number;
  saves: number;
  /** Save → the API's answer has the change, ms, sorted. */
  answerMs: number[];
  /** Save → the open dashboard shows it (Chromium), ms, sorted; empty without a browser. */
  dashboardMs: number[];
  /** Save → run-finished, ms, sorted. */
  runFinishedMs: number[];
  /** Duration of the runs themselves (as recorded), ms, sorted. */
  runMs: number[];
  /** Bare parse of the saved file, and of every file of the watched locales (ms). */
  fileFloorMs: number;
  siteFloor: { ms: number; cpuMs: number; files: number };
  /** CPU time of this process (server, re-index thread and bench) over all the saves, ms. */
  cpuMs: number;
  watchSetupMs: number;
  folders: number;
  /** A first index of the database, when it had none (ms), else null. */
  preparedMs: number | null;
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchWatch(options: {
  root?: string;
  db?: string;
  config?: string;
  saves?: number;
  browser?: boolean;
  log?: (line: string) => void;
}): Promise<WatchBenchResult> {
  const log = options.log ?? (() => {});
  const saves = options.saves ?? 20;
  let temp: string | null = null;
  let config;
  if (options.config) {
    config = loadConfig({ config: options.config, ...(options.root ? { root: options.root } : {}), ...(options.db ? { db: options.db } : {}) });
  } else {
    let root = options.root;
    let dbFile = options.db;
    if (!root || !dbFile) {
      temp = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-watch-'));
      root = path.join(temp, 'site');
      dbFile = path.join(temp, 'drift.db');
      fs.cpSync(path.join(project, 'content', 'license-sync'), root, { recursive: true });
    }
    config = resolveConfig({}, path.dirname(dbFile), null, { root, db: dbFile });
  }
  const db = openDb(config.db);
  let preparedMs: number | null = null;
  if (!new RunsRepository(db).latestComplete()) {
    log(`indexing ${config.root} into ${config.db} first …`);
    const started = performance.now();
    await indexWithChecks(config, db);
    preparedMs = performance.now() - started;
  }
  // One ja-JP page of the site, and the key the API and the dashboard know it by.
  const layout = config.layout;
  const locales = [layout.sourceLocale, ...layout.discoverLocales(config.root).filter((l) => !config.locales || config.locales.includes(l))];
  const jaRoot = layout.localeRoot(config.root, 'ja-JP');
  const page = walkFiles(jaRoot, layout.classify, layout.walkFolders).files.find((f) => f.info.kind === 'page' && f.relPath.endsWith('.md'));
  if (!page) throw new Error(`no ja-JP page under ${jaRoot}`);
  const keyPath = page.info.key.split('/').map(encodeURIComponent).join('/');
  const route = `/api/articles/ja-JP/${keyPath}`;
  const original = fs.readFileSync(page.absPath, 'utf8');
  if (!/^title: /m.test(original)) throw new Error(`${page.absPath} has no title line`);
  const fileFloorMs = Math.min(...Array.from({ length: 5 }, () => measureFloor([page.absPath]).ms));
  const jobs = siteJobs(config.root, layout.name, locales);
  const siteFloor = { ...measureFloor(jobs.map((j) => j.absPath)), files: jobs.length };

  let webDir: string | null = null;
  if (options.browser !== false) {
    const { ensureWebBuild, WEB_DIST } = await import('../test/e2e/harness.ts');
    await ensureWebBuild();
    webDir = WEB_DIST;
  }
  const app = await buildApp({ db, config, webDir });
  let browser: Browser | null = null;
  const setupStarted = performance.now();
  // As `serve --index --watch`: a first run catches up with the site (it walks), then saves follow.
  const follower = followSite(app, config, { catchUp: true });
  const watchSetupMs = performance.now() - setupStarted;
  const finished: { id: number; at: number; durationMs: number | null }[] = [];
  app.reindexer.onRunFinished((run) => finished.push({ id: run.id, at: performance.now(), durationMs: run.duration_ms }));
  const answerMs: number[] = [];
  const dashboardMs: number[] = [];
  const runFinishedMs: number[] = [];
  const runMs: number[] = [];
  let cpuMs: number;
  const runs = new RunsRepository(db);
  try {
    let dashboard: import('playwright-core').Page | null = null;
    if (webDir) {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const { launchBrowser } = await import('../test/e2e/browser.ts');
      browser = await launchBrowser();
      dashboard = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await dashboard.goto(`${url}/locales/ja-JP/articles/${keyPath}`);
      await dashboard.locator('.tr-title').waitFor();
    }
    // The re-index thread loads while the dashboard opens (followSite started it): as a server
    // that has been watching for a while, the first save waits for its run only.
    await app.reindexer.warm();
    await follower.settled();
    const cpu = process.cpuUsage();
    for (let i = 0; i < saves; i++) {
      await follower.settled();
      const marker = `WATCH BENCH ${process.pid}-${i}`;
      const before = finished.length;
      const saved = performance.now();
      fs.writeFileSync(page.absPath, original.replace(/^title: /m, `title: ${marker} `));
      const shown = dashboard
        ?.waitForFunction((m) => document.querySelector('.tr-title')?.textContent?.includes(m) ?? false, marker, { polling: 'raf', timeout: 120_000 })
        .then(() => performance.now() - saved);
      // The API is asked again each time a newer run has committed (checked every 2 ms: a cheap
      // query on the server's own connection), so polling costs the thread that runs the index
      // next to nothing; the answer is timed when it has the change.
      let asked = -1;
      for (;;) {
        const latest = runs.latestComplete()?.id ?? 0;
        if (latest !== asked) {
          asked = latest;
          if ((await app.inject({ method: 'GET', url: route })).body.includes(marker)) break;
        }
        if (performance.now() - saved > 120_000) throw new Error(`the answer never showed save ${i}`);
        await sleep(2);
      }
      answerMs.push(performance.now() - saved);
      if (shown) dashboardMs.push(await shown);
      while (finished.length <= before && performance.now() - saved < 120_000) await sleep(10);
      const run = finished[before];
      if (run) {
        runFinishedMs.push(run.at - saved);
        if (run.durationMs !== null) runMs.push(run.durationMs);
      }
      log(`  save ${i + 1}/${saves}: API ${Math.round(answerMs.at(-1)!)} ms${shown ? `, dashboard ${Math.round(dashboardMs.at(-1)!)} ms` : ''}`);
    }
    const used = process.cpuUsage(cpu);
    cpuMs = (used.user + used.system) / 1000;
  } finally {
    follower.close();
    fs.writeFileSync(page.absPath, original);
    await browser?.close();
    // The restored page: indexed before the database is left (its next user sees the site as it is).
    await follower.settled().catch(() => {});
    app.reindexer.request();
    await follower.settled().catch(() => {});
    await app.close();
    db.close();
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  }
  const sort = (xs: number[]) => xs.sort((a, b) => a - b);
  return {
    site: config.root,
    locales: locales.length,
    saves,
    answerMs: sort(answerMs),
    dashboardMs: sort(dashboardMs),
    runFinishedMs: sort(runFinishedMs),
    runMs: sort(runMs),
    fileFloorMs,
    siteFloor,
    cpuMs,
    watchSetupMs,
    folders: follower.folders,
    preparedMs,
  };
}

const spread = (xs: number[]) => `median ${Math.round(median(xs))} ms (min ${Math.round(xs[0]!)}, max ${Math.round(xs.at(-1)!)})`;

/** The figures, each beside the floor (one line each). */
export function watchSummary(r: WatchBenchResult): string[] {
  const floor = (ms: number) => `${(ms / r.siteFloor.ms).toFixed(3)}× site floor, ${(ms / r.fileFloorMs).toFixed(0)}× file floor`;
  const lines = [
    `save → API answer: ${spread(r.answerMs)} = ${floor(median(r.answerMs))}`,
    ...(r.dashboardMs.length ? [`save → open dashboard shows it (Chromium): ${spread(r.dashboardMs)} = ${floor(median(r.dashboardMs))}`] : []),
    `save → run-finished ${spread(r.runFinishedMs)}; the run itself ${spread(r.runMs)}`,
    `${r.saves} saves used ${Math.round(r.cpuMs)} ms CPU in this process (${Math.round(r.cpuMs / r.saves)} ms a save, browser not counted); site floor ${(r.siteFloor.ms / 1000).toFixed(2)} s (CPU ${(r.siteFloor.cpuMs / 1000).toFixed(2)} s) over ${r.siteFloor.files} files of ${r.locales} locales, file floor ${r.fileFloorMs.toFixed(2)} ms`,
    `watching ${r.folders} folders, set up in ${Math.round(r.watchSetupMs)} ms${r.preparedMs !== null ? `; first index ${(r.preparedMs / 1000).toFixed(1)} s` : ''}`,
  ];
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      root: { type: 'string' },
      db: { type: 'string' },
      config: { type: 'string' },
      saves: { type: 'string' },
      'no-browser': { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
  });
  const r = await benchWatch({
    ...(values.root ? { root: path.resolve(values.root) } : {}),
    ...(values.db ? { db: path.resolve(values.db) } : {}),
    ...(values.config ? { config: path.resolve(values.config) } : {}),
    ...(values.saves ? { saves: Number(values.saves) } : {}),
    browser: !values['no-browser'],
    ...(values.verbose ? { log: (l: string) => process.stderr.write(l + '\n') } : {}),
  });
  process.stdout.write(
    `watch (${values.root || values.config ? r.site : 'bundled sample'}, ${r.locales} locales):\n${watchSummary(r)
      .map((l) => `  ${l}\n`)
      .join('')}`,
  );
}
