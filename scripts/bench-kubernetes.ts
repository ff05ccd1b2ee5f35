/**
 * `npm run bench -- --only kubernetes`: the whole Kubernetes website at head (the git bundle
 * `../shared/corpora/kubernetes-website-2025.bundle`, 1,265 commits, 16 languages) cloned to
 * a temp folder, indexed by the CLI in processes of their own as a user runs it (the installed
 * command, scripts/l10n-drift.mjs, running the compiled CLI; checks included unless it says
 * otherwise), each figure beside the floor measured over the same files in the same run (issue 18):
 *  - cold index without checks (`index --no-checks`: walk, parse, store) and its peak RSS;
 *  - cold index with checks (`index`, git history and stale bases included) and its peak RSS;
 *  - no-change re-index (three times, and their median);
 *  - `git checkout` of the commit 50 commits earlier on main, index; back to head, index (the
 *    pair three times, and the median pair).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bestFloor, siteJobs } from './bench-floor.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, '..');
export const KUBERNETES_BUNDLE = path.resolve(project, '..', 'shared', 'corpora', 'kubernetes-website-2025.bundle');

export interface CliRun {
  /** Wall time of the whole process (start-up included), as a user waits for it. */
  ms: number;
  /** CPU time of all its threads (user + system). */
  cpuMs: number;
  maxRssMb: number;
  output: string;
}

// The installed command (package.json `bin`), as a user's shell runs it; a preload reports its CPU and peak RSS.
const command = path.join(here, 'l10n-drift.mjs');
const measure = pathToFileURL(path.join(here, 'bench-cli-measure.mjs')).href;

/**
 * One `l10n-drift` command in a process of its own, run from the project (paths absolute). The
 * figure is the compiled CLI's (built by benchKubernetes first): the TypeScript run through tsx
 * costs ~0.9 s wall and ~1.4 s CPU more per process and ~60 MB more RSS, which no user pays.
 */
export function cliRun(args: string[]): CliRun {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', measure, command, ...args], {
    cwd: project,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, L10N_DRIFT_DEBUG: '1' },
  });
  const ms = performance.now() - started;
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  if (!last.startsWith('{')) throw new Error(`l10n-drift ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const result = JSON.parse(last) as { cpuMs: number; maxRssMb: number; code: number };
  if (result.code !== 0 || r.status !== 0) throw new Error(`l10n-drift ${args.join(' ')} exited ${result.code}: ${r.stderr.slice(-2000)}`);
  // A source newer than the build would silently time tsx.
  if (!r.stderr.startsWith('l10n-drift: running the compiled CLI\n')) throw new Error(`not the compiled CLI: ${r.stderr.split('\n')[0]}`);
  return { ms, cpuMs: result.cpuMs, maxRssMb: result.maxRssMb, output: r.stdout };
}

export interface KubernetesBench {
  files: number;
  floorMs: number;
  floorCpuMs: number;
  coldNoChecks: CliRun;
  cold: CliRun;
  /** The median of the no-change runs (by wall time). */
  noChange: CliRun;
  noChanges: CliRun[];
  /** The median pair (by the pair's wall time). */
  back: CliRun;
  head: CliRun;
  pairs: { back: CliRun; head: CliRun }[];
  /** Files that differ between head and the commit 50 commits earlier. */
  filesBetween: number;
}

/** Times each timed step is repeated: one run on a shared machine is noise, a median of three less so. */
const REPEAT = 3;

const median = <T>(xs: T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)]!;
const range = (xs: number[]) => `${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)} s`;
/** "168 of 35879 pairs re-checked" from a run's checks line. */
const rechecked = (run: CliRun) => /(\d+ of \d+ pairs re-checked)/.exec(run.output)?.[1] ?? 'pairs re-checked: unknown';

export function benchKubernetes(options: { log: (line: string) => void; bundle?: string }): KubernetesBench {
  const { log } = options;
  const bundle = options.bundle ?? KUBERNETES_BUNDLE;
  if (!fs.existsSync(bundle)) throw new Error(`Kubernetes bundle not found at ${bundle} (../shared/corpora)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-kubernetes-'));
  try {
    const site = path.join(tmp, 'site');
    log(`kubernetes: building the compiled CLI, cloning ${path.relative(process.cwd(), bundle)} …`);
    execFileSync(process.execPath, [path.join(here, 'build-cli.mjs')], { stdio: 'ignore' });
    execFileSync('git', ['clone', '-q', '-b', 'main', bundle, site]);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: site, encoding: 'utf8' });
    const config = path.join(tmp, 'l10n-drift.config.json');
    fs.writeFileSync(config, JSON.stringify({ layout: 'hugo', root: site }));
    const args = (db: string, ...more: string[]) => ['index', '--quiet', '--config', config, '--db', path.join(tmp, db), ...more];

    const files = siteJobs(site, 'hugo').map((j) => j.absPath);
    const measured = bestFloor(files);
    const floor = measured.ms;
    // Wall time against the floor's wall time; CPU (all threads) against the floor's CPU, which a loaded machine moves less.
    const row = (name: string, ms: number, extra = '', cpuMs?: number) =>
      log(
        `${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(8)} s   ${(ms / floor).toFixed(2).padStart(5)}× floor   ${cpuMs === undefined ? '' : `CPU ${(cpuMs / 1000).toFixed(1)} s = ${(cpuMs / measured.cpuMs).toFixed(2)}× floor CPU, `}${extra}`,
      );
    log(`kubernetes at head: ${files.length} files, ${git('rev-list', '--count', 'HEAD').trim()} commits`);
    row(
      'floor: read+gray-matter+markdown-it',
      floor,
      `${Math.round(files.length / (floor / 1000))} files/s, 1 thread, fastest of ${measured.all.map((ms) => (ms / 1000).toFixed(2)).join(' · ')} s`,
      measured.cpuMs,
    );

    const coldNoChecks = cliRun(args('no-checks.db', '--no-checks'));
    row('cold index --no-checks (process)', coldNoChecks.ms, `peak RSS ${coldNoChecks.maxRssMb.toFixed(0)} MB`, coldNoChecks.cpuMs);
    const cold = cliRun(args('drift.db'));
    row('cold index with checks (process)', cold.ms, `peak RSS ${cold.maxRssMb.toFixed(0)} MB`, cold.cpuMs);
    const noChanges: CliRun[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const run = cliRun(args('drift.db'));
      noChanges.push(run);
      row('no-change re-index (process)', run.ms, `peak RSS ${run.maxRssMb.toFixed(0)} MB`, run.cpuMs);
    }
    const noChange = median(noChanges, (r) => r.ms);
    row('  median', noChange.ms, `range ${range(noChanges.map((r) => r.ms))}, target ≤ 1.0 s`, noChange.cpuMs);

    const filesBetween = git('diff', '--name-only', 'main~50', 'main').split('\n').filter(Boolean).length;
    const pairs: { back: CliRun; head: CliRun }[] = [];
    for (let i = 0; i < REPEAT; i++) {
      git('checkout', '-q', 'main~50');
      const back = cliRun(args('drift.db'));
      git('checkout', '-q', 'main');
      const head = cliRun(args('drift.db'));
      pairs.push({ back, head });
      row(
        'checkout main~50, index (process)',
        back.ms,
        `${filesBetween} files differ, ${rechecked(back)}, peak RSS ${back.maxRssMb.toFixed(0)} MB`,
        back.cpuMs,
      );
      row('checkout main again, index', head.ms, `${rechecked(head)}, peak RSS ${head.maxRssMb.toFixed(0)} MB`, head.cpuMs);
    }
    const { back, head } = median(pairs, (p) => p.back.ms + p.head.ms);
    row(
      '  the pair, median',
      back.ms + head.ms,
      `range ${range(pairs.map((p) => p.back.ms + p.head.ms))}, CPU ${range(pairs.map((p) => p.back.cpuMs + p.head.cpuMs))}; target ≤ 5 s`,
    );
    return { files: files.length, floorMs: floor, floorCpuMs: measured.cpuMs, coldNoChecks, cold, noChange, noChanges, back, head, pairs, filesBetween };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// `tsx scripts/bench-kubernetes.ts [BUNDLE]`: this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`)
  benchKubernetes({ log: (line) => process.stdout.write(line + '\n'), ...(process.argv[2] ? { bundle: process.argv[2] } : {}) });
