import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHARED } from './mutate.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
const SNAPSHOT = path.join(SHARED, 'corpora', 'github-docs-2021-07-03.tar.gz');

/** The GitHub Docs 2021-07-03 snapshot, unpacked once per process into a temp folder (or an unpacked copy: L10N_DRIFT_SNAPSHOT). */
let unpacked: string | null = null;
export function snapshotRoot(): string {
  if (process.env.L10N_DRIFT_SNAPSHOT) return process.env.L10N_DRIFT_SNAPSHOT;
  if (unpacked) return unpacked;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-stress-'));
  execFileSync('tar', ['xzf', SNAPSHOT, '-C', dir]);
  unpacked = path.join(dir, 'github-docs');
  return unpacked;
}

/** Writes a config for a site and database, so child processes index with the same settings. */
export function writeConfig(dir: string, root: string, db: string, extra: Record<string, unknown> = {}): string {
  const file = path.join(dir, 'l10n-drift.config.json');
  fs.writeFileSync(file, JSON.stringify({ root, db, ...extra }, null, 2));
  return file;
}

/** `l10n-drift <args>` as a child process (the real CLI, through tsx). */
export function cli(args: string[], options: { cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts', 'cli.ts'), ...args], {
    cwd: options.cwd ?? REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}
