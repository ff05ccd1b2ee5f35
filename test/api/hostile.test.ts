import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, fixture, type Fixture } from './helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(async () => f?.close());

const hostile = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "' OR 1=1 --",
    '%',
    '_',
    '\\',
    '../../etc/passwd',
    '%2e%2e%2f',
    '\u0000',
    '; DROP TABLE claims',
    '🙂',
    'ja-JP',
    'true',
    '-1',
    '1e309',
    '[]',
    '{}',
  ),
  fc.integer().map(String),
);
const ARTICLE_PARAMS = ['locale', 'check', 'severity', 'status', 'stale', 'claimed', 'translated', 'q', 'sort', 'order', 'page', 'limit'];
const FINDING_PARAMS = ['locale', 'key', 'check', 'severity', 'status', 'q', 'sort', 'order', 'page', 'limit'];

function queryOf(params: string[]) {
  return fc.dictionary(fc.constantFrom(...params), hostile, { maxKeys: 6 }).map((o) => new URLSearchParams(o).toString());
}

describe('hostile requests never get a 5xx or a stack trace', () => {
  it.each([
    ['/api/articles', ARTICLE_PARAMS],
    ['/api/findings', FINDING_PARAMS],
    ['/api/claims', ['locale', 'user', 'status', 'page', 'limit']],
    ['/api/runs', ['limit', 'offset']],
  ])('GET %s with arbitrary query values', async (route, params) => {
    await fc.assert(
      fc.asyncProperty(queryOf(params as string[]), async (query) => {
        const r = await f.app.inject(`${route}?${query}`);
        expect([200, 400]).toContain(r.statusCode);
        expect(r.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
      }),
      { numRuns: 150 },
    );
  });

  it('GET /api/articles/:locale/* with arbitrary paths', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (locale, key) => {
        const r = await f.app.inject(`/api/articles/${encodeURIComponent(locale)}/${encodeURIComponent(key)}`);
        expect([200, 400, 404]).toContain(r.statusCode);
      }),
      { numRuns: 150 },
    );
  });

  it('POST /api/claims with arbitrary JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ locale: hostile, key: hostile })), async (body) => {
        const r = await f.app.inject({
          method: 'POST',
          url: '/api/claims',
          headers: { ...bearer(f.tokens.yuki!), 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expect([201, 400, 403, 404, 409]).toContain(r.statusCode);
      }),
      { numRuns: 150 },
    );
    const raw = await f.app.inject({
      method: 'POST',
      url: '/api/claims',
      headers: { ...bearer(f.tokens.yuki!), 'content-type': 'application/json' },
      payload: '{"locale": "ja-JP", ',
    });
    expect(raw.statusCode).toBe(400);
  });
});
