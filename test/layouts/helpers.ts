import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../db/index.ts';
import { FindingsRepository, type FindingWithStatus } from '../../db/repositories/findings.ts';
import { getCheck } from '../../server/checks/registry.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { indexSite, type IndexSummary } from '../../server/indexer/indexer.ts';
import { CORPORA, MDN_SAMPLE } from '../corpus.ts';

export { MDN_SAMPLE };
export const K8S_BUNDLE = path.join(CORPORA, 'kubernetes-workloads.bundle');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The MDN sample copied to a temp dir (tests may change it). */
export function copyMdn(): string {
  const dir = tempDir('l10n-mdn-');
  fs.cpSync(MDN_SAMPLE, dir, { recursive: true });
  return dir;
}

/** The Kubernetes bundle cloned to a temp dir, with its snapshots oldest first. */
export function cloneK8s(): { dir: string; snapshots: string[] } {
  const dir = tempDir('l10n-k8s-');
  execFileSync('git', ['clone', '-q', '-b', 'main', K8S_BUNDLE, dir]);
  const snapshots = git(dir, 'rev-list', '--reverse', 'main').trim().split('\n');
  return { dir, snapshots };
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export interface IndexedSite {
  config: Config;
  db: Db;
  summary: IndexSummary;
  findings(check: string, locale?: string): FindingWithStatus[];
  reindex(): Promise<IndexSummary>;
  close(): void;
}

let clock = Date.parse('2024-01-01T00:00:00Z');

/** Indexes a site with a layout preset into a fresh DB; checks run after the index like `l10n-drift index`. */
export async function indexWith(raw: Record<string, unknown>, baseDir: string, checkIds?: string[]): Promise<IndexedSite> {
  const dbFile = path.join(tempDir('l10n-layouts-db-'), 'drift.db');
  const config = resolveConfig({ workers: 0, ...raw, db: dbFile }, baseDir);
  const db = openDb(dbFile);
  const checks = checkIds?.map((id) => getCheck(id)!);
  const reindex = () =>
    indexSite({
      config,
      db,
      now: () => new Date((clock += 1000)),
      afterIndex: async ({ db: tx, runId, now }) => {
        await runChecksWithBases(tx, config, runId, now, checks ? { checks } : {});
      },
    });
  const summary = await reindex();
  const repo = new FindingsRepository(db);
  return {
    config,
    db,
    summary,
    findings: (check, locale) => repo.list({ check, status: 'open', limit: 100000, ...(locale ? { locale } : {}) }).items,
    reindex,
    close: () => db.close(),
  };
}

/** Live pages per locale. */
export function pageCounts(db: Db): Record<string, number> {
  const rows = db.prepare('SELECT locale, COUNT(*) AS n FROM documents WHERE deleted_run IS NULL GROUP BY locale').all() as { locale: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.locale, r.n]));
}
