/** The response cache keys on validated parameters and is bounded by bytes, whatever URLs arrive. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { ARTICLE, fixture, type Fixture } from './helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(async () => f?.close());

async function freshApp(responseCacheBytes?: number): Promise<FastifyInstance> {
  return buildApp({ db: f.db, config: f.config, webDir: null, now: () => new Date(f.clock.now), ...(responseCacheBytes ? { responseCacheBytes } : {}) });
}

describe('response cache', () => {
  it('400 URL variants of one query (unknown parameters, order, defaults spelled out) make one entry', async () => {
    const app = await freshApp();
    try {
      const first = await app.inject('/api/articles?locale=ja-JP');
      expect(first.statusCode).toBe(200);
      const variants = [
        ...Array.from({ length: 380 }, (_, i) => `/api/articles?locale=ja-JP&utm_source=${i}&x${i}=${'y'.repeat(i)}`),
        '/api/articles?page=1&locale=ja-JP',
        '/api/articles?limit=50&page=1&sort=key&locale=ja-JP',
        '/api/articles?sort=key&locale=ja-JP&_=123',
        ...Array.from({ length: 17 }, (_, i) => `/api/articles?locale=ja-JP&cachebust=${i}&page=1`),
      ];
      expect(variants).toHaveLength(400);
      for (const url of variants) {
        const r = await app.inject(url);
        expect(r.statusCode, url).toBe(200);
        expect(r.body).toBe(first.body);
      }
      const detail = `/api/articles/ja-JP/${ARTICLE}`;
      for (const url of [detail, `${detail}?a=1`, `${detail}?b=2&c=3`]) expect((await app.inject(url)).statusCode, url).toBe(200);
      for (const url of ['/api/locales', '/api/locales?x=1', '/api/locales?y=2']) expect((await app.inject(url)).statusCode, url).toBe(200);
      expect(app.responseCacheStats().entries).toBe(3);
      // Different valid parameters are different answers.
      expect((await app.inject('/api/articles?locale=ja-JP&page=2&limit=1')).statusCode).toBe(200);
      expect(app.responseCacheStats().entries).toBe(4);
    } finally {
      await app.close();
    }
  });

  it('keeps at most its byte budget, evicting the least recently used, and still answers', async () => {
    const probe = await freshApp();
    const one = (await probe.inject('/api/articles?locale=ja-JP&q=license')).body.length;
    await probe.close();
    const budget = one * 3 + 100;
    const app = await freshApp(budget);
    try {
      for (const q of ['license', 'sync', 'enterprise', 'github', 'connect', 'admin', 'license']) {
        const r = await app.inject({ url: `/api/articles?locale=ja-JP&q=${q}`, headers: { 'accept-encoding': 'gzip' } });
        expect(r.statusCode).toBe(200);
        const { bytes, entries } = app.responseCacheStats();
        expect(bytes).toBeLessThanOrEqual(budget);
        expect(entries).toBeLessThanOrEqual(3);
      }
      // An answer bigger than the whole budget is sent and not kept.
      const big = await app.inject(`/api/articles/ja-JP/${ARTICLE}`);
      expect(big.statusCode).toBe(200);
      expect(big.body.length).toBeGreaterThan(budget);
      expect(app.responseCacheStats().bytes).toBeLessThanOrEqual(budget);
    } finally {
      await app.close();
    }
  });
});
