import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrate, migrationHash, openDb, type Db } from '../../db/index.ts';

const RELEASES_DIR = fileURLToPath(new URL('../fixtures/migrations/', import.meta.url));
const RELEASES = fs
  .readdirSync(RELEASES_DIR)
  .filter((d) => fs.statSync(path.join(RELEASES_DIR, d)).isDirectory())
  .sort();

/**
 * Every migration as released (landed on main): a pinned hash fails when the file changes.
 * When a new migration lands, add its line here (the failure prints it).
 */
const TEAM_MIGRATIONS = path.resolve(import.meta.dirname, '../../db/team-migrations');

const RELEASED: Record<string, string> = {
  '001-init.sql': '5dc898bbf6605762a78d4bf490ff52c815fc0f4d218e66fe887007a7457981fd',
  '002-findings.sql': '0f499a038d63286182c40092673b3f769e534473a91a20b353e788b374662b17',
  '003-users-claims.sql': '64fcbfb7814a3a38a3ba0b38acfb86232cb52fcffb6ebba3c62b8bc84e40ec19',
  '004-check-runs.sql': 'ac4290aed8378b270420b8a335eedc18482b91f28d4fcf7512af558f15cb3cb9',
  '005-history-blob-sections.sql': 'dcdd8f92fd143e4d1833c68b96527b20e63a1eeb2c131b8d27b765643ff0fb38',
  '006-finding-digest.sql': 'a080c41cbe48942ff9fe36bb97ac485c7d4c99226ae7d1eb4011dbd78568406f',
  '007-check-inputs.sql': '7513af879824191f176b39db79fa7c10e092ae999a0b877a7eb404cf02a9b3ab',
  '008-users-claims-to-team-file.sql': 'b9a8370872cbe075468252e5ee901572e0c1d6c02a73a901aa6fe2fe3279b7b7',
  '009-translation-bases.sql': '86b17190ef0e8a72d5aaf60b4aa9c8996961e4007def14ab2aa9e6f6838a1b33',
  '010-upgrade-earlier-releases.ts': '7ff89b0d33e60fa4ccfeca7897026b94ccd2c67ba6b65d36b7fb27e0c7d93b9a',
  '011-version-fields-and-base-runs.sql': 'ce05bfcf502def71f559e70ea8d34b14061017a42a19cfcc5128fcc00c145694',
  '012-finding-content-digest.ts': '681b8368097bbf279c0f990605418c54ed57f44cbf38ecc5b3366bc77193ee61',
  '013-history-log.sql': 'ba9993df263a348c6b9d35b764651e1859f84837f0d9342055400ca0b33f9031',
  '014-incremental-checks.sql': '651f6fcd3b6b48619e177f05768238188e0f980dc17452a4fb035569cfca9fa8',
  '015-paragraph-languages.sql': '88a467cd557bf939bde3111f15aefea39a6023290a35be1e8f52e56c55bc5160',
  '016-check-entries.sql': '4709f601df565f7bbe917a122c6ad7c93ddf16d0d5cd5b187d89ad41275ed20e',
  '017-coverage-facts.sql': '9f382bb82a3a474c99a9c598a9f37714a76e3a25327db68a32421917827c76f7',
  '018-base-identities.sql': '631878596e4810d5c0ccbf56659a27344837e36798d9dc37ad6f7641d503924f',
  '019-change-lookups.sql': '4ad177b2ea8349837d3adf3391dbbbd222b1be1cb3f2e635311b0aaf274419bd',
  '020-document-states.sql': '377963326f572000252fa3199887b74382ebc568dccc3108ed403f83db63ae61',
  '021-coverage-facts-files.sql': '532bed1f6f4f0f38c390879a52ff7e78d4cd3bf104e524406ef578e5d8a6feca',
  '022-drop-section-skeleton-json.sql': '9cf2830c1fad9d5eaec7940d91850455d4faeeefb6a1147024cdf2680dceb3dd',
  '023-links-and-liquid-in-check-inputs.ts': '87a117562afc6e45a9ca7c091ad58d3030556977c2053cdff75feee3fd870054',
  '024-run-parse-key.sql': '496a0d288908e9dc925955a58aa148400f81235c298bbf243b875bbedda93f7c',
  '025-document-content-run.sql': 'fedb70d9ceb03323386b855d8c28e529e4232918b9e402a95da5021f58b3d62c',
};

/** The schema as a comparable list: every object's type, name, table and SQL without comments or layout. */
function schemaOf(db: Db): string[] {
  const rows = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as {
    type: string;
    name: string;
    tbl_name: string;
    sql: string | null;
  }[];
  const normalize = (sql: string) =>
    sql
      .replace(/--[^\n]*/g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([(),])\s*/g, '$1')
      .trim();
  return rows.map((r) => `${r.type} ${r.name} on ${r.tbl_name}: ${r.sql === null ? '' : normalize(r.sql)}`);
}

/** What the runner of every earlier release did (db/index.ts was unchanged from e4e0473 to 360b4a8). */
function migrateAsReleased(db: Db, dir: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (\n    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    db.transaction(() => {
      db.exec(fs.readFileSync(path.join(dir, name), 'utf8'));
      db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)').run(Number(name.slice(0, 3)), name, '2026-11-26T00:00:00.000Z');
    })();
  }
}

function freshSchema(): string[] {
  const db = openDb(':memory:');
  try {
    return schemaOf(db);
  } finally {
    db.close();
  }
}

/** The team file's migrations (users and claims), pinned the same way. */
const RELEASED_TEAM: Record<string, string> = {
  '001-users-claims.sql': 'f6a1f7fce3f7dbee13493fe82b48c2ffcda133ceb79fb190ef8f6867b2bce2fc',
  '002-dismissals.sql': '3edd3f14d93c3f2acdf8e7a826c258b4f98c9dcca437218bba99804e5976bdfe',
  '003-claim-events.sql': 'c218b89a8244babf0be09ec1da2b5d55e2fddd0d152d9ae43d9a5e37efc4e27b',
};

describe('released migrations', () => {
  it.each([
    ...listMigrations().map((m) => ['db/migrations', m.name, m.hash, RELEASED] as const),
    ...listMigrations(TEAM_MIGRATIONS).map((m) => ['db/team-migrations', m.name, m.hash, RELEASED_TEAM] as const),
  ])('%s/%s is pinned and unchanged', (dir, name, hash, released) => {
    const pinned = released[name];
    expect(pinned, `${dir}/${name} has no pinned hash: add  '${name}': '${hash}',  to the pins of ${dir} in test/db/migration-releases.test.ts`).toBeDefined();
    expect(hash, `${name} changed after it was released: add a new migration instead (a database that applied the old text never sees the change)`).toBe(
      pinned,
    );
  });

  it("the newest release folder is today's 001–007", () => {
    const last = RELEASES.at(-1)!;
    for (const name of fs.readdirSync(path.join(RELEASES_DIR, last))) {
      expect(migrationHash(fs.readFileSync(path.join(RELEASES_DIR, last, name), 'utf8')), name).toBe(RELEASED[name]);
    }
  });
});

describe('upgrading a database made by each earlier release', () => {
  const today = freshSchema();

  it.each(RELEASES)('%s upgrades to the schema of a fresh database, keeping its rows', (release) => {
    const db = new Database(':memory:') as Db;
    db.pragma('foreign_keys = ON');
    migrateAsReleased(db, path.join(RELEASES_DIR, release));
    // One document with a row in each child table, written as that release could.
    db.exec(`INSERT INTO runs (id, started_at, status) VALUES (1, '2026-11-26', 'complete');
      INSERT INTO documents (id, locale, key, kind, path, content_hash, size, mtime_ms, first_seen_run, changed_run)
        VALUES (1, 'ja-JP', 'get-started', 'page', 'translations/ja-JP/content/get-started.md', 'h', 1, 0, 1, 1);
      INSERT INTO sections VALUES (1, 0, 1, 'はじめに', 'hajimeni', 1, 3, 't', 's', '[]', '[]', '# はじめに');
      INSERT INTO links VALUES (1, 0, 0, '/get-started', 'internal', 2, 'Get started');
      INSERT INTO liquid_refs VALUES (1, 0, 0, 'data', 'variables.product.prodname_dotcom', 2, '{% data variables.product.prodname_dotcom %}');
      INSERT INTO paragraphs VALUES (1, 0, 0, 'text', 2, 2, 'テキスト', 'p', 'ja', 1.0, '[]');`);

    // As openDb does: the team file (users and claims since 008) attached and migrated first.
    db.exec("ATTACH DATABASE ':memory:' AS team");
    migrate(db, TEAM_MIGRATIONS, 'team');
    const applied = migrate(db);
    expect(applied).toBeGreaterThan(0);
    expect(schemaOf(db)).toEqual(today);
    for (const table of ['sections', 'paragraphs']) {
      expect(db.prepare(`SELECT count(*) FROM ${table} WHERE document_id = 1`).pluck().get(), table).toBe(1);
    }
    // The link and the reference are in the document's check input (migration 023), the reference's raw text beside it.
    const input = db.prepare('SELECT json, liquid_raw FROM check_inputs WHERE document_id = 1').get() as { json: string; liquid_raw: string };
    expect(JSON.parse(input.json)).toEqual([
      [[0, 1, 'はじめに', 'hajimeni', 1, 3, 't', 's', '[]']],
      [[0, 0, '/get-started', 'internal', 2, 'Get started']],
      [[0, 0, 'data', 'variables.product.prodname_dotcom', 2, '{% data variables.product.prodname_dotcom %}']],
      [],
      '0 p',
      ['ja'],
    ]);
    expect(JSON.parse(input.liquid_raw)).toEqual(['{% data variables.product.prodname_dotcom %}']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Upgrading again does nothing.
    expect(migrate(db)).toBe(0);
    expect(schemaOf(db)).toEqual(today);
    db.close();
  });

  it('a fresh database records every migration with its hash', () => {
    const db = openDb(':memory:');
    const rows = db.prepare('SELECT name, hash FROM migrations ORDER BY id').all() as { name: string; hash: string }[];
    expect(rows).toEqual(listMigrations().map((m) => ({ name: m.name, hash: m.hash })));
    db.close();
  });

  it('refuses a migration that changed after this database applied it', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-migrate-edit-'));
    fs.writeFileSync(path.join(tmp, '001-a.sql'), 'CREATE TABLE a (x INTEGER);');
    const db = openDb(':memory:', { migrate: false });
    expect(migrate(db, tmp)).toBe(1);
    fs.writeFileSync(path.join(tmp, '001-a.sql'), 'CREATE TABLE a (x INTEGER, y TEXT);');
    expect(() => migrate(db, tmp)).toThrow(/add a new migration instead/);
    db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
