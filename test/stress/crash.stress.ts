import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { rng } from './mutate.ts';
import { cli, exited, snapshotRoot, writeConfig } from './corpus.ts';

/**
 * Crash safety: `l10n-drift index` on the GitHub Docs snapshot (three locales, ~12k files)
 * is killed with SIGKILL at random points. After each kill the database is intact, the
 * API serves the previous complete run, and the interrupted run ends up marked failed.
 * The run after the kills equals a clean run from the same previous run: same documents,
 * same findings.
 */
const KILLS = Number(process.env.L10N_DRIFT_KILLS ?? 5);
const LOCALES = ['ja-JP', 'de-DE'];

interface Snapshot {
  documents: string[];
  findings: string[];
}

function snapshot(dbFile: string): Snapshot {
  const db = openDb(dbFile, { readonly: true });
  try {
    return {
      documents: db
        .prepare('SELECT locale || char(0) || key || char(0) || content_hash FROM documents WHERE deleted_run IS NULL ORDER BY 1')
        .pluck()
        .all() as string[],
      findings: db.prepare('SELECT fingerprint FROM findings WHERE resolved_run IS NULL ORDER BY 1').pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

let dir: string;
let root: string;

beforeAll(() => {
  root = snapshotRoot();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-crash-'));
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe(`SIGKILL during index (${KILLS} kills)`, () => {
  it('keeps the database intact and the previous run served; the next run equals a clean one', async () => {
    const dbFile = path.join(dir, 'drift.db');
    const configFile = writeConfig(dir, root, dbFile, { locales: LOCALES });

    // A first complete run over part of the site, so there is a previous run to keep serving.
    const baseline = await exited(cli(['index', '--config', configFile, '--quiet']));
    expect(baseline.code, baseline.stderr).toBe(0);
    let before = snapshot(dbFile);
    expect(before.documents.length).toBeGreaterThan(5000);
    // The clean reference starts from the same history (stale detection reads it).
    const cleanDir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-crash-clean-'));
    const cleanDb = path.join(cleanDir, 'drift.db');
    for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(dbFile + suffix)) fs.copyFileSync(dbFile + suffix, cleanDb + suffix);

    // Change every English page so the next run has real work (parse, store, checks) to be killed in.
    const english = path.join(root, 'content');
    const originals = new Map<string, string>();
    for (const f of fs.readdirSync(english, { recursive: true, encoding: 'utf8' })) {
      if (f.endsWith('.md')) originals.set(path.join(english, f), '');
    }
    for (const file of originals.keys()) originals.set(file, fs.readFileSync(file, 'utf8'));
    let edits = 0;
    const editEnglish = () => {
      edits++;
      for (const [file, text] of originals) fs.writeFileSync(file, `${text}\nAn English paragraph added after the translations were made (edit ${edits}).\n`);
    };
    const latestRun = () => {
      const db = openDb(dbFile, { readonly: true });
      try {
        return db.prepare('SELECT id, status FROM runs ORDER BY id DESC LIMIT 1').get() as { id: number; status: string };
      } finally {
        db.close();
      }
    };

    try {
      // One uninterrupted run with work: how long a run takes on this machine, so that the
      // kills land anywhere in one (walk, parse, store, checks, commit).
      editEnglish();
      const timed = Date.now();
      const full = await exited(cli(['index', '--config', configFile, '--quiet']));
      expect(full.code, full.stderr).toBe(0);
      const runMs = Date.now() - timed;
      before = snapshot(dbFile);
      editEnglish();

      const random = rng(7);
      const config = loadConfig({ config: configFile });
      let killed = 0;
      for (let attempt = 0; killed < KILLS && attempt < KILLS * 3; attempt++) {
        const previousRun = latestRun().id;
        const child = cli(['index', '--config', configFile, '--quiet']);
        const delay = Math.round(runMs * (0.08 + 0.84 * random()));
        const done = exited(child);
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        const result = await done;
        clearTimeout(timer);

        const db = openDb(dbFile, { readonly: true });
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        db.close();
        const latest = latestRun();
        if (result.signal !== 'SIGKILL' || (latest.id > previousRun && latest.status === 'complete')) {
          // The run committed before the kill (or finished): its state is the new previous run.
          // Edit English again so the next attempt has work to be killed in.
          if (result.signal !== 'SIGKILL') expect(result.code, result.stderr).toBe(0);
          expect(latest.status).toBe('complete');
          before = snapshot(dbFile);
          editEnglish();
          continue;
        }
        // A kill before the run began (process start-up) is not counted: it interrupted no writes.
        if (latest.id > previousRun) killed++;
        // The previous complete run is what readers see.
        expect(snapshot(dbFile)).toEqual(before);
        const reader = openDb(dbFile);
        const app = await buildApp({ db: reader, config, webDir: null });
        const locales = await app.inject('/api/locales');
        expect(locales.statusCode).toBe(200);
        const codes = (locales.json() as { locales: { locale: string }[] }).locales.map((l) => l.locale).sort();
        expect(codes).toEqual(['de-DE', 'en', 'ja-JP']);
        await app.close();
        reader.close();
      }

      expect(killed).toBe(KILLS);
      // The next run completes, marks the interrupted ones failed, and equals a clean run.
      const final = await exited(cli(['index', '--config', configFile, '--quiet']));
      expect(final.code, final.stderr).toBe(0);
      const db = openDb(dbFile, { readonly: true });
      const statuses = db.prepare('SELECT status FROM runs ORDER BY id').pluck().all() as string[];
      db.close();
      expect(statuses[0]).toBe('complete');
      expect(statuses.at(-1)).toBe('complete');
      expect(statuses.filter((s) => s === 'running')).toEqual([]);
      expect(statuses.filter((s) => s === 'failed').length).toBeGreaterThanOrEqual(1);

      const clean = await exited(cli(['index', '--config', writeConfig(cleanDir, root, cleanDb, { locales: LOCALES }), '--quiet']));
      expect(clean.code, clean.stderr).toBe(0);
      const after = snapshot(dbFile);
      const reference = snapshot(cleanDb);
      expect(after.documents).toEqual(reference.documents);
      expect(after.findings.length).toBe(reference.findings.length);
      expect(after.findings).toEqual(reference.findings);
      fs.rmSync(cleanDir, { recursive: true, force: true });
    } finally {
      // Leave the shared snapshot as it was for other stress files.
      for (const [file, text] of originals) fs.writeFileSync(file, text);
    }
  }, 1_800_000);
});

describe('SIGKILL during a first index (written without WAL)', () => {
  it('leaves an intact, empty index that the next opener rolls back; the next run equals a clean one', async () => {
    const first = fs.mkdtempSync(path.join(dir, 'first-'));
    const dbFile = path.join(first, 'drift.db');
    const configFile = writeConfig(first, root, dbFile, { locales: LOCALES });
    const child = cli(['index', '--config', configFile, '--quiet']);
    const done = exited(child);
    // Killed once the run writes pages into the file under its rollback journal (~12k files: well
    // past BULK_LOAD_MIN), not before the run began nor after it committed.
    let writing = false;
    const watch = setInterval(() => {
      writing = fs.existsSync(`${dbFile}-journal`) && fs.statSync(dbFile).size > 32 * 1024 * 1024;
      if (writing) child.kill('SIGKILL');
    }, 25);
    const result = await done;
    clearInterval(watch);
    expect(result.signal, result.stderr).toBe('SIGKILL');
    expect(writing).toBe(true);
    // The hot journal is there: a read-only opener cannot roll it back and says so; the first
    // writable opener rolls the file back to before the run.
    expect(fs.existsSync(`${dbFile}-journal`)).toBe(true);
    expect(() => openDb(dbFile, { readonly: true })).toThrow(/has a first index run's journal left by a run that was stopped/);
    const db = openDb(dbFile);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('main.journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM runs WHERE status = 'complete'").pluck().get()).toBe(0);
    db.close();
    expect(fs.existsSync(`${dbFile}-journal`)).toBe(false);

    const again = await exited(cli(['index', '--config', configFile, '--quiet']));
    expect(again.code, again.stderr).toBe(0);
    const clean = fs.mkdtempSync(path.join(dir, 'clean-'));
    const cleanDb = path.join(clean, 'drift.db');
    const reference = await exited(cli(['index', '--config', writeConfig(clean, root, cleanDb, { locales: LOCALES }), '--quiet']));
    expect(reference.code, reference.stderr).toBe(0);
    expect(snapshot(dbFile)).toEqual(snapshot(cleanDb));
    const statuses = (() => {
      const reader = openDb(dbFile, { readonly: true });
      try {
        return reader.prepare('SELECT status FROM runs ORDER BY id').pluck().all();
      } finally {
        reader.close();
      }
    })();
    expect(statuses).toEqual(['failed', 'complete']);
  }, 600_000);
});
