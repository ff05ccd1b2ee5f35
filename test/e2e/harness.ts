/**
 * End-to-end harness: a fresh web build when web/ changed, the bundled sample indexed into a
 * temporary database, the real app listening on 127.0.0.1 (port 0), users made through the repository.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from '../../db/index.ts';
import { UsersRepository, type Role } from '../../db/repositories/users.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { indexCommand } from '../../server/cli/index-command.ts';
import { buildApp } from '../../server/app.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = path.join(REPO, 'web');
export const WEB_DIST = path.join(WEB, 'dist');
export const ARTIFACTS = path.join(REPO, 'test', 'artifacts');

function newestMtime(entry: string): number {
  const st = fs.statSync(entry);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/** Builds web/dist unless it is newer than every web source file (a cross-process lock keeps parallel files from racing). */
export async function ensureWebBuild(): Promise<void> {
  const sources = [path.join(WEB, 'src'), path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.ts'), path.join(WEB, 'svelte.config.js')];
  const stale = () => {
    const built = path.join(WEB_DIST, 'index.html');
    if (!fs.existsSync(built)) return true;
    const builtAt = fs.statSync(built).mtimeMs;
    return sources.some((s) => newestMtime(s) > builtAt);
  };
  if (!stale()) return;
  const lock = path.join(os.tmpdir(), 'l10n-drift-web-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 90_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`, { cause: e });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!stale()) return;
    const { build } = await import('vite');
    await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs `l10n-drift index` with these arguments in `cwd`, its output captured; a non-zero exit throws with that output. */
export async function runIndex(args: string[], cwd: string): Promise<void> {
  const out: string[] = [];
  const sink = { write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WritableStream;
  const code = await indexCommand(args, { stdout: sink, stderr: sink, cwd, env: {} });
  if (code !== 0) throw new Error(`index failed (${code}):\n${out.join('')}`);
}

export interface Harness {
  url: string;
  app: FastifyInstance;
  db: Db;
  config: Config;
  addUser(name: string, role: Role, locales: string[]): string;
  close(): Promise<void>;
}

export const ENGLISH_ARTICLE = 'content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';
/** The sentence the second run adds to English, making its translations stale. */
export const ADDED_SENTENCE = 'License data is synchronized once a week.';

/**
 * Copies content/license-sync to a temporary root and indexes it twice (with checks, exactly as
 * `l10n-drift index` does): the sample as shipped, then with one English sentence added to the
 * license-sync article — so its translations are stale (index-history base) and trends have two points.
 */
export async function startServer(options: { now?: () => Date } = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-e2e-'));
  const dbFile = path.join(dir, 'drift.db');
  const root = path.join(dir, 'site');
  fs.cpSync(path.join(REPO, 'content', 'license-sync'), root, { recursive: true });
  const index = () => runIndex(['--root', root, '--db', dbFile, '--quiet'], dir);
  await index();
  const english = path.join(root, ENGLISH_ARTICLE);
  const text = fs.readFileSync(english, 'utf8');
  const anchor = 'If you use multiple {% data variables.product.prodname_ghe_server %} instances,';
  if (!text.includes(anchor)) throw new Error(`${ENGLISH_ARTICLE} changed upstream: "${anchor}" not found`);
  fs.writeFileSync(english, text.replace(anchor, `${ADDED_SENTENCE} ${anchor}`));
  // A later mtime than the first run saw, whatever the file system's timestamp granularity.
  const later = new Date(Date.now() + 2000);
  fs.utimesSync(english, later, later);
  await index();

  const config = resolveConfig({}, dir, null, { root, db: dbFile }, dir);
  const db = openDb(dbFile);
  // A fake clock (options.now) drives claims and their expiry, as in the API tests.
  const app = await buildApp({ db, config, webDir: WEB_DIST, ...(options.now ? { now: options.now } : {}) });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const users = new UsersRepository(db);
  return {
    url: address,
    app,
    db,
    config,
    addUser: (name, role, locales) => users.add(name, role, locales, options.now?.() ?? new Date()).token,
    async close() {
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
