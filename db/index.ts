import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { up as upgradeEarlierReleases } from './migrations/010-upgrade-earlier-releases.ts';
import { up as findingContentDigest } from './migrations/012-finding-content-digest.ts';
import { up as linksAndLiquidInCheckInputs } from './migrations/023-links-and-liquid-in-check-inputs.ts';

export type Db = Database.Database;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MIGRATIONS_DIR = path.join(HERE, 'migrations');
const TEAM_MIGRATIONS_DIR = path.join(HERE, 'team-migrations');

/** Page size of a new index file (bytes; see openDb). */
export const INDEX_PAGE_SIZE = 32768;

/**
 * Users and claims live in a file of their own beside the index (`drift.db` → `drift.team.db`),
 * attached to every connection as `team`. An index run holds the index file's write lock for
 * its whole run (one transaction); people's writes take only this file's lock, so a claim
 * never waits for a re-index. Unqualified `claims` and `users` resolve to it (main has none).
 */
export const TEAM_SCHEMA = 'team';

export function teamFileOf(file: string): string {
  const { dir, name, ext } = path.parse(path.resolve(file));
  return path.join(dir, `${name}.team${ext}`);
}

export interface OpenOptions {
  readonly?: boolean;
  /** Skip migrations (read-only openers of an already migrated file). */
  migrate?: boolean;
  /** How long a statement waits for another connection's lock (BUSY_TIMEOUT_MS; tests shorten it). */
  busyTimeoutMs?: number;
}

// The connection that writes the team file, per connection openDb returned (itself in memory).
const teamWriters = new WeakMap<Db, Db>();

/**
 * The connection users and claims are written on. Its own connection to the team file, so
 * no write through it can ever touch (or wait for) the index file's lock, and its busy
 * timeout can differ from the readers' (the server sets it to 0 and retries asynchronously).
 */
export function teamWriter(db: Db): Db {
  return teamWriters.get(db) ?? db;
}

const BUSY_TIMEOUT_MS = 5000;

function tune(db: Db, readonly: boolean, busyTimeoutMs = BUSY_TIMEOUT_MS): void {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable at every checkpoint and safe against corruption in WAL mode.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
}

/** Opens the database file with WAL, foreign keys and a busy timeout, attaches the team file, then applies pending migrations. */
export function openDb(file: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  const memory = file === ':memory:';
  if (!memory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (!memory && !readonly) {
    assertWritable(file);
    assertWritable(teamFileOf(file));
  }
  const db = new Database(file, { readonly });
  const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  let writer: Db | null = null;
  try {
    setUp(db, file, readonly, memory, options.migrate !== false, busyTimeoutMs);
    if (!readonly && !memory) {
      writer = new Database(teamFileOf(file));
      tune(writer, false, busyTimeoutMs);
    }
  } catch (err) {
    writer?.close();
    db.close();
    throw openError(err, file);
  }
  if (writer) {
    const team = writer;
    teamWriters.set(db, team);
    const close = db.close.bind(db);
    db.close = () => {
      team.close();
      return close();
    };
  }
  return db;
}

/** Why a file could not be opened, in the words of its likely cause (a first index run's: `beginFirstRunJournal`). */
function openError(err: unknown, file: string): unknown {
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_BUSY'))
    return new Error(`${file} is locked by another connection (such as a first index run, which holds it until it commits); try again when it is done`, {
      cause: err,
    });
  if (code.startsWith('SQLITE_READONLY') && fs.existsSync(`${file}-journal`))
    return new Error(
      `${file} has a first index run's journal left by a run that was stopped; any command that writes it (\`l10n-drift index\`) rolls it back`,
      {
        cause: err,
      },
    );
  return err;
}

/** Everything openDb does to a new connection before it is used: pragmas, the team file, migrations. */
function setUp(db: Db, file: string, readonly: boolean, memory: boolean, migrations: boolean, busyTimeoutMs: number): void {
  // A new index file gets larger pages (SQLite ignores the setting once a file has pages, so an
  // existing index keeps its own). A cold index of the GitHub Docs snapshot writes ~570 MB in
  // one transaction, to the WAL and again at the checkpoint: with 4 KB pages SQLite's per-page
  // work (B-tree balancing, overflow chains, WAL frames and their checksums) cost ~7 s of CPU
  // more (60.7 → 53.8 s, single runs) and its commit ~1.5 s more (replaying the rows: 1.4–1.9 →
  // 0.36–0.44 s); a no-change run reads no slower (1.0 s CPU either way).
  // Before WAL mode (which fixes a new file's page size), after the busy timeout (the pragma reads
  // the schema, which waits for another process's WAL recovery).
  if (!readonly && !memory) {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma(`page_size = ${INDEX_PAGE_SIZE}`);
  }
  tune(db, readonly, busyTimeoutMs);
  const teamFile = memory ? ':memory:' : teamFileOf(file);
  // A read-only opener of a file from before the team file existed reads users and claims from main.
  if (!readonly || memory || fs.existsSync(teamFile)) {
    db.prepare(`ATTACH DATABASE ? AS ${TEAM_SCHEMA}`).run(teamFile);
    if (!readonly && !memory) {
      db.pragma(`${TEAM_SCHEMA}.journal_mode = WAL`);
      db.pragma(`${TEAM_SCHEMA}.synchronous = NORMAL`);
    }
  }
  if (!readonly && migrations) {
    // The team's tables first: migration 008 of the index moves its old users and claims there.
    migrate(db, TEAM_MIGRATIONS_DIR, TEAM_SCHEMA);
    migrate(db);
  }
  installDismissed(db);
}

/**
 * The dismissed findings this connection sees, as `temp.dismissed (fingerprint, digest)`: the
 * team file's standing dismissals and the repository file's (`temp.repo_dismissals`, filled by
 * `DismissalsRepository.loadFile`). A finding is dismissed while both its fingerprint and its
 * digest match one of them (see DISMISSED_SQL in repositories/findings.ts).
 */
function installDismissed(db: Db): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS repo_dismissals (
    fingerprint TEXT PRIMARY KEY, digest TEXT NOT NULL, locale TEXT NOT NULL, key TEXT NOT NULL,
    check_id TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, by_name TEXT NOT NULL) WITHOUT ROWID`);
  const attached = (db.pragma('database_list') as { name: string }[]).some((d) => d.name === TEAM_SCHEMA);
  // A read-only opener of a team file from before dismissals existed sees the repository file's only.
  const team = attached && db.prepare(`SELECT 1 FROM ${TEAM_SCHEMA}.sqlite_master WHERE name = 'dismissals'`).get() !== undefined;
  // Without it, an empty stand-in under the same name: readers name the table unqualified.
  if (!team) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS dismissals (id INTEGER PRIMARY KEY, fingerprint TEXT, digest TEXT, locale TEXT, key TEXT,
      check_id TEXT, kind TEXT, reason TEXT, user_id INTEGER, by_name TEXT, created_at TEXT, undone_at TEXT, undone_by TEXT)`);
  }
  db.exec(`DROP VIEW IF EXISTS temp.dismissed`);
  db.exec(`CREATE TEMP VIEW dismissed AS
    SELECT fingerprint, digest FROM dismissals WHERE undone_at IS NULL UNION ALL SELECT fingerprint, digest FROM temp.repo_dismissals`);
}

/**
 * For an index file's first run, which has no committed run to keep readable: leaves WAL mode for
 * that run, so its pages are written once, into the file, instead of into the WAL and again by the
 * checkpoint at COMMIT (the snapshot's cold index: COMMIT and close 0.62 s → 0.12 s, ~450 MB not
 * copied). SQLite allows it only with no other connection on the file (another process, the
 * server's readers): then this returns false at once (no busy wait) and the run goes through the
 * WAL as every other run. Without WAL a power loss mid-commit can corrupt a file synced as NORMAL:
 * the run syncs as FULL. Call outside a transaction; `commitFirstRun` and `endFirstRunJournal` after it.
 */
export function beginFirstRunJournal(db: Db): boolean {
  return withBusyTimeout(db, 0, () => {
    try {
      if (db.pragma('main.journal_mode = DELETE', { simple: true }) !== 'delete') return false;
      db.pragma('main.synchronous = FULL');
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * How long a first run's COMMIT waits for readers. Without WAL it needs the file to itself, and a
 * reader that began meanwhile (a read-only opener, the `sqlite3` shell) holds it until its read
 * ends: failing after the usual busy timeout would roll the whole run back.
 */
export const FIRST_RUN_COMMIT_WAIT_MS = 120_000;

/** COMMIT of a first run (`beginFirstRunJournal`), waiting up to FIRST_RUN_COMMIT_WAIT_MS for readers to finish. */
export function commitFirstRun(db: Db): void {
  withBusyTimeout(db, FIRST_RUN_COMMIT_WAIT_MS, () => db.exec('COMMIT'));
}

/** Runs `fn` with the connection's busy timeout at `ms`, and puts its own back. */
function withBusyTimeout<T>(db: Db, ms: number, fn: () => T): T {
  const own = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${ms}`);
  try {
    return fn();
  } finally {
    db.pragma(`busy_timeout = ${own}`);
  }
}

/**
 * Back to WAL (and NORMAL syncs) after a first run (`beginFirstRunJournal`). Should a connection
 * have opened the file meanwhile and still have it open, this fails and the next `openDb` sets WAL.
 */
export function endFirstRunJournal(db: Db): void {
  try {
    db.pragma('main.journal_mode = WAL');
    db.pragma('main.synchronous = NORMAL');
  } catch {
    // Left in rollback mode: readers read it as well; openDb's tune() turns WAL on again.
  }
}

/**
 * Starts the index's write transaction, locking the index file only. BEGIN IMMEDIATE would
 * also take the write lock of every attached file, the team's included, for a whole run.
 */
export function beginIndexWrite(db: Db): void {
  db.exec('BEGIN');
  try {
    lockIndex(db);
  } catch (err) {
    // As a failed BEGIN IMMEDIATE would: no transaction left open.
    db.exec('ROLLBACK');
    throw err;
  }
}

/** Runs fn in a transaction that holds the index file's write lock (not the team file's) from its start. */
export function indexWrite<T>(db: Db, fn: () => T): T {
  return db
    .transaction(() => {
      lockIndex(db);
      return fn();
    })
    .deferred();
}

// A write statement takes its file's write lock even when it changes no row.
function lockIndex(db: Db): void {
  db.prepare('UPDATE main.migrations SET id = id WHERE id < 0').run();
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
      const hint =
        f === file
          ? 'make it writable for this user'
          : f.endsWith('-shm')
            ? `it was left by a read-only or other-user process: stop every l10n-drift process on this database, then delete ${path.basename(f)} (it is rebuilt) or give it to this user`
            : `it was left by a read-only or other-user process: give it to this user (do not delete it: it may hold committed data)`;
      throw new DbNotWritableError(`Cannot write to the database: ${f} is not writable by this user${owner}; ${hint}`);
    }
  }
}

/**
 * A migration is `NNN-name.sql`, or `NNN-name.ts` exporting `up(db)` when it has to look at the
 * schema first (SQLite has no ADD/DROP COLUMN IF [NOT] EXISTS). A .ts migration is imported
 * here, statically, so opening a database stays synchronous.
 */
const CODE_MIGRATIONS: Record<string, (db: Db) => void> = {
  '010-upgrade-earlier-releases.ts': upgradeEarlierReleases,
  '012-finding-content-digest.ts': findingContentDigest,
  '023-links-and-liquid-in-check-inputs.ts': linksAndLiquidInCheckInputs,
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
 * Applies each pending migration inside its own transaction and records it with its hash, in
 * the schema's own migrations table (the index's, or the team file's). A recorded migration
 * whose file changed since is an error: a landed migration is never edited (databases that
 * applied the old text would never see the new one); add a new one.
 */
export function migrate(db: Db, dir = MIGRATIONS_DIR, schema = 'main'): number {
  db.exec(`CREATE TABLE IF NOT EXISTS ${schema}.migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, hash TEXT)`);
  // Databases from before hashes were recorded: their rows keep a NULL hash (what they applied is unknown).
  if (!(db.pragma(`${schema}.table_info(migrations)`) as { name: string }[]).some((c) => c.name === 'hash')) {
    db.exec(`ALTER TABLE ${schema}.migrations ADD COLUMN hash TEXT`);
  }
  const applied = db.prepare(`SELECT name, hash FROM ${schema}.migrations WHERE id = ?`);
  const record = db.prepare(`INSERT INTO ${schema}.migrations (id, name, applied_at, hash) VALUES (?, ?, ?, ?)`);
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
