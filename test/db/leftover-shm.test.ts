/** A -shm or -wal left by a read-only period: writers fail loud, naming the file and what to do. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertWritable, openDb } from '../../db/index.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const isRoot = process.getuid?.() === 0;
// The other user must reach the folder: the test run's own temp root is private to us.
const dir = fs.mkdtempSync(path.join(isRoot ? '/tmp' : os.tmpdir(), 'l10n-drift-shm-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Opens and writes in a child process: as another user when we are root (root writes any file), else as us. */
function writer(file: string): { stage: string; ok?: boolean; message?: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'test', 'db', 'open-writer.ts'), file], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: dir },
    timeout: 30_000,
    ...(isRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as never;
}

/** A database with one write, and the -shm it had while open kept as a read-only leftover. */
function siteWithLeftoverShm(name: string): string {
  const sub = path.join(dir, name);
  fs.mkdirSync(sub, { mode: 0o777 });
  fs.chmodSync(sub, 0o777);
  const file = path.join(sub, 'drift.db');
  const db = openDb(file);
  db.exec('CREATE TABLE probe (x)');
  db.prepare('INSERT INTO probe VALUES (0)').run();
  const shm = fs.readFileSync(`${file}-shm`);
  db.close();
  fs.chmodSync(file, 0o666);
  // The team file beside it (users and claims) is the other user's to write too.
  for (const f of fs.readdirSync(sub)) if (f.startsWith('drift.team.db')) fs.chmodSync(path.join(sub, f), 0o666);
  fs.writeFileSync(`${file}-shm`, shm, { mode: 0o444 });
  fs.chmodSync(`${file}-shm`, 0o444);
  return file;
}

describe('leftover read-only -shm', () => {
  it('a writer fails on open with a message naming the -shm, and writes again once it is removed', () => {
    fs.chmodSync(dir, 0o777);
    const file = siteWithLeftoverShm('site');
    const failed = writer(file);
    expect(failed.stage).toBe('open');
    expect(failed.message).toContain(`${file}-shm is not writable by this user`);
    expect(failed.message).toMatch(/delete drift\.db-shm \(it is rebuilt\)/);
    fs.rmSync(`${file}-shm`);
    expect(writer(file)).toEqual({ stage: 'write', ok: true });
  });

  it('names a read-only -wal without telling to delete it', () => {
    const file = siteWithLeftoverShm('wal');
    fs.rmSync(`${file}-shm`);
    fs.writeFileSync(`${file}-wal`, '', { mode: 0o444 });
    fs.chmodSync(`${file}-wal`, 0o444);
    const failed = writer(file);
    expect(failed.stage).toBe('open');
    expect(failed.message).toContain(`${file}-wal is not writable by this user`);
    expect(failed.message).toContain('do not delete it');
    expect(() => assertWritable(path.join(dir, 'fresh.db'))).not.toThrow();
  });
});
