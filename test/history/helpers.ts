import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../db/index.ts';
import { loadSite } from '../../server/run-checks.ts';
import baseUnknown from '../../server/checks/base-unknown.ts';
import staleTranslation from '../../server/checks/stale-translation.ts';
import type { StaleBase } from '../../server/checks/define.ts';
import type { Finding } from '../../server/checks/types.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { resolveBases, staleKey, type ResolveOptions } from '../../server/history/bases.ts';
import { indexSite } from '../../server/indexer/indexer.ts';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Runs git in `dir` with fixed identity and the given commit date. */
export function git(dir: string, args: string[], date = '2021-01-01T12:00:00Z'): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: dir,
    },
  }).trim();
}

export function commitAll(dir: string, message: string, date: string): string {
  git(dir, ['add', '-A'], date);
  git(dir, ['commit', '-q', '-m', message], date);
  return git(dir, ['rev-parse', 'HEAD'], date);
}

export function siteConfig(root: string, dbFile: string, locales: string[] | null = null): Config {
  return resolveConfig({ root, db: dbFile, workers: 0, ...(locales ? { locales } : {}) }, root, null);
}

export async function index(config: Config, db: Db, now = new Date('2021-03-01T00:00:00Z')): Promise<number> {
  return (await indexSite({ config, db, now: () => now })).runId;
}

export interface Verdict {
  base: StaleBase | undefined;
  /** stale-translation's findings. */
  findings: Finding[];
  /** base-unknown's findings (base unknown, malformed or unknown source commit). */
  unknown: Finding[];
}

/** Resolves bases and runs the stale-translation check on every translation of a locale. */
export async function verdicts(db: Db, config: Config, locale: string, options: ResolveOptions = {}): Promise<Map<string, Verdict>> {
  const bases = await resolveBases(db, config, options);
  const site = loadSite(db, config.layout, (l, k) => bases.get(staleKey(l, k)));
  const out = new Map<string, Verdict>();
  const english = site.documents.get('en')!;
  for (const [key, translation] of site.documents.get(locale) ?? []) {
    const ctx = { locale, key, english: english.get(key) ?? null, translation, site: site.lookups, now: new Date('2021-06-01T00:00:00Z') };
    out.set(key, { base: bases.get(staleKey(locale, key)), findings: staleTranslation.run(ctx), unknown: baseUnknown.run(ctx) });
  }
  return out;
}

export function openTempDb(dir: string): { db: Db; file: string } {
  const file = path.join(dir, 'drift.db');
  return { db: openDb(file), file };
}

/** A page with a title and a body, as the small git sites of these tests write them. */
export const page = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`;

export interface StaleSite {
  root: string;
  dbDir: string;
  db: Db;
  config: Config;
  /** Closes the database and removes both folders. */
  remove(): void;
}

/**
 * A git work tree of English pages (alpha, beta, gamma by default; those in `translated` with a
 * ja-JP translation) committed on 2021-01-02, then English alpha changed on 2021-01-03: ja-JP
 * alpha is stale. `readme`: a README committed first, on 2021-01-01. With an empty index.
 */
export function staleSite(prefix: string, options: { pages?: string[]; translated?: string[]; readme?: boolean } = {}): StaleSite {
  const pages = options.pages ?? ['alpha', 'beta', 'gamma'];
  const translated = options.translated ?? pages;
  const root = tempDir(`${prefix}-`);
  const dbDir = tempDir(`${prefix}-db-`);
  git(root, ['init', '-q', '-b', 'main']);
  if (options.readme) {
    write(root, 'README.md', 'A test site.\n');
    commitAll(root, 'Start', '2021-01-01T12:00:00Z');
  }
  for (const name of pages) write(root, `content/${name}.md`, page(name, `Intro.\n\n## Overview\n\nThe ${name} page explains one thing.`));
  for (const name of translated) write(root, `translations/ja-JP/content/${name}.md`, page(name, `紹介。\n\n## 概要\n\n${name} のページです。`));
  commitAll(root, 'Pages and translations', '2021-01-02T12:00:00Z');
  write(root, 'content/alpha.md', page('alpha', 'Intro.\n\n## Overview\n\nThe alpha page explains one thing, and now another.'));
  commitAll(root, 'English alpha changes', '2021-01-03T12:00:00Z');
  const { db, file } = openTempDb(dbDir);
  return {
    root,
    dbDir,
    db,
    config: siteConfig(root, file),
    remove() {
      db.close();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(dbDir, { recursive: true, force: true });
    },
  };
}
