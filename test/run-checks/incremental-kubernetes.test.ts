/**
 * Opt-in (test/corpus.ts): incremental check runs equal full re-checks on real Kubernetes
 * history. L10N_DRIFT_CORPUS=1: the workloads bundle's four snapshots checked out in turn
 * (oldest first, then back to the oldest: pages added, moved, deleted, aliases and translations
 * changed as they really were). L10N_DRIFT_CORPUS=full: the whole website bundle, checked out
 * 50 commits earlier and back, as issue 18 measures it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { resolveConfig } from '../../server/config.ts';
import { CORPORA, corpus, noteSkipped } from '../corpus.ts';
import { indexAndCompare } from './incremental.ts';

noteSkipped('test/run-checks/incremental-kubernetes.test.ts', 'incremental = full checks on the Kubernetes bundles');
noteSkipped('test/run-checks/incremental-kubernetes.test.ts', 'incremental = full checks on the whole Kubernetes website, 50 commits back and forth', true);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function clone(bundle: string, branch?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-incr-k8s-'));
  dirs.push(dir);
  execFileSync('git', ['clone', '-q', ...(branch ? ['-b', branch] : []), path.join(CORPORA, bundle), path.join(dir, 'site')]);
  return path.join(dir, 'site');
}

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim();

async function walkCommits(root: string, commits: string[]): Promise<void> {
  const config = { ...resolveConfig({ workers: 0, layout: 'hugo' }, root), root };
  const db = openDb(path.join(path.dirname(root), 'drift.db'));
  try {
    for (const [i, commit] of commits.entries()) {
      git(root, 'checkout', '-q', commit);
      const c = await indexAndCompare(config, db);
      expect(c.incremental.full, commit).toBe(i === 0 ? 'first' : null);
      if (i > 0) expect(c.incremental.rechecked, commit).toBeLessThan(c.incremental.units);
      expect(c.incrementalFindings, commit).toEqual(c.fullFindings);
      expect(c.incrementalCounts, commit).toEqual(c.fullCounts);
    }
  } finally {
    db.close();
  }
}

describe.skipIf(!corpus.enabled)('incremental checks on Kubernetes history', () => {
  it('equal a full re-check at each snapshot of the workloads bundle, forth and back', async () => {
    const root = clone('kubernetes-workloads.bundle', 'main');
    const snapshots = git(root, 'rev-list', '--reverse', 'main').split('\n');
    await walkCommits(root, [...snapshots, ...snapshots.slice(0, -1).reverse()]);
  }, 1_800_000);
});

describe.skipIf(!corpus.full)('incremental checks on the whole Kubernetes website', () => {
  it('equal a full re-check 50 commits earlier and back', async () => {
    const root = clone('kubernetes-website-2025.bundle');
    const head = git(root, 'rev-parse', 'HEAD');
    const earlier = git(root, 'rev-parse', 'HEAD~50');
    await walkCommits(root, [head, earlier, head]);
  }, 3_600_000);
});
