import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, UsersRepository } from '../../db/repositories/users.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import { WEB_DIST } from '../../server/app.ts';
import { ErrorBody, Me, RunBusy, RunStarted } from '../../server/routes/schemas.ts';
import { ARTICLE, bearer, expectSchema, fixture, type Fixture } from './helpers.ts';

const logs: string[] = [];
const capture = new Writable({
  write(chunk, _enc, done) {
    logs.push(String(chunk));
    done();
  },
});

let f: Fixture;
let claimId: number;
beforeAll(async () => {
  f = await fixture({ logger: { level: 'trace', stream: capture } });
  const users = new UsersRepository(f.db);
  f.tokens.gone = users.add('gone', 'manager', [], f.clock.now).token;
  users.revoke('gone', f.clock.now);
  const r = await f.app.inject({ method: 'POST', url: '/api/claims', headers: bearer(f.tokens.kenji!), payload: { locale: 'ja-JP', key: ARTICLE } });
  claimId = r.json().id;
});
afterAll(async () => f?.close());

const WRITES = () => [
  { method: 'POST' as const, url: '/api/runs' },
  { method: 'POST' as const, url: '/api/claims', payload: { locale: 'ja-JP', key: ARTICLE } },
  { method: 'POST' as const, url: `/api/claims/${claimId}/release` },
  { method: 'POST' as const, url: `/api/claims/${claimId}/complete` },
  { method: 'POST' as const, url: `/api/claims/${claimId}/renew` },
];

describe('auth on every write route', () => {
  const cases: [string, () => Record<string, string>][] = [
    ['no token', () => ({})],
    ['a bad token', () => bearer('l10nd_not-a-real-token')],
    ['a malformed header', () => ({ authorization: 'Basic a2Vuamk6cGFzc3dvcmQ=' })],
    ['a revoked token', () => bearer(f.tokens.gone!)],
  ];
  it.each(cases)('%s → 401 and nothing changes', async (_name, headers) => {
    const before = f.db.prepare('SELECT COUNT(*) AS n, MAX(id) AS last FROM claims').get();
    const runsBefore = f.db.prepare('SELECT COUNT(*) AS n FROM runs').get();
    for (const w of WRITES()) {
      const r = await f.app.inject({ ...w, headers: headers() });
      expect(r.statusCode, `${w.method} ${w.url}`).toBe(401);
      expectSchema(ErrorBody, r.json());
    }
    expect(f.db.prepare('SELECT COUNT(*) AS n, MAX(id) AS last FROM claims').get()).toEqual(before);
    expect(f.db.prepare('SELECT status FROM claims WHERE id = ?').get(claimId)).toEqual({ status: 'active' });
    expect(f.db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual(runsBefore);
  });

  it('GET /api/me answers the token’s user, 401 without one', async () => {
    const r = await f.app.inject({ url: '/api/me', headers: bearer(f.tokens.yuki!) });
    expect(r.statusCode).toBe(200);
    expectSchema(Me, r.json());
    expect(r.json()).toMatchObject({ name: 'yuki', role: 'translator', locales: ['ja-JP', 'zh-CN'] });
    expect((await f.app.inject('/api/me')).statusCode).toBe(401);
    expect((await f.app.inject({ url: '/api/me', headers: bearer(f.tokens.gone!) })).statusCode).toBe(401);
  });

  it('POST /api/runs is for managers: 403 for a translator, 202 + run id for a manager, 409 with the running id while one runs', async () => {
    expect((await f.app.inject({ method: 'POST', url: '/api/runs', headers: bearer(f.tokens.kenji!) })).statusCode).toBe(403);
    const started = await f.app.inject({ method: 'POST', url: '/api/runs', headers: bearer(f.tokens.maria!) });
    expect(started.statusCode).toBe(202);
    expectSchema(RunStarted, started.json());
    // The run is an `l10n-drift index` child process; a second request while it runs gets 409.
    const second = await f.app.inject({ method: 'POST', url: '/api/runs', headers: bearer(f.tokens.maria!) });
    expect(second.statusCode).toBe(409);
    expect(second.json().runningRunId).toBe(started.json().runId);
    // Readers keep being answered while it runs.
    expect((await f.app.inject('/api/locales')).statusCode).toBe(200);
    await f.app.reindexer.idle();
    const runs = (await f.app.inject('/api/runs')).json().runs as { id: number; status: string }[];
    expect(runs[0]).toMatchObject({ id: started.json().runId, status: 'complete' });
    // A run in progress (as a CLI `index` in this process would record it).
    const repo = new RunsRepository(f.db);
    const running = repo.start(new Date());
    try {
      const busy = await f.app.inject({ method: 'POST', url: '/api/runs', headers: bearer(f.tokens.maria!) });
      expect(busy.statusCode).toBe(409);
      expectSchema(RunBusy, busy.json());
      expect(busy.json().runningRunId).toBe(running);
    } finally {
      repo.fail(running, new Date(), 'test run');
    }
  });

  it('stores only the SHA-256 of each token, never the token', () => {
    f.db.pragma('wal_checkpoint(TRUNCATE)');
    const rows = f.db.prepare('SELECT name, token_hash FROM users').all() as { name: string; token_hash: string }[];
    for (const row of rows) if (f.tokens[row.name]) expect(row.token_hash).toBe(hashToken(f.tokens[row.name]!));
    const bytes = fs.readFileSync(f.config.db).toString('latin1');
    for (const token of Object.values(f.tokens)) {
      expect(bytes.includes(token)).toBe(false);
      expect(bytes.includes(token.slice(6, 30))).toBe(false);
    }
  });

  it('never logs a token, good or bad', async () => {
    await f.app.inject({ url: '/api/locales', headers: bearer(f.tokens.maria!) });
    await f.app.inject({ method: 'POST', url: '/api/claims', headers: bearer('l10nd_leaky-guess-123'), payload: { locale: 'ja-JP', key: ARTICLE } });
    const text = logs.join('');
    expect(text).toContain('"url":"/api/locales"');
    // Headers are logged (they help debugging) with the authorization header censored.
    expect(text).toContain('"authorization":"[redacted]"');
    for (const token of [...Object.values(f.tokens), 'l10nd_leaky-guess-123']) expect(text.includes(token)).toBe(false);
  });
});

describe('reads', () => {
  it('are open to loopback clients and need a token from elsewhere', async () => {
    expect((await f.app.inject('/api/locales')).statusCode).toBe(200);
    expect((await f.app.inject({ url: '/api/locales', remoteAddress: '192.0.2.7' })).statusCode).toBe(401);
    expect((await f.app.inject({ url: '/api/locales', remoteAddress: '192.0.2.7', headers: bearer(f.tokens.kenji!) })).statusCode).toBe(200);
    expect((await f.app.inject({ url: '/api/health', remoteAddress: '192.0.2.7' })).statusCode).toBe(200);
  });

  it('need a token everywhere when the config says so', async () => {
    const g = await fixture({ config: { server: { requireTokenForReads: true } } });
    try {
      for (const url of [
        '/api/locales',
        '/api/articles?locale=ja-JP',
        `/api/articles/ja-JP/${ARTICLE}`,
        '/api/findings',
        '/api/checks',
        '/api/claims',
        '/api/runs',
      ]) {
        expect((await g.app.inject(url)).statusCode, url).toBe(401);
        expect((await g.app.inject({ url, headers: bearer(g.tokens.kenji!) })).statusCode, url).toBe(200);
      }
      expect((await g.app.inject('/api/health')).statusCode).toBe(200);
    } finally {
      await g.close();
    }
  });
});

describe('rate limit on auth failures', () => {
  it('answers 429 to bad tokens after too many from one address, and never refuses a valid token', async () => {
    const g = await fixture({ authFailures: { max: 5, windowMs: 60_000 } });
    try {
      const attempt = (token: string, remoteAddress = '127.0.0.1') => g.app.inject({ url: '/api/me', headers: bearer(token), remoteAddress });
      for (let i = 0; i < 5; i++) expect((await attempt(`l10nd_guess-${i}`)).statusCode).toBe(401);
      const limited = await attempt('l10nd_guess-6');
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expectSchema(ErrorBody, limited.json());
      expect((await attempt('not a bearer header at all')).statusCode).toBe(429);
      // Everyone behind one proxy address keeps working: signed-in reads and manager writes.
      expect((await attempt(g.tokens.maria!)).statusCode).toBe(200);
      expect((await attempt(g.tokens.kenji!)).statusCode).toBe(200);
      const write = await g.app.inject({
        method: 'POST',
        url: '/api/runs',
        headers: { ...bearer(g.tokens.maria!), 'content-type': 'application/json' },
        payload: '{}',
        remoteAddress: '127.0.0.1',
      });
      expect(write.statusCode, write.body).not.toBe(429);
      expect(write.statusCode).toBeLessThan(400);
      // Still limited for guesses after the valid requests.
      expect((await attempt('l10nd_guess-7')).statusCode).toBe(429);
      expect((await attempt('l10nd_guess-8', '127.0.0.2')).statusCode).toBe(401);
      // Requests without a token are not guesses and are not counted.
      for (let i = 0; i < 10; i++) expect((await g.app.inject({ url: '/api/me', remoteAddress: '127.0.0.3' })).statusCode).toBe(401);
      expect((await attempt('l10nd_guess-9', '127.0.0.3')).statusCode).toBe(401);
    } finally {
      await g.close();
    }
  });
});

describe('safety', () => {
  it('sends security headers with a CSP the built UI passes', async () => {
    const r = await f.app.inject('/api/locales');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBeDefined();
  });

  it('refuses bodies over the limit with 413', async () => {
    const r = await f.app.inject({
      method: 'POST',
      url: '/api/claims',
      headers: { ...bearer(f.tokens.kenji!), 'content-type': 'application/json' },
      payload: JSON.stringify({ locale: 'ja-JP', key: 'x'.repeat(40_000) }),
    });
    expect(r.statusCode).toBe(413);
    expectSchema(ErrorBody, r.json());
  });

  it('answers 5xx without internals and logs the detail', async () => {
    const g = await fixture({ logger: { level: 'error', stream: capture } });
    try {
      logs.length = 0;
      g.db.exec('ALTER TABLE claims RENAME TO claims_moved');
      const r = await g.app.inject('/api/claims');
      expect(r.statusCode).toBe(500);
      expectSchema(ErrorBody, r.json());
      expect(r.body).not.toMatch(/claims|SQLITE|sqlite|\.ts|at /);
      expect(logs.join('')).toMatch(/no such table: (main\.)?claims/);
    } finally {
      await g.close();
    }
  });

  it('serves the built app with SPA fallback, immutable hashed assets and JSON 404s under /api', async () => {
    const web = path.join(f.dir, 'web');
    fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><script type="module" src="/assets/app-1a2b3c.js"></script>');
    fs.writeFileSync(path.join(web, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    const g = await fixture({ webDir: web });
    try {
      const shell = await g.app.inject('/locales/ja-JP/articles');
      expect(shell.statusCode).toBe(200);
      expect(shell.headers['content-type']).toMatch(/text\/html/);
      expect(shell.headers['content-security-policy']).toContain("script-src 'self'");
      const asset = await g.app.inject('/assets/app-1a2b3c.js');
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-encoding']).toBeUndefined();
      // A compressed copy beside a file is sent to clients that take its encoding, with the file's type.
      fs.writeFileSync(path.join(web, 'assets', 'app-1a2b3c.js.gz'), gzipSync('console.log(1)'));
      const gz = await g.app.inject({ url: '/assets/app-1a2b3c.js', headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['content-type']).toBe(asset.headers['content-type']);
      expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(gunzipSync(gz.rawPayload).toString()).toBe('console.log(1)');
      expect((await g.app.inject({ url: '/assets/app-1a2b3c.js', headers: { 'accept-encoding': 'br' } })).headers['content-encoding']).toBeUndefined();
      expect((await g.app.inject('/assets/missing.js')).statusCode).toBe(404);
      const api = await g.app.inject('/api/nothing-here');
      expect(api.statusCode).toBe(404);
      expectSchema(ErrorBody, api.json());
    } finally {
      await g.close();
    }
  });
});

describe('the built web app (web/dist, when built)', () => {
  it.runIf(fs.existsSync(path.join(WEB_DIST, 'index.html')))('loads under the CSP: only same-origin scripts, none inline', async () => {
    const g = await fixture({ webDir: WEB_DIST });
    try {
      const page = await g.app.inject('/');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      const scripts = [...page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, inline] of scripts) {
        expect(attrs).toMatch(/src="\/assets\//);
        expect(inline!.trim()).toBe('');
      }
      for (const [, src] of page.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
        const asset = await g.app.inject(src!);
        expect(asset.statusCode, src).toBe(200);
        expect(asset.headers['cache-control']).toContain('immutable');
        // The build's brotli copy, to a browser that takes it: the same file, a third of the bytes or less.
        const br = await g.app.inject({ url: src!, headers: { 'accept-encoding': 'gzip, deflate, br' } });
        if (asset.rawPayload.byteLength >= 1024) {
          expect(br.headers['content-encoding'], src).toBe('br');
          expect(br.headers['content-type']).toBe(asset.headers['content-type']);
          expect(br.rawPayload.byteLength).toBeLessThan(asset.rawPayload.byteLength / 3);
          expect(brotliDecompressSync(br.rawPayload).equals(asset.rawPayload)).toBe(true);
        }
      }
    } finally {
      await g.close();
    }
  });
});
