import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { up as upgradeEarlierReleases } from './migrations/010-upgrade-earlier-releases.ts';

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

/**
 * A migration is `NNN-name.sql`, or `NNN-name.ts` exporting `up(db)` when it has to look at the
 * schema first (SQLite has no ADD/DROP COLUMN IF [NOT] EXISTS). A .ts migration is imported
 * here, statically, so opening a database stays synchronous.
 */
const CODE_MIGRATIONS: Record<string, (db: Db) => void> = {
  '010-upgrade-earlier-releases.ts': upgradeEarlierReleases,
};

export interface Migration {
  id: number;
  name: string;
  /** SHA-256 of the file (line endings normalized): what was applied, recorded with it. */
  hash: string;
  apply: (db: Db) => void;
}

export function migrationHash(text: string): string {
  return crypto.createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.(sql|ts)$/.test(f))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const up = name.endsWith('.sql') ? (db: Db) => db.exec(text) : CODE_MIGRATIONS[name];
      if (!up) throw new Error(`Migration ${name} is not registered in CODE_MIGRATIONS (db/index.ts)`);
      return { id: Number(name.slice(0, 3)), name, hash: migrationHash(text), apply: up };
    });
}

/**
 * Applies each pending migration inside its own transaction and records it with its hash.
 * A recorded migration whose file changed since is an error: a landed migration is never
 * edited (databases that applied the old text would never see the new one); add a new one.
 */
export function migrate(db: Db, dir = MIGRATIONS_DIR): number {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, hash TEXT)`);
  // Databases from before hashes were recorded: their rows keep a NULL hash (what they applied is unknown).
  if (!(db.pragma('table_info(migrations)') as { name: string }[]).some((c) => c.name === 'hash')) {
    db.exec('ALTER TABLE migrations ADD COLUMN hash TEXT');
  }
  const applied = db.prepare('SELECT name, hash FROM migrations WHERE id = ?');
  const record = db.prepare('INSERT INTO migrations (id, name, applied_at, hash) VALUES (?, ?, ?, ?)');
  let count = 0;
  for (const m of listMigrations(dir)) {
    const done = applied.get(m.id) as { name: string; hash: string | null } | undefined;
    if (done) {
      if (done.hash !== null && (done.name !== m.name || done.hash !== m.hash)) {
        throw new Error(
          `Migration ${m.name} differs from the ${done.name} this database applied: a landed migration must not change; add a new migration instead`,
        );
      }
      continue;
    }
    // IMMEDIATE + re-check: two processes opening a fresh file apply each migration once.
    db.transaction(() => {
      if (applied.get(m.id)) return;
      m.apply(db);
      record.run(m.id, m.name, new Date().toISOString(), m.hash);
      count++;
    }).immediate();
  }
  return count;
}
