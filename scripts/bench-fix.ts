/**
 * The `fix` figure of scripts/bench.ts: `l10n-drift fix --locale ja-JP --write` on a git work
 * tree copy of the site, indexed for ja-JP first (the copy, its commit and the index are not
 * timed; the fix run is, as a user's CLI run in a process of its own).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cliScript = path.join(here, 'cli.ts');

export interface BenchFixResult {
  ms: number;
  cpuMs: number;
  /** The fix run's summary line. */
  summary: string;
}

function cli(args: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', cliScript, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`l10n-drift ${args[0]} failed: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

export function benchFix(options: { root: string; locale?: string; log: (line: string) => void }): BenchFixResult {
  const locale = options.locale ?? 'ja-JP';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-fix-'));
  try {
    const root = path.join(dir, 'site');
    options.log(`fix: copying the site to a git work tree and indexing ${locale} (not timed) …`);
    fs.cpSync(options.root, root, { recursive: true });
    const git = (...a: string[]) => execFileSync('git', ['-C', root, ...a], { stdio: 'ignore' });
    git('init', '-q');
    // No background `gc --auto` after the big commit: it would write into .git while the copy is removed.
    git('config', 'gc.auto', '0');
    git('add', '-A');
    git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'site');
    const config = path.join(dir, 'l10n-drift.config.json');
    fs.writeFileSync(config, JSON.stringify({ root, db: path.join(dir, 'drift.db'), locales: [locale] }));
    cli(['index', '--config', config, '--quiet']);
    const usage = spawnUsage(() => cli(['fix', '--config', config, '--locale', locale, '--write']));
    const summary = usage.result.stdout.split('\n')[0] ?? '';
    return { ms: usage.result.ms, cpuMs: usage.cpuMs, summary };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
  }
}

/** CPU time (user + system) of the children a call waited for. */
function spawnUsage<T>(call: () => T): { result: T; cpuMs: number } {
  const childBefore = childrenCpu();
  const result = call();
  return { result, cpuMs: childrenCpu() - childBefore };
}

function childrenCpu(): number {
  // getrusage(RUSAGE_CHILDREN) is not in Node's API; /proc has it for this process's waited-for children.
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]); // cutime, cstime
    return (ticks * 1000) / 100;
  } catch {
    return NaN;
  }
}
