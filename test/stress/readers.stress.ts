import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { ARTICLE_SORTS } from '../../db/repositories/articles.ts';
import { rng } from './mutate.ts';
import { cli, exited, snapshotRoot, writeConfig } from './corpus.ts';

/**
 * Readers during writes: `l10n-drift serve` answers list and detail requests on 127.0.0.1 from
 * the GitHub Docs snapshot (two locales, ~11k documents) while `l10n-drift index` re-indexes it
 * in another process after every English page changed (so it re-parses, re-stores and re-checks).
 *
 * The same N distinct URLs (lists: locale × sort × order × page × limit; details: random
 * translated pages) are requested once idle and once during the re-index, one at a time, each
 * time from a cold response cache (the re-index's run row invalidates it, no URL repeats within
 * a phase). During the re-index every answer must be 200 and byte-identical to the idle answer
 * for the same URL (the last complete run, not the one being written), and /api/locales must
 * report the previous run id until the child commits — then the new one.
 */
const LOCALES = ['ja-JP', 'de-DE'];
const REQUESTS = Number(process.env.L10N_DRIFT_READER_REQUESTS ?? 3000);
/** Every this many requests, /api/locales and /api/health are asked which run they serve. */
const RUN_PROBE_EVERY = 25;
const MARKER = 'A paragraph added to English while readers were reading.';
/** Requests of the CPU-contention control (busy loops, no writer). */
const CONTROL_REQUESTS = 600;
/**
 * The re-index runs at a lower CPU priority, as the dashboard's POST /api/runs starts it
 * (server/plugins/reindex.ts): on two cores it otherwise takes both (one parser thread plus its
 * storing main thread) and readers measure the scheduler, not the database — at normal
 * priority the ratio was 1.8–2.4, with plain busy loops (no writer at all) ~9× idle. The
 * busy-loop control stays as a bound too: a writer must cost readers no more than losing the
 * cores does (WAL readers never wait for it). L10N_DRIFT_READER_RATIO overrides the ratio.
 */
const FREE_CORE = os.availableParallelism() >= 6;
const MAX_RATIO = Number(process.env.L10N_DRIFT_READER_RATIO ?? 2);

interface Timed {
  url: string;
  status: number;
  body: string;
  ms: number;
}

function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)] ?? NaN;
}

async function get(base: string, url: string): Promise<Timed> {
  const t0 = performance.now();
  const res = await fetch(base + url);
  const body = await res.text();
  return { url, status: res.status, body, ms: performance.now() - t0 };
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** Distinct list and detail URLs, interleaved, in a seeded random order. */
function plan(db: Db, count: number): string[] {
  const random = rng(11);
  const shuffle = <T>(a: T[]): T[] => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  const pages = db
    .prepare(
      `SELECT locale, key FROM documents WHERE kind = 'page' AND deleted_run IS NULL AND locale IN (${LOCALES.map(() => '?').join(',')}) ORDER BY locale, key`,
    )
    .all(...LOCALES) as { locale: string; key: string }[];
  const details = shuffle(pages.map((r) => `/api/articles/${r.locale}/${encodeKey(r.key)}`));
  const lists: string[] = [];
  for (const locale of LOCALES) {
    for (const sort of ARTICLE_SORTS) {
      for (const order of ['asc', 'desc']) {
        for (const limit of [20, 50, 100]) {
          for (let page = 1; page <= 10; page++) lists.push(`/api/articles?locale=${locale}&sort=${sort}&order=${order}&page=${page}&limit=${limit}`);
        }
      }
    }
  }
  shuffle(lists);
  const out: string[] = [];
  for (let i = 0; out.length < count && (i < lists.length || i < details.length); i++) {
    if (i < lists.length) out.push(lists[i]!);
    if (i < details.length && out.length < count) out.push(details[i]!);
  }
  return out;
}

function latestRun(db: Db): { id: number; status: string } {
  return db.prepare('SELECT id, status FROM runs ORDER BY id DESC LIMIT 1').get() as { id: number; status: string };
}

let dir: string;
let root: string;
let server: ChildProcess | undefined;
const touched: string[] = [];

function restoreSnapshot() {
  // Leave the shared snapshot as it was for other stress files.
  for (const file of touched.splice(0)) {
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(`\n${MARKER}\n`, ''));
  }
}

beforeAll(() => {
  root = snapshotRoot();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-readers-'));
}, 120_000);
afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  restoreSnapshot();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`readers during a full re-index (${REQUESTS} requests per phase)`, () => {
  it('answers every list and detail request from the last complete run, with a bounded p95', async () => {
    const dbFile = path.join(dir, 'drift.db');
    const configFile = writeConfig(dir, root, dbFile, { locales: LOCALES });
    const t0 = performance.now();
    const first = await exited(cli(['index', '--config', configFile, '--quiet']));
    expect(first.code, first.stderr).toBe(0);
    const indexSeconds = (performance.now() - t0) / 1000;

    const probe = openDb(dbFile, { readonly: true });
    const previous = latestRun(probe);
    expect(previous.status).toBe('complete');
    const urls = plan(probe, REQUESTS);
    expect(urls.length).toBe(REQUESTS);

    // The real server, in its own process.
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

    const runProbe = async (): Promise<{ locales: number; health: number }> => {
      const l = await get(base, '/api/locales');
      const h = await get(base, '/api/health');
      expect(l.status).toBe(200);
      expect(h.status).toBe(200);
      return { locales: (JSON.parse(l.body) as { runId: number }).runId, health: (JSON.parse(h.body) as { lastRun: { id: number } }).lastRun.id };
    };

    // Idle: one pass over the URLs (cold response cache), keeping each answer as the reference.
    await get(base, '/api/locales'); // the per-run aggregates, as the dashboard's first page load would
    const idle: Timed[] = [];
    const reference = new Map<string, string>();
    for (const url of urls) {
      const r = await get(base, url);
      expect(r.status, url).toBe(200);
      idle.push(r);
      reference.set(url, r.body);
    }
    const localesBefore = (await get(base, '/api/locales')).body;
    expect(await runProbe()).toEqual({ locales: previous.id, health: previous.id });

    // Change every English page so the re-index really parses, stores and checks everything.
    for (const f of fs.readdirSync(path.join(root, 'content'), { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.md')) continue;
      const file = path.join(root, 'content', f);
      fs.appendFileSync(file, `\n${MARKER}\n`);
      touched.push(file);
    }

    let indexing: ReturnType<typeof exited> | undefined;
    try {
      const started = performance.now();
      const child = cli(['index', '--config', configFile, '--quiet']);
      if (child.pid) os.setPriority(child.pid, 10);
      indexing = exited(child);
      let childDone = false;
      void indexing.then(() => (childDone = true));
      // Wait for the child's run row: from then on the response cache is invalid and the child writes.
      while (latestRun(probe).id === previous.id) {
        if (childDone) throw new Error(`index exited before starting a run: ${(await indexing).stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const duringFrom = performance.now();
      const during: Timed[] = [];
      const mismatches: string[] = [];
      let afterCommit = 0;
      for (let i = 0; i < urls.length; i++) {
        const before = latestRun(probe);
        if (before.status !== 'running') break;
        const url = urls[i]!;
        const r = await get(base, url);
        const after = latestRun(probe);
        expect(r.status, url).toBe(200);
        if (after.id !== before.id || after.status !== 'running') {
          afterCommit++;
          break;
        }
        during.push(r);
        if (r.body !== reference.get(url)) mismatches.push(url);
        if (i % RUN_PROBE_EVERY === 0) {
          const served = await runProbe();
          if (latestRun(probe).status === 'running') expect(served).toEqual({ locales: previous.id, health: previous.id });
        }
      }
      const duringSeconds = (performance.now() - duringFrom) / 1000;
      const stillRunning = latestRun(probe).status === 'running';
      const localesDuring = stillRunning ? (await get(base, '/api/locales')).body : null;
      if (localesDuring !== null && latestRun(probe).status === 'running') expect(localesDuring).toBe(localesBefore);

      const result = await indexing;
      expect(result.code, result.stderr).toBe(0);
      const reindexSeconds = (performance.now() - started) / 1000;
      const next = latestRun(probe);
      expect(next).toEqual({ id: previous.id + 1, status: 'complete' });
      // After the commit the server moves on to the new run, and the new English text is served.
      await expect.poll(async () => (await runProbe()).locales, { timeout: 5000 }).toBe(next.id);
      const detail = urls.find((u) => !u.includes('?') && reference.get(u)!.includes('"english":{"path"'))!;
      expect((await get(base, detail)).body).toContain(MARKER);

      // Control: the same kind of requests (first pass over the URLs after the commit, so a cold cache
      // again) while busy loops, one per core, take the CPU the indexer took, but nothing writes.
      // It separates what sharing the cores costs from what the concurrent writer costs.
      const burners = Array.from({ length: os.availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
      const cpuOnly: Timed[] = [];
      try {
        await new Promise((r) => setTimeout(r, 200));
        for (const url of urls.slice(0, Math.min(CONTROL_REQUESTS, during.length))) {
          if (url === detail) continue;
          const r = await get(base, url);
          expect(r.status, url).toBe(200);
          cpuOnly.push(r);
        }
      } finally {
        for (const b of burners) b.kill('SIGKILL');
      }

      const idleP50 = p(
        idle.map((r) => r.ms),
        0.5,
      );
      const idleP95 = p(
        idle.map((r) => r.ms),
        0.95,
      );
      const duringP50 = p(
        during.map((r) => r.ms),
        0.5,
      );
      const duringP95 = p(
        during.map((r) => r.ms),
        0.95,
      );
      const cpuP50 = p(
        cpuOnly.map((r) => r.ms),
        0.5,
      );
      const cpuP95 = p(
        cpuOnly.map((r) => r.ms),
        0.95,
      );
      const kinds = (rs: Timed[]) => `${rs.filter((r) => r.url.includes('?')).length} list + ${rs.filter((r) => !r.url.includes('?')).length} detail`;
      console.log(
        [
          `readers: first index ${indexSeconds.toFixed(1)} s, re-index ${reindexSeconds.toFixed(1)} s (${touched.length} English pages changed)`,
          `  idle:   ${idle.length} requests (${kinds(idle)}), p50 ${idleP50.toFixed(1)} ms, p95 ${idleP95.toFixed(1)} ms, max ${Math.max(...idle.map((r) => r.ms)).toFixed(1)} ms`,
          `  during: ${during.length} requests (${kinds(during)}), p50 ${duringP50.toFixed(1)} ms, p95 ${duringP95.toFixed(1)} ms, max ${Math.max(...during.map((r) => r.ms)).toFixed(1)} ms; ratio p95 ${(duringP95 / idleP95).toFixed(2)}`,
          `  cores busy, no writer (${os.availableParallelism()} busy loops): ${cpuOnly.length} requests (${kinds(cpuOnly)}), p50 ${cpuP50.toFixed(1)} ms, p95 ${cpuP95.toFixed(1)} ms; during ÷ this p95 ${(duringP95 / cpuP95).toFixed(2)}`,
          `  sampled ${duringSeconds.toFixed(1)} s of the re-index (${((100 * duringSeconds) / reindexSeconds).toFixed(0)}% of it${stillRunning ? '; ran out of URLs before the commit' : ', up to the commit'})`,
          `  answers equal to the last complete run's: ${during.length - mismatches.length}/${during.length}; ${afterCommit} answered after the commit (not compared)`,
        ].join('\n'),
      );

      expect(mismatches).toEqual([]);
      // Enough of the re-index was sampled for a p95 to mean something.
      expect(during.length).toBeGreaterThanOrEqual(Math.min(200, urls.length));
      expect(duringP95).toBeLessThanOrEqual(MAX_RATIO * idleP95);
      if (!FREE_CORE) expect(duringP95).toBeLessThanOrEqual(cpuP95);
    } finally {
      if (indexing) await indexing;
      probe.close();
      restoreSnapshot();
    }
  }, 1_800_000);
});
