import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitAll, git } from '../history/helpers.ts';

// Wrong input fails loud (issue 19): `l10n-drift` run as a user runs it, on a copy of the sample site.
const REPO = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(REPO, 'content/license-sync');
const bin = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'scripts/l10n-drift.mjs'), ...args], { cwd: REPO, encoding: 'utf8' });

let dir: string;
let site: string;
let db: string;
const openFindings = () => {
  const r = bin('check', '--root', site, '--db', db, '--format', 'json', '--fail-on', 'never');
  return (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length;
};

const emptyFolder = () => {
  fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
  return path.join(dir, 'empty');
};
/** A folder laid out as the site with no file in it: an English folder (`content/`) and nothing else. */
const emptySite = () => {
  fs.mkdirSync(path.join(dir, 'empty-site', 'content'), { recursive: true });
  return path.join(dir, 'empty-site');
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-root-'));
  site = path.join(dir, 'site');
  db = path.join(dir, 'drift.db');
  fs.cpSync(SAMPLE, site, { recursive: true });
  const r = bin('index', '--root', site, '--db', db, '--quiet');
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

describe('a wrong --root on an indexed database', () => {
  it.each([
    ['a typo (missing folder) exits 2 naming the path', () => path.join(dir, 'sitte'), 2, /Site root .*sitte is not a folder/],
    [
      'a folder without the English source exits 2 naming the folders it looked for',
      emptyFolder,
      2,
      /No English source in .*empty: the github-docs layout reads English from content, data\/reusables, data\/variables, which are not folders/,
    ],
    [
      'a folder laid out as the site with no file in it exits 1: it would delete every document',
      emptySite,
      1,
      /would delete 28 of the site's 28 indexed documents.*--allow-mass-delete/s,
    ],
  ])(
    '%s, changes nothing, and the CI gate still fails',
    (_, root, code, message) => {
      const before = openFindings();
      const r = bin('index', '--root', root(), '--db', db, '--quiet');
      expect(r.status, r.stdout + r.stderr).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).not.toMatch(/deleted|resolved/);
      expect(openFindings()).toBe(before);
      const gate = bin('check', '--root', site, '--db', db, '--fail-on', 'error');
      expect(gate.status).toBe(1);
      expect(gate.stdout).not.toContain('No open findings');
    },
    60_000,
  );

  it('--allow-mass-delete lets a real removal through', () => {
    const copy = path.join(dir, 'copy.db');
    fs.copyFileSync(db, copy);
    const r = bin('index', '--root', emptySite(), '--db', copy, '--quiet', '--allow-mass-delete');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/28 deleted/);
  }, 60_000);
});

describe('a site root reached through a symbolic link', () => {
  it('indexes with git history like the real folder (it crashed: "outside repository")', () => {
    const work = path.join(dir, 'work');
    fs.cpSync(SAMPLE, work, { recursive: true });
    git(work, ['init', '-q', '-b', 'main']);
    commitAll(work, 'Import the sample', '2021-06-01T12:00:00Z');
    const link = path.join(dir, 'link');
    fs.symlinkSync(work, link);
    const r = bin('index', '--root', link, '--db', path.join(dir, 'link.db'), '--quiet');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/28 documents/);
    const real = bin('index', '--root', work, '--db', path.join(dir, 'real.db'), '--quiet');
    const findings = (file: string, root: string) =>
      JSON.parse(bin('check', '--root', root, '--db', file, '--format', 'json', '--fail-on', 'never').stdout) as { findings: { check: string }[] };
    expect(real.status).toBe(0);
    expect(findings(path.join(dir, 'link.db'), link).findings.map((f) => f.check)).toEqual(
      findings(path.join(dir, 'real.db'), work).findings.map((f) => f.check),
    );
  }, 120_000);
});

describe('a first index of a folder that is not the site', () => {
  it('exits 2 and indexes nothing, for another layout too (MDN: the checkout above files/)', () => {
    const mdn = path.join(dir, 'mdn');
    fs.cpSync(path.join(REPO, 'test/fixtures/mdn'), mdn, { recursive: true });
    const fresh = path.join(dir, 'fresh.db');
    const config = path.join(dir, 'mdn.config.json');
    // The folder that holds translated-content/ and content/, not translated-content/ itself.
    fs.writeFileSync(config, JSON.stringify({ layout: 'mdn', root: mdn }));
    const r = bin('index', '--config', config, '--db', fresh, '--quiet');
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/No English source in .*mdn: the mdn layout reads English from files\/en-us, which is not a folder/);
    expect(r.stdout).not.toMatch(/0 documents/);
    // Pointed at the site, the same layout indexes it.
    fs.writeFileSync(config, JSON.stringify({ layout: 'mdn', root: path.join(mdn, 'translated-content'), sourceRoot: path.join(mdn, 'content') }));
    const right = bin('index', '--config', config, '--db', fresh, '--quiet', '--no-checks');
    expect(right.status, right.stderr).toBe(0);
    expect(right.stdout).toMatch(/Indexed run \d+: 4 locales \(en-us, es, ko, ru\), \d+ documents/);
  }, 60_000);
});
