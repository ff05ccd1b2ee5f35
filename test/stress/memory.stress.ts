import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { YAML_MUTATIONS, writeHostileTree } from './mutate.ts';
import { REPO, snapshotRoot } from './corpus.ts';

/** Peak RSS of one index run in a fresh process (threads included), from scripts/bench-index.ts. */
function indexRss(root: string): { maxRssMb: number; summary: { filesSeen: number; parseErrors: number } } {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-rss-')), 'drift.db');
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts', 'bench-index.ts'), root, db], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!);
}

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
});
