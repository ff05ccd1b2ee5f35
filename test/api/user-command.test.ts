import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { hashToken, UsersRepository } from '../../db/repositories/users.ts';
import { run } from '../../server/cli/main.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-user-'));
const dbFile = path.join(dir, 'drift.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => ({ write: (chunk: string | Uint8Array) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  const code = await run(argv, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), cwd: dir, env: {} });
  return { code, stdout, stderr };
}

describe('l10n-drift user', () => {
  it('add prints a token once and stores only its hash; list shows users; revoke disables the token', async () => {
    const added = await cli('user', 'add', '--name', 'aiko', '--role', 'translator', '--locales', 'ja-JP,zh-CN', '--db', dbFile);
    expect(added.code).toBe(0);
    const token = added.stdout.match(/^(l10nd_[A-Za-z0-9_-]{43})$/m)?.[1];
    expect(token).toBeDefined();
    const db = openDb(dbFile);
    try {
      const users = new UsersRepository(db);
      expect(users.byToken(token!)).toMatchObject({ name: 'aiko', role: 'translator', locales: ['ja-JP', 'zh-CN'], revokedAt: null });
      expect(db.prepare('SELECT token_hash FROM users').pluck().all()).toEqual([hashToken(token!)]);

      const listed = await cli('user', 'list', '--db', dbFile);
      expect(listed.stdout).toMatch(/aiko\ttranslator\tja-JP,zh-CN\tactive/);
      expect(listed.stdout).not.toContain(token!);

      expect((await cli('user', 'revoke', '--name', 'aiko', '--db', dbFile)).code).toBe(0);
      expect(users.byToken(token!)?.revokedAt).not.toBeNull();
      expect((await cli('user', 'revoke', '--name', 'aiko', '--db', dbFile)).code).toBe(1);
    } finally {
      db.close();
    }
  });

  it.each([
    [['user', 'add', '--name', 'x', '--role', 'admin'], /--role/],
    [['user', 'add', '--name', 'y', '--role', 'translator'], /--locales/],
    [['user', 'add', '--name', 'z', '--role', 'translator', '--locales', 'ja JP'], /not a locale/],
    [['user', 'add', '--role', 'manager'], /--name/],
    [['user', 'frobnicate'], /unknown action/],
  ])('usage errors exit 2: %j', async (argv, message) => {
    const r = await cli(...argv, '--db', dbFile);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a second user with the same name', async () => {
    expect((await cli('user', 'add', '--name', 'boss', '--role', 'manager', '--db', dbFile)).code).toBe(0);
    expect((await cli('user', 'add', '--name', 'boss', '--role', 'manager', '--db', dbFile)).code).toBe(2);
  });

  it('add prints no token and exits 1 when the insert does not commit (disk full, read-only file)', async () => {
    const file = path.join(dir, 'fails-at-commit.db');
    const setup = openDb(file);
    // A deferred constraint fails at COMMIT, after the insert returned its row: how a full disk fails a write.
    // In the team file, where users are written.
    setup.exec(`CREATE TABLE team.commit_parent (id INTEGER PRIMARY KEY);
      CREATE TABLE team.commit_child (parent INTEGER REFERENCES commit_parent(id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER team.fail_at_commit AFTER INSERT ON users BEGIN INSERT INTO commit_child VALUES (42); END;`);
    setup.close();
    const r = await cli('user', 'add', '--name', 'ghost', '--role', 'manager', '--db', file);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/l10nd_/);
    expect(r.stderr).toMatch(/ghost was not stored in .*fails-at-commit\.db: FOREIGN KEY constraint failed; no token was issued/);
    const db = openDb(file);
    try {
      expect(new UsersRepository(db).byName('ghost')).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
