import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { UsersRepository } from '../../db/repositories/users.ts';
import { rng } from './mutate.ts';
import { cli, exited, snapshotRoot, writeConfig } from './corpus.ts';

/**
 * Writes during a re-index: `l10n-drift serve` on the GitHub Docs snapshot (two locales), a
 * manager starts a full re-index with POST /api/runs (every English page changed, so the
 * run re-parses, re-stores and re-checks everything in one write transaction), and while it
 * runs translators send claim / release / complete requests, paced across the run,
 * while a reader asks list and detail URLs. Before users and claims had a file of their own
 * each of these writes waited 5 s on the index's lock, answered 500, and stalled every read.
 */
const LOCALES = ['ja-JP', 'de-DE'];
const WRITES = Number(process.env.L10N_DRIFT_CLAIM_WRITES ?? 200);
const READS = Number(process.env.L10N_DRIFT_CLAIM_READS ?? 600);
/** Pause between writes: short enough that all of them land while the run is open (the re-index took 12.8 s on a quiet machine, 72–94 s on a loaded one). */
const WRITE_PAUSE_MS = 20;
/**
 * Reads during / idle, p95. Here the reads share the server's event loop with the 200 writes
 * (each a commit of the team file) as well as its cores with the re-index, which the readers
 * test (bound 2) does not: six CI runs on fresh clones measured 1.39-2.01 (p95 of 7.6-10.3 ms
 * against 4.7-5.8 ms idle), one of them over 2 by 0.07 ms. A reader held by a writer's lock
 * waited 5 s before: the bound is for that, not for a millisecond of scheduling.
 */
const MAX_RATIO = Number(process.env.L10N_DRIFT_READER_RATIO ?? 2.5);
const MARKER = 'A paragraph added to English while translators were claiming.';

interface Timed {
  url: string;
  status: number;
  body: string;
  ms: number;
  retryAfter: string | null;
}

function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)] ?? NaN;
}

async function request(base: string, url: string, init: RequestInit = {}): Promise<Timed> {
  const t0 = performance.now();
  const res = await fetch(base + url, init);
  const body = await res.text();
  return { url, status: res.status, body, ms: performance.now() - t0, retryAfter: res.headers.get('retry-after') };
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

function latestRun(db: Db): { id: number; status: string } {
  return db.prepare('SELECT id, status FROM runs ORDER BY id DESC LIMIT 1').get() as { id: number; status: string };
}

let dir: string;
let root: string;
let server: ChildProcess | undefined;
const touched: string[] = [];

function restoreSnapshot() {
  for (const file of touched.splice(0)) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(`\n${MARKER}\n`, ''));
}

beforeAll(() => {
  root = snapshotRoot();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-claims-'));
}, 120_000);
afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  restoreSnapshot();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`${WRITES} claim / release / complete requests during a full re-index`, () => {
  it('every write answers 2xx without waiting for the run, and reads keep their p95', async () => {
    const dbFile = path.join(dir, 'drift.db');
    const configFile = writeConfig(dir, root, dbFile, { locales: LOCALES });
    const first = await exited(cli(['index', '--config', configFile, '--quiet']));
    expect(first.code, first.stderr).toBe(0);

    const setup = openDb(dbFile);
    const users = new UsersRepository(setup);
    const now = new Date();
    const tokens = {
      maria: users.add('maria', 'manager', [], now).token,
      'ja-JP': users.add('kenji', 'translator', ['ja-JP'], now).token,
      'de-DE': users.add('lena', 'translator', ['de-DE'], now).token,
    };
    // Translated pages whose English page exists: what a translator claims.
    const articles = setup
      .prepare(
        `SELECT t.locale, t.key, e.content_hash AS english FROM documents t JOIN documents e ON e.locale = 'en' AND e.key = t.key AND e.deleted_run IS NULL
        WHERE t.kind = 'page' AND t.deleted_run IS NULL AND t.locale IN ('ja-JP', 'de-DE') ORDER BY t.locale, t.key`,
      )
      .all() as { locale: 'ja-JP' | 'de-DE'; key: string; english: string }[];
    setup.close();
    const random = rng(19);
    const pick = () => articles[Math.floor(random() * articles.length)]!;
    const readUrls = Array.from({ length: READS }, (_, i) => {
      const a = pick();
      return i % 2 ? `/api/articles/${a.locale}/${encodeKey(a.key)}` : `/api/articles?locale=${a.locale}&sort=stale&page=${1 + (i % 20)}&limit=50`;
    });

    server = cli(['serve', '--config', configFile, '--host', '127.0.0.1', '--port', '0']);
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      server!.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      server!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /l10n-drift dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) resolve(m[1]!);
      });
      server!.on('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
    });
    const probe = openDb(dbFile, { readonly: true });
    const previous = latestRun(probe);

    // Idle reads: no run, no writes; each URL once (a cold response cache).
    await request(base, '/api/locales');
    const idle: Timed[] = [];
    for (const url of readUrls) idle.push(await request(base, url));
    expect(idle.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.url}`)).toEqual([]);

    for (const f of fs.readdirSync(path.join(root, 'content'), { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.md')) continue;
      const file = path.join(root, 'content', f);
      fs.appendFileSync(file, `\n${MARKER}\n`);
      touched.push(file);
    }

    try {
      // The re-index as the dashboard starts it: a manager's POST /api/runs (a child process at lower priority).
      const started = await request(base, '/api/runs', { method: 'POST', headers: { authorization: `Bearer ${tokens.maria}` } });
      expect(started.status, started.body).toBe(202);
      const runId = (JSON.parse(started.body) as { runId: number }).runId;
      expect(runId).toBe(previous.id + 1);
      const running = () => latestRun(probe).status === 'running';
      const runStarted = performance.now();

      const writes: (Timed & { during: boolean })[] = [];
      const completed = new Map<number, string>();
      const write = async (url: string, token: string, payload?: object) => {
        const before = running();
        const r = await request(base, url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
          ...(payload ? { body: JSON.stringify(payload) } : {}),
        });
        writes.push({ ...r, during: before && running() });
        return r;
      };
      const writer = (async () => {
        for (let cycle = 0; writes.length < WRITES; cycle++) {
          const a = pick();
          const claim = await write('/api/claims', tokens[a.locale], { locale: a.locale, key: a.key });
          await new Promise((r) => setTimeout(r, WRITE_PAUSE_MS));
          if (claim.status !== 201) continue;
          const id = (JSON.parse(claim.body) as { id: number }).id;
          const done = cycle % 2 === 0 ? 'complete' : 'release';
          const closed = await write(`/api/claims/${id}/${done}`, tokens[a.locale]);
          // Completed while the run was open: the base is the English of the last complete run.
          if (done === 'complete' && closed.status === 200 && writes.at(-1)!.during) completed.set(id, a.english);
          await new Promise((r) => setTimeout(r, WRITE_PAUSE_MS));
        }
      })();
      const during: Timed[] = [];
      let writerDone = false;
      void writer.then(() => (writerDone = true));
      // Each URL once, as idle (a cold cache each time), for as long as the writes go on.
      for (let i = 0; i < readUrls.length && !writerDone; i++) {
        const before = running();
        const r = await request(base, readUrls[i % readUrls.length]!);
        if (before && running()) during.push(r);
        else if (!before) break;
      }
      await writer;
      const writesSeconds = (performance.now() - runStarted) / 1000;
      const duringRun = writes.filter((w) => w.during).length;

      // The run commits, and readers move on to it.
      while (running()) await new Promise((r) => setTimeout(r, 250));
      const reindexSeconds = (performance.now() - runStarted) / 1000;
      expect(latestRun(probe)).toEqual({ id: runId, status: 'complete' });

      // Each completed claim recorded the English version of the last complete run (what the translator saw).
      const team = openDb(dbFile, { readonly: true });
      const bases = new Map(
        (team.prepare("SELECT id, base_hash FROM claims WHERE status = 'completed'").all() as { id: number; base_hash: string }[]).map((r) => [
          r.id,
          r.base_hash,
        ]),
      );
      team.close();
      for (const [id, english] of completed) expect(bases.get(id), `claim ${id}`).toBe(english);

      const ms = (rs: Timed[]) => rs.map((r) => r.ms);
      const idleP95 = p(ms(idle), 0.95);
      const duringP95 = p(ms(during), 0.95);
      const statuses = new Map<number, number>();
      for (const w of writes) statuses.set(w.status, (statuses.get(w.status) ?? 0) + 1);
      console.log(
        [
          `claims during a re-index: re-index ${reindexSeconds.toFixed(1)} s (${touched.length} English pages changed); ${writes.length} writes in ${writesSeconds.toFixed(1)} s, ${duringRun} of them while the run was open`,
          `  writes: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}; p50 ${p(ms(writes), 0.5).toFixed(1)} ms, p95 ${p(ms(writes), 0.95).toFixed(1)} ms, max ${Math.max(...ms(writes)).toFixed(1)} ms`,
          `  reads idle:   ${idle.length}, p50 ${p(ms(idle), 0.5).toFixed(1)} ms, p95 ${idleP95.toFixed(1)} ms, max ${Math.max(...ms(idle)).toFixed(1)} ms`,
          `  reads during: ${during.length}, p50 ${p(ms(during), 0.5).toFixed(1)} ms, p95 ${duringP95.toFixed(1)} ms, max ${Math.max(...ms(during)).toFixed(1)} ms; ratio p95 ${(duringP95 / idleP95).toFixed(2)}`,
        ].join('\n'),
      );

      expect(writes.filter((w) => w.status >= 500).map((w) => `${w.status} ${w.url} ${w.body}`)).toEqual([]);
      // 201 / 200, or 409 when the random pick is already claimed: never a failure of the database.
      expect(writes.filter((w) => ![200, 201, 409].includes(w.status)).map((w) => `${w.status} ${w.url} ${w.body}`)).toEqual([]);
      expect(writes.length).toBeGreaterThanOrEqual(WRITES);
      expect(duringRun).toBeGreaterThanOrEqual(WRITES);
      // The old busy wait was 5 s per write (then a 500). A loaded shared machine saw up to ~1.3 s.
      expect(Math.max(...ms(writes))).toBeLessThan(4000);
      expect(during.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.url}`)).toEqual([]);
      expect(duringP95).toBeLessThanOrEqual(MAX_RATIO * idleP95);
    } finally {
      probe.close();
      restoreSnapshot();
    }
  }, 1_800_000);
});
