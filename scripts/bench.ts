/**
 * `npm run bench -- [--root DIR] [--only index,checks,incremental,stale,api,ui,layouts,watch,fix,kubernetes] [--workers N]`
 *
 * Measures l10n-drift on a real site (default: the GitHub Docs 2021-07-03 snapshot from
 * ../shared/corpora, unpacked to a temp folder) and prints each figure beside the
 * bare-parse floor measured in the same run: a single thread that reads every file,
 * runs gray-matter and lexes the Markdown with markdown-it, and stores nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS } from '../server/indexer/limits.ts';
import { readAndParse, type ReadJob, type ReaderSettings } from '../server/indexer/read.ts';
import type { BenchChecksResult } from './bench-checks.ts';
import type { StaleBenchResult } from './bench-stale.ts';
import { bestFloor, siteJobs } from './bench-floor.ts';
const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, '..');
const SNAPSHOT = path.resolve(project, '..', 'shared', 'corpora', 'github-docs-2021-07-03.tar.gz');

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    only: { type: 'string' },
    workers: { type: 'string' },
    layout: { type: 'string', default: 'github-docs' },
    keep: { type: 'boolean' },
  },
});
const only = new Set((values.only ?? 'index,checks,incremental,stale,api,ui,layouts,watch,fix,kubernetes').split(','));

function log(line: string) {
  process.stdout.write(line + '\n');
}

/** The snapshot unpacked for this run (removed at the end), when no --root was given. */
let unpacked: string | null = null;

function rootDir(): string {
  if (values.root) return path.resolve(values.root);
  const dir = (unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-')));
  log(`unpacking ${path.relative(process.cwd(), SNAPSHOT)} …`);
  execFileSync('tar', ['xzf', SNAPSHOT, '-C', dir]);
  return path.join(dir, 'github-docs');
}

/**
 * Every file read and parsed exactly as the indexer's parser threads do it (Liquid,
 * language identification, sections, hashes), on this one thread, storing nothing: what
 * the parsing alone costs beside the floor.
 */
function parseOnly(jobs: ReadJob[]): { ms: number; cpuMs: number } {
  const settings: ReaderSettings = { layout: values.layout!, ...DEFAULT_LIMITS };
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const job of jobs) readAndParse(job, settings);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

interface ChildResult {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  summary: { parsed: number; unchanged: number; filesSeen: number; parseErrors: number };
}

/** Runs one of the bench scripts in a process of its own (as a user's CLI run is); its stdout and stderr. */
function child(script: string, args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, script), ...args], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return r;
}

function indexOnce(root: string, db: string): ChildResult {
  const { stdout } = child('bench-index.ts', [root, db, ...(values.workers ? [values.workers] : [])]);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
}

function row(name: string, ms: number, floorMs: number, extra = ''): void {
  log(`${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(8)} s   ${(ms / floorMs).toFixed(2).padStart(5)}× floor   ${extra}`);
}

if (only.has('kubernetes')) {
  // The Kubernetes bundle at head, in a clone of its own, with the floor over its own files (issue 18).
  const { benchKubernetes } = await import('./bench-kubernetes.ts');
  benchKubernetes({ log });
  only.delete('kubernetes');
  // `--only kubernetes` needs no snapshot.
  if (only.size === 0) process.exit(0);
}

const root = rootDir();
const jobs = siteJobs(root, values.layout!);
const files = jobs.map((j) => j.absPath);
log(`site: ${root} (${files.length} files), machine: ${os.availableParallelism()} cores, node ${process.version}`);
const floorRun = bestFloor(files);
const floorMs = floorRun.ms;
row(
  'floor: read+gray-matter+markdown-it',
  floorMs,
  floorMs,
  `${Math.round(files.length / (floorMs / 1000))} files/s, 1 thread, CPU ${(floorRun.cpuMs / 1000).toFixed(1)} s, fastest of ${floorRun.all.map((ms) => (ms / 1000).toFixed(2)).join(' · ')} s`,
);
/** CPU time (all threads) beside the floor's CPU time: the figure a loaded machine moves least. */
const cpuVsFloor = (cpuMs: number) => `CPU ${(cpuMs / 1000).toFixed(1)} s = ${(cpuMs / floorRun.cpuMs).toFixed(2)}× floor CPU`;

const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-db-'));
const dbFile = path.join(dbDir, 'drift.db');
if (only.has('index')) {
  const parse = parseOnly(jobs);
  row('parse only (indexer parser, 1 thread)', parse.ms, floorMs, `no database: the work the parser threads share, ${cpuVsFloor(parse.cpuMs)}`);
  // The target's figure: `l10n-drift index --no-checks` as a user runs it (the compiled CLI, a process
  // of its own), as the Kubernetes part measures its cold index; then the same run in this
  // repository's TypeScript (tsx), whose database the rows below go on from.
  const { cliRun } = await import('./bench-kubernetes.ts');
  execFileSync(process.execPath, [path.join(here, 'build-cli.mjs')], { stdio: 'ignore' });
  const cliConfig = path.join(dbDir, 'l10n-drift.config.json');
  fs.writeFileSync(cliConfig, JSON.stringify({ layout: values.layout, root, ...(values.workers ? { workers: Number(values.workers) } : {}) }));
  const cliDb = path.join(dbDir, 'cli.db');
  const cli = cliRun(['index', '--quiet', '--no-checks', '--config', cliConfig, '--db', cliDb]);
  row('cold index (CLI process)', cli.ms, floorMs, `peak RSS ${cli.maxRssMb.toFixed(0)} MB, ${cpuVsFloor(cli.cpuMs)}, target ≤ 2.5× floor, ≤ 400 MB`);
  for (const f of fs.readdirSync(dbDir)) if (f.startsWith('cli.db')) fs.rmSync(path.join(dbDir, f));
  // The same with the checks, as `l10n-drift index` runs by default: the peak is the check run's (its live data).
  const withChecks = cliRun(['index', '--quiet', '--config', cliConfig, '--db', cliDb]);
  const checksLine = /checks: (.*)/.exec(withChecks.output)?.[1]?.trim() ?? '';
  row(
    'cold index with checks (CLI process)',
    withChecks.ms,
    floorMs,
    `peak RSS ${withChecks.maxRssMb.toFixed(0)} MB (target ≤ 400 MB), ${cpuVsFloor(withChecks.cpuMs)}; ${checksLine}`,
  );
  for (const f of fs.readdirSync(dbDir)) if (f.startsWith('cli.db')) fs.rmSync(path.join(dbDir, f));
  const cold = indexOnce(root, dbFile);
  row('cold index (in process, tsx)', cold.ms, floorMs, `${cold.summary.parsed} parsed, peak RSS ${cold.maxRssMb.toFixed(0)} MB, ${cpuVsFloor(cold.cpuMs)}`);
  const warm = indexOnce(root, dbFile);
  row('no-change re-index', warm.ms, floorMs, `${warm.summary.parsed} parsed, ${warm.summary.unchanged} unchanged, peak RSS ${warm.maxRssMb.toFixed(0)} MB`);
  const touched = files.find((f) => f.includes(`${path.sep}ja-JP${path.sep}`) && f.endsWith('.md'))!;
  const original = fs.readFileSync(touched);
  fs.appendFileSync(touched, '\n<!-- touched by l10n-drift bench -->\n');
  try {
    const one = indexOnce(root, dbFile);
    row('re-index after one file changed', one.ms, floorMs, `${one.summary.parsed} parsed, peak RSS ${one.maxRssMb.toFixed(0)} MB`);
  } finally {
    fs.writeFileSync(touched, original);
  }
  log(`database: ${(fs.statSync(dbFile).size / 1e6).toFixed(0)} MB`);
}

// The other parts are measured by their own modules, each printing its figures.
if (only.has('checks')) {
  // In a process of its own, as `l10n-drift check` runs: not in a heap the floor and parse-only phases have grown.
  const { stdout, stderr } = child('bench-checks.ts', [dbFile, '--root', root, '--repeat', '2', '--fresh', '--json']);
  for (const line of stderr.trim().split('\n')) if (line) log(line);
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<BenchChecksResult, 'summary'>;
  const best = Math.min(...r.runsMs);
  row(
    'checks (all, whole site)',
    best,
    floorMs,
    `${r.findings} open findings, load ${Math.min(...r.loadMs).toFixed(0)} ms, CPU ${Math.min(...r.cpuMs).toFixed(0)} ms`,
  );
  row('checks, one run in a fresh process', r.freshMs!, floorMs, 'as `l10n-drift index` runs them');
}
if (only.has('incremental')) {
  // Whole CLI processes with checks, on an index of their own (the index phase's has no checks).
  const { benchIncremental } = await import('./bench-incremental.ts');
  const incrementalDb = path.join(dbDir, 'incremental.db');
  for (const f of benchIncremental({ root, dbFile: incrementalDb, files, log })) row(f.name, f.ms, floorMs, f.checks);
}
if (only.has('stale')) {
  log('stale detection on ../shared/corpora/github-docs-history.bundle (7 snapshots):');
  // In a process of its own, as `l10n-drift check` runs it: not in a heap the phases above have grown.
  const { stdout, stderr } = child('bench-stale.ts', []);
  for (const line of stderr.trim().split('\n')) if (line) log(`  ${line}`);
  const r = JSON.parse(stdout) as StaleBenchResult;
  row('stale detection, cold (blobs parsed)', r.coldMs, floorMs, `${r.translations} translations, ${r.speedupCold.toFixed(0)}× faster than per-file git log`);
  row('stale detection, warm (blob cache)', r.warmMs, floorMs, `${r.speedupWarm.toFixed(0)}× faster than per-file git log`);
  const phases = (p: Record<string, number>) =>
    Object.entries(p)
      .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(2)} s`)
      .join(', ');
  log(`  cold phases: ${phases(r.phases)}`);
  log(`  warm phases (git log kept from the cold run: HEAD did not move): ${phases(r.warmPhases)}`);
  log(`  not in these figures: loading the site's check inputs (${(r.siteLoadMs / 1000).toFixed(2)} s), which a check run does once for all its checks`);
  log(
    `  per-file baseline (lsync.sh): ${r.baseline.perFileMs.toFixed(1)} ms/file on ${r.baseline.sample} files → ${(r.baseline.extrapolatedMs / 1000).toFixed(0)} s for all`,
  );
  log(
    `  stale per locale: ${Object.entries(r.staleByLocale)
      .map(([l, c]) => `${l} ${c.stale}`)
      .join(', ')}`,
  );
}
if (only.has('api')) {
  const { benchApi } = await import('./bench-api.ts');
  await benchApi({ root, db: dbFile, floorMs, log });
}
if (only.has('ui')) {
  const { benchUi } = await import('./bench-ui.ts');
  await benchUi({ db: dbFile, root, log });
}
if (only.has('layouts')) {
  const { benchLayouts } = await import('./bench-layouts.ts');
  for (const r of await benchLayouts()) {
    log(
      `${r.layout.padEnd(12)} ${r.sample}: ${r.files} files, index ${r.indexMsPer1000} ms per 1,000 files, read floor ${r.floorMsPer1000} ms per 1,000 files`,
    );
  }
}

if (only.has('watch')) {
  // serve --watch, in process (the server's re-index thread): a saved ja-JP title → the article's
  // API answer has it, and an open dashboard (Chromium) shows it; median of 20 saves each.
  const { benchWatch, watchSummary } = await import('./bench-watch.ts');
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
  const watchRows = (site: string, r: Awaited<ReturnType<typeof benchWatch>>) => {
    row(`watch ${site}: save → API answer`, median(r.answerMs), floorMs, `median of ${r.saves} saves`);
    if (r.dashboardMs.length) row(`watch ${site}: save → dashboard`, median(r.dashboardMs), floorMs, 'Chromium, open article page');
    for (const line of watchSummary(r)) log(`  ${line}`);
  };
  watchRows('sample', await benchWatch({ saves: 20 }));
  // The snapshot's four largest locales, on a database of their own (the index phase's has every
  // locale and no checks): indexed with checks first, then watched.
  const watchConfig = path.join(dbDir, 'watch.config.json');
  fs.writeFileSync(
    watchConfig,
    JSON.stringify({ layout: values.layout, root, db: path.join(dbDir, 'watch.db'), locales: ['ja-JP', 'zh-CN', 'es-ES', 'de-DE'] }),
  );
  watchRows(`${path.basename(root)} ×4`, await benchWatch({ config: watchConfig, saves: 20 }));
}

if (only.has('fix')) {
  // l10n-drift fix --locale ja-JP --write on a git copy of the site (issue 21: ≤ 10 s).
  const { benchFix } = await import('./bench-fix.ts');
  const r = benchFix({ root, log });
  row('fix ja-JP --write (CLI process)', r.ms, floorMs, `CPU ${r.cpuMs.toFixed(0)} ms; ${r.summary}`);
}

if (!values.keep) {
  fs.rmSync(dbDir, { recursive: true, force: true });
  // The unpacked snapshot is 2 GB: a benchmark must not leave one behind per run.
  if (unpacked) fs.rmSync(unpacked, { recursive: true, force: true });
}
