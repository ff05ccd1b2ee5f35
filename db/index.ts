import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  readonly?: boolean;
  /** Skip migrations (read-only openers of an already migrated file). */
  migrate?: boolean;
}

/** Opens the database file with WAL, foreign keys and a busy timeout, then applies pending migrations. */
export function openDb(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (file !== ':memory:' && !options.readonly) assertWritable(file);
  const db = new Database(file, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable at every checkpoint and safe against corruption in WAL mode.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  if (!options.readonly && options.migrate !== false) migrate(db);
  return db;
}

export class DbNotWritableError extends Error {
  override name = 'DbNotWritableError';
}

/**
 * A writer needs the database file and, in WAL mode, its -wal and -shm files writable. A
 * -shm left by a read-only period (another user, or a read-only mount) made every later
 * write fail with "attempt to write a readonly database", naming none of them: say which.
 */
export function assertWritable(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(f, { throwIfNoEntry: false });
      if (stat) fs.accessSync(f, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      const owner = stat ? ` (owner uid ${stat.uid}, mode ${(stat.mode & 0o777).toString(8)})` : '';
      // The -shm is an index rebuilt on open; the -wal may hold committed data that is not yet in the file.
      const hint = f === file
        ? 'make it writable for this user'
        : f.endsWith('-shm')
          ? `it was left by a read-only or other-user process: stop every l10n-drift process on this database, then delete ${path.basename(f)} (it is rebuilt) or give it to this user`
          : `it was left by a read-only or other-user process: give it to this user (do not delete it: it may hold committed data)`;
      throw new DbNotWritableError(`Cannot write to the database: ${f} is not writable by this user${owner}; ${hint}`);
    }
  }
}

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: Number(f.slice(0, 3)), name: f, sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** Applies each pending migration inside its own transaction and records it. */
export function migrate(db: Db, dir = MIGRATIONS_DIR): number {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const isApplied = db.prepare('SELECT 1 FROM migrations WHERE id = ?').pluck();
  const record = db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)');
  let count = 0;
  for (const m of listMigrations(dir)) {
    if (isApplied.get(m.id)) continue;
    // IMMEDIATE + re-check: two processes opening a fresh file apply each migration once.
    db.transaction(() => {
      if (isApplied.get(m.id)) return;
      db.exec(m.sql);
      record.run(m.id, m.name, new Date().toISOString());
      count++;
    }).immediate();
  }
  return count;
}
