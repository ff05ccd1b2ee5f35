import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginIndexWrite, openDb, teamFileOf, type Db } from '../../db/index.ts';
import type { ClaimInfo as ClaimBody } from '../../web/src/lib/types.ts';
import { ARTICLE, bearer, fixture, type Fixture } from './helpers.ts';

// A re-index holds the database's write lock for its whole run (one transaction, so readers
// see the previous run until it commits). Claims must not wait for it: before claims had a
// file of their own, each write here waited 5 s on the lock, held the event loop, and got a 500.
let f: Fixture;
let indexer: Db;

beforeAll(async () => {
  f = await fixture();
  // Warm: the first answer of a route compiles its serializer and fills the per-run caches.
  for (const url of ['/api/locales', `/api/articles/ja-JP/${ARTICLE}`]) await f.app.inject(url);
  const { id } = (await post('maria', '/api/claims', { locale: 'es-ES', key: ARTICLE })()).json() as ClaimBody;
  await post('maria', `/api/claims/${id}/release`)();
  // What an index run does on its own connection: record its run, open its transaction, write the index.
  indexer = openDb(f.config.db);
  indexer.prepare("INSERT INTO runs (started_at, status, pid) VALUES (?, 'running', ?)").run(new Date().toISOString(), process.pid);
  beginIndexWrite(indexer);
  indexer.exec('UPDATE documents SET mtime_ms = mtime_ms + 1');
  expect(indexer.inTransaction).toBe(true);
});

afterAll(async () => {
  if (indexer?.inTransaction) indexer.exec('ROLLBACK');
  indexer?.close();
  await f?.close();
});

/** A request and how long it took, started now. */
async function timed(run: () => Promise<{ statusCode: number; headers: Record<string, unknown>; json(): unknown }>) {
  const started = performance.now();
  const response = await run();
  return { status: response.statusCode, body: response.json(), retryAfter: response.headers['retry-after'], ms: performance.now() - started };
}

const post = (who: string, url: string, payload?: object) => () =>
  f.app.inject({ method: 'POST', url, headers: bearer(f.tokens[who]!), ...(payload ? { payload } : {}) });
const get = (url: string) => () => f.app.inject(url);

describe('claims while an index run holds the write lock', () => {
  it('claim, renew, release and complete answer 2xx promptly; a concurrent read is not stalled', async () => {
    const [claimed, read] = await Promise.all([timed(post('kenji', '/api/claims', { locale: 'ja-JP', key: ARTICLE })), timed(get('/api/locales'))]);
    expect(claimed.status).toBe(201);
    expect(read.status).toBe(200);
    const { id } = claimed.body as ClaimBody;

    const renewed = await timed(post('kenji', `/api/claims/${id}/renew`));
    const [released, readDuring] = await Promise.all([timed(post('kenji', `/api/claims/${id}/release`)), timed(get(`/api/articles/ja-JP/${ARTICLE}`))]);
    expect([renewed.status, released.status, readDuring.status]).toEqual([200, 200, 200]);
    expect((released.body as ClaimBody).status).toBe('released');

    const again = await timed(post('yuki', '/api/claims', { locale: 'ja-JP', key: ARTICLE }));
    expect(again.status).toBe(201);
    const completed = await timed(post('yuki', `/api/claims/${(again.body as ClaimBody).id}/complete`));
    expect(completed.status).toBe(200);
    expect((completed.body as ClaimBody).status).toBe('completed');

    // A manager's re-index is refused at once, naming the run in progress.
    const reindex = await timed(post('maria', '/api/runs'));
    expect(reindex.status).toBe(409);

    // Milliseconds on an idle machine; the busy wait this replaces was 5,000 ms per write
    // (and held the read too). The bound leaves room for a busy shared machine.
    for (const r of [claimed, read, renewed, released, readDuring, again, completed, reindex]) expect(r.ms).toBeLessThan(2000);
  });

  it('completing records the English version the index had before the run started as the base', async () => {
    const english = f.db.prepare("SELECT content_hash FROM documents WHERE locale = 'en' AND key = ?").pluck().get(ARTICLE) as string;
    const claimed = await timed(post('kenji', '/api/claims', { locale: 'ja-JP', key: ARTICLE }));
    const { id } = claimed.body as ClaimBody;
    expect((await timed(post('kenji', `/api/claims/${id}/complete`))).status).toBe(200);
    const row = f.db.prepare('SELECT status, base_hash FROM claims WHERE id = ?').get(id) as { status: string; base_hash: string };
    expect(row).toEqual({ status: 'completed', base_hash: english });
  });

  it('another process holding the team file: the write retries on a timer (reads go on), then 503 with Retry-After; it succeeds once the lock is free', async () => {
    const other = new Database(teamFileOf(f.config.db));
    try {
      other.exec('BEGIN IMMEDIATE');
      const [refused, read] = await Promise.all([timed(post('kenji', '/api/claims', { locale: 'ja-JP', key: ARTICLE })), timed(get('/api/locales'))]);
      expect([refused.status, refused.retryAfter, read.status]).toEqual([503, '1', 200]);
      expect((refused.body as { message: string }).message).toContain('retry');
      // The read was answered while the write was still waiting: the event loop was free.
      expect(read.ms).toBeLessThan(refused.ms);
      const pending = timed(post('kenji', '/api/claims', { locale: 'ja-JP', key: ARTICLE }));
      setTimeout(() => other.exec('COMMIT'), 100);
      expect((await pending).status).toBe(201);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });

  it('the index run itself still commits after the claims', () => {
    indexer.exec('COMMIT');
    expect(indexer.prepare("SELECT COUNT(*) FROM runs WHERE status = 'running'").pluck().get()).toBe(1);
    indexer.prepare("UPDATE runs SET status = 'failed' WHERE status = 'running'").run();
  });
});
