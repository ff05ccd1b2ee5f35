/** `l10n-drift dismiss` and the repository's .l10n-drift-dismissed.json, honoured by CI's `check --fail-on` and the dashboard alike. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { run } from '../../server/cli/main.ts';
import { resolveConfig } from '../../server/config.ts';
import type { FindingsResponse, LocalesResponse } from '../../web/src/lib/types.ts';
import { copySample } from '../checks/helpers.ts';

const BIN = path.resolve(import.meta.dirname, '../../scripts/l10n-drift.mjs');
let root: string;
let dbDir: string;
let db: string;

async function cli(args: string[], dbFile = db): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const [command, ...rest] = args;
  const code = await run([command!, '--root', root, '--db', dbFile, ...rest], {
    stdout,
    stderr,
    cwd: root,
    env: { USER: 'ci-bot' },
    now: () => new Date('2026-03-03T10:00:00Z'),
  });
  return { code, out, err };
}

interface CheckJson {
  summary: { total: number; error: number };
  findings: { fingerprint: string; severity: string; check: string; message: string }[];
}
const checkJson = async (dbFile = db) => {
  const r = await cli(['check', '--locale', 'ja-JP', '--format', 'json', '--fail-on', 'error'], dbFile);
  return { code: r.code, body: JSON.parse(r.out) as CheckJson, err: r.err };
};

beforeAll(async () => {
  root = copySample();
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-dismiss-cli-'));
  db = path.join(dbDir, 'drift.db');
  expect((await cli(['index', '--quiet'])).code).toBe(0);
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dbDir, { recursive: true, force: true });
});

describe('l10n-drift dismiss --to-file and check --fail-on', () => {
  let errors: string[] = [];
  let totalBefore = 0;

  it('check fails on ja-JP errors; dismissing each into the repository file makes it pass', async () => {
    const before = await checkJson();
    expect(before.code).toBe(1);
    errors = before.body.findings.filter((f) => f.severity === 'error').map((f) => f.fingerprint);
    expect(errors.length).toBeGreaterThan(0);
    totalBefore = before.body.summary.total;

    for (const fp of errors) {
      const r = await cli(['dismiss', fp, '--kind', 'false-alarm', '--reason', 'The variable exists in the ja-JP data', '--to-file']);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('.l10n-drift-dismissed.json');
    }
    const file = JSON.parse(fs.readFileSync(path.join(root, '.l10n-drift-dismissed.json'), 'utf8'));
    expect(file.version).toBe(1);
    expect(file.dismissals).toHaveLength(errors.length);
    expect(file.dismissals[0]).toMatchObject({ locale: 'ja-JP', check: 'liquid-mismatch', kind: 'false-alarm', by: 'ci-bot', fingerprint: errors[0] });
    expect(file.dismissals[0].digest).toMatch(/^[A-Za-z0-9+/]{27}=$/);

    const after = await checkJson();
    expect(after.code, after.err).toBe(0);
    expect(after.err).toMatch(new RegExp(`^${errors.length} dismissed findings? not shown \\(l10n-drift dismiss --list\\)\n$`));
    expect(after.body.findings.some((f) => errors.includes(f.fingerprint))).toBe(false);
    expect(after.body.summary.total).toBe(totalBefore - errors.length);
  });

  it('CI on a fresh checkout (a new index, the real binary) honours the committed file', async () => {
    const fresh = path.join(dbDir, 'ci.db');
    const exec = promisify(execFile);
    await exec(process.execPath, [BIN, 'index', '--quiet', '--root', root, '--db', fresh], { cwd: root });
    const r = await exec(process.execPath, [BIN, 'check', '--root', root, '--db', fresh, '--locale', 'ja-JP', '--fail-on', 'error', '--format', 'json'], {
      cwd: root,
    }).then(
      (x) => ({ code: 0, out: x.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as CheckJson).summary.total).toBe(totalBefore - errors.length);
  }, 60_000);

  it('the dashboard reads the same file: not counted, listed under dismissed', async () => {
    const config = resolveConfig({ workers: 0 }, root, null, { root, db });
    const handle = openDb(db);
    const app = await buildApp({ db: handle, config, webDir: null });
    try {
      const open = (await app.inject('/api/findings?locale=ja-JP&limit=200')).json() as FindingsResponse;
      expect(open.total).toBe(totalBefore - errors.length);
      const dismissed = (await app.inject('/api/findings?locale=ja-JP&limit=200&dismissed=only')).json() as FindingsResponse;
      expect(dismissed.rows.map((r) => r.fingerprint).sort()).toEqual([...errors].sort());
      const locales = (await app.inject('/api/locales')).json() as LocalesResponse;
      expect(locales.locales.find((l) => l.locale === 'ja-JP')!.totals.error).toBe(0);
      const list = (await app.inject('/api/dismissals?locale=ja-JP')).json() as { source: string; applies: boolean }[];
      expect(list.every((d) => d.source === 'file' && d.applies)).toBe(true);
      // A file dismissal is undone by a reviewed change to the file, not through the API.
    } finally {
      await app.close();
      handle.close();
    }
  });

  it('a bad file is a clear error naming the entry, for CI and for every command', async () => {
    const file = path.join(root, '.l10n-drift-dismissed.json');
    const good = fs.readFileSync(file, 'utf8');
    const bad = JSON.parse(good);
    bad.dismissals[errors.length - 1].kind = 'meh';
    fs.writeFileSync(file, JSON.stringify(bad));
    const r = await cli(['check', '--locale', 'ja-JP', '--fail-on', 'error']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`dismissals[${errors.length - 1}] (fingerprint ${errors.at(-1)}): "kind" must be one of false-alarm, wont-fix, later (got "meh")`);
    fs.writeFileSync(file, '{"version": 1, "dismissals": [{"locale": "ja-JP"}]}');
    expect((await cli(['check'])).err).toMatch(/dismissals\[0\]: "key" must be a non-empty string/);
    fs.writeFileSync(file, 'not json');
    expect((await cli(['check'])).err).toMatch(/\.l10n-drift-dismissed\.json: not valid JSON/);
    fs.writeFileSync(file, good);
    expect((await cli(['check', '--locale', 'ja-JP', '--fail-on', 'error'])).code).toBe(0);
  });
});

describe('l10n-drift dismiss to the team file, --list and --undo', () => {
  it('dismisses a warning, lists it, undoes it', async () => {
    const before = await checkJson();
    const warning = before.body.findings.find((f) => f.check === 'untranslated-field')!;
    const r = await cli(['dismiss', warning.fingerprint, '--kind', 'later', '--reason', 'Next release', '--by', 'kenji']);
    expect(r.code, r.err).toBe(0);
    expect((await checkJson()).body.summary.total).toBe(before.body.summary.total - 1);

    const list = await cli(['dismiss', '--list', '--locale', 'ja-JP']);
    expect(list.out).toContain(`${warning.fingerprint}  ja-JP`);
    expect(list.out).toContain('Next release — kenji (team, 2026-03-03T10:00:00.000Z)');
    const json = JSON.parse((await cli(['dismiss', '--list', '--format', 'json'])).out) as { fingerprint: string; source: string }[];
    expect(json.filter((d) => d.source === 'team').map((d) => d.fingerprint)).toEqual([warning.fingerprint]);
    expect(json.filter((d) => d.source === 'file')).toHaveLength(errors().length);

    expect((await cli(['dismiss', '--undo', warning.fingerprint])).code).toBe(0);
    expect((await checkJson()).body.summary.total).toBe(before.body.summary.total);
    expect((await cli(['dismiss', '--undo', warning.fingerprint])).code).toBe(1);
  });

  it('usage errors exit 2 with a message', async () => {
    const fp = 'a'.repeat(24);
    expect((await cli(['dismiss', fp, '--reason', 'x'])).err).toMatch(/--kind must be one of false-alarm, wont-fix, later/);
    expect((await cli(['dismiss', fp, '--kind', 'later'])).err).toMatch(/--reason is required/);
    expect((await cli(['dismiss', 'xyz', '--kind', 'later', '--reason', 'x'])).code).toBe(2);
    const missing = await cli(['dismiss', fp, '--kind', 'later', '--reason', 'x']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no open finding a{24}/);
  });
});

function errors(): unknown[] {
  return JSON.parse(fs.readFileSync(path.join(root, '.l10n-drift-dismissed.json'), 'utf8')).dismissals;
}
