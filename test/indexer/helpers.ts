import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../db/index.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { indexSite, type IndexSummary } from '../../server/indexer/indexer.ts';

export const SAMPLE = path.resolve(import.meta.dirname, '../../content/license-sync');
export const ARTICLE = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';
export const OLD_ARTICLE = 'admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `l10n-${prefix}-`));
}

/** A writable copy of the bundled sample site. */
export function copySample(): string {
  const dir = path.join(tempDir('site'), 'license-sync');
  fs.cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

export interface TestIndex {
  root: string;
  db: Db;
  config: Config;
  index(): Promise<IndexSummary>;
  close(): void;
}

/** A site root with its own temp database; `index()` runs the indexer without checks, on a fake clock. */
export function openTestIndex(root: string, raw: Record<string, unknown> = {}): TestIndex {
  const dbFile = path.join(tempDir('db'), 'drift.db');
  const config = resolveConfig({ root, db: dbFile, ...raw }, root);
  const db = openDb(dbFile);
  let clock = Date.parse('2026-11-02T09:00:00Z');
  return {
    root,
    db,
    config,
    index: () => indexSite({ config, db, now: () => new Date((clock += 60_000)) }),
    close: () => db.close(),
  };
}

/** Moves a file's mtime forward so the stat test sees a change even within the same millisecond. */
export function bumpMtime(file: string, seconds = 10): void {
  const st = fs.statSync(file);
  const t = new Date(st.mtimeMs + seconds * 1000);
  fs.utimesSync(file, t, t);
}
