import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRun } from '../../scripts/bench-kubernetes.ts';
import { YAML_MUTATIONS, writeHostileTree } from './mutate.ts';
import { REPO, snapshotRoot } from './corpus.ts';

/**
 * Peak RSS of one `l10n-drift index --no-checks` (or, with `checks`, `l10n-drift index`, which runs
 * the checks in the same process) as a user runs it: the installed command on the compiled CLI, in
 * a process of its own (threads included). Not the TypeScript through tsx, whose loader and source
 * maps in two threads that parse cost ~150 MB no user pays (487-513 against 339-351 MB on the
 * snapshot, 2026-12-06).
 */
function indexRss(root: string, checks = false): { maxRssMb: number; summary: { filesSeen: number; parseErrors: number; openFindings: number | null } } {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-rss-')), 'drift.db');
  const args = ['index', ...(checks ? [] : ['--no-checks']), '--root', root, '--db', db];
  const run = cliRun(args);
  console.log(`peak RSS ${run.maxRssMb.toFixed(1)} MB, ${(run.ms / 1000).toFixed(2)} s: ${args.slice(0, -4).join(' ')} ${root}`);
  const seen = /files: (\d+) seen/.exec(run.output);
  const errors = /parse errors: (\d+)/.exec(run.output);
  if (!seen || !errors) throw new Error(`no summary in: ${run.output.slice(-2000)}`);
  const open = /checks: (\d+) open findings/.exec(run.output);
  return { maxRssMb: run.maxRssMb, summary: { filesSeen: Number(seen[1]), parseErrors: Number(errors[1]), openFindings: open ? Number(open[1]) : null } };
}

// cliRun refuses a run that is not the compiled CLI: build it from these sources first.
beforeAll(() => void execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' }), 120_000);

describe('peak memory', () => {
  it('1,020 hostile files (5 MB lines, 10k-deep lists…) and 15 YAML alias bombs and deep nestings index within 400 MB', () => {
    const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-hostile-')), 'site');
    fs.cpSync(path.resolve(REPO, 'content/license-sync'), root, { recursive: true });
    writeHostileTree(root, 1020, 1);
    const { maxRssMb, summary } = indexRss(root);
    expect(summary.filesSeen).toBe(28 + 1020 + YAML_MUTATIONS.length);
    expect(summary.parseErrors).toBeGreaterThan(300);
    expect(maxRssMb).toBeLessThanOrEqual(400);
  }, 600_000);

  it('the GitHub Docs snapshot (36,742 pages and data files) indexes within 400 MB', () => {
    const { maxRssMb, summary } = indexRss(snapshotRoot());
    // 36,760 files under the folders the layout walks, less the 18 README.md files the site does not serve as pages.
    expect(summary.filesSeen).toBe(36_742);
    expect(maxRssMb).toBeLessThanOrEqual(400);
  }, 1_200_000);

  // The check run's peak is its live data (English pages, the bases, its memos): 501-521 MB before
  // it let go of what it no longer reads, 341-355 MB after (2026-12-06).
  it('the GitHub Docs snapshot indexes and runs every check over its eight locales within 400 MB', () => {
    const { maxRssMb, summary } = indexRss(snapshotRoot(), true);
    expect(summary.filesSeen).toBe(36_742);
    expect(summary.openFindings).toBeGreaterThan(100_000);
    expect(maxRssMb).toBeLessThanOrEqual(400);
  }, 1_200_000);
});
