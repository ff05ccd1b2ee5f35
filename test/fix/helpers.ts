import { execFileSync } from 'node:child_process';
import { runCli, type CliResult } from '../cli/helpers.ts';

/** Runs the CLI in-process as a user would (`l10n-drift <args>`), with its output. */
export const cli = (args: string[], cwd: string): Promise<CliResult> => runCli(args, { cwd });

/** Makes a folder a git work tree with everything in it committed (git mv / git rm need one). */
export function gitInit(dir: string): void {
  const git = (...a: string[]) => execFileSync('git', ['-C', dir, ...a], { stdio: 'pipe' });
  git('init', '-q');
  // No background `gc --auto` after the commit: it would still write into .git when a test removes the folder.
  git('config', 'gc.auto', '0');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'site');
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
}
