/** DNS rebinding: only requests naming this server in their Host header are answered. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../server/config.ts';
import { allowedHostList, isAllowedHost } from '../../server/plugins/allowed-hosts.ts';
import { bearer, fixture, type Fixture } from './helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture({ config: { server: { host: 'drift.internal', allowedHosts: ['dash.example.com:8443'] } } });
});
afterAll(async () => f?.close());

const get = (url: string, host: string | undefined, headers: Record<string, string> = {}) =>
  f.app.inject({ url, headers: host === undefined ? headers : { ...headers, host } });

describe('allowed hosts', () => {
  it.each([
    'localhost',
    'localhost:80',
    'localhost:4173',
    'LOCALHOST:4173',
    '127.0.0.1',
    '127.0.0.1:4173',
    '[::1]',
    '[::1]:4173',
    'drift.internal',
    'drift.internal:4173',
    'dash.example.com:8443',
  ])('answers Host: %s', async (host) => {
    const r = await get('/api/locales', host);
    expect(r.statusCode, r.body).toBe(200);
  });

  it.each([
    'evil.example',
    'evil.example:4173',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    'dash.example.com',
    'dash.example.com:443',
    '[::2]:4173',
    'localhost:4173@evil.example',
    'localhost evil',
    'localhost:x',
  ])('refuses Host: %j with 421 and a message, before auth and routing', async (host) => {
    for (const url of ['/api/locales', '/api/claims', '/api/nothing-here', '/']) {
      const r = await get(url, host, bearer(f.tokens.maria!));
      expect(r.statusCode, `${url} ${r.body}`).toBe(421);
      expect(r.json()).toMatchObject({ statusCode: 421, error: 'Misdirected Request' });
      expect((r.json() as { message: string }).message).toMatch(
        /does not answer for host .*allowed: localhost, 127\.0\.0\.1, \[::1\], drift\.internal, dash\.example\.com:8443/,
      );
    }
  });

  it('builds the default list from the loopback names and the configured host', () => {
    expect(allowedHostList({ host: '127.0.0.1' })).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(allowedHostList({ host: '0.0.0.0' })).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(allowedHostList({ host: '::1' })).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(allowedHostList({ host: 'Docs.Lan', allowedHosts: ['x.example'] })).toEqual(['localhost', '127.0.0.1', '[::1]', 'docs.lan', 'x.example']);
    expect(isAllowedHost(undefined, ['localhost'])).toBe(false);
    expect(isAllowedHost('localhost.', ['localhost'])).toBe(true);
  });

  it('validates server.allowedHosts in the config', () => {
    expect(resolveConfig({ server: { allowedHosts: ['a.example', 'b.example:8080', '[fe80::1]:80'] } }, '/tmp').server.allowedHosts).toHaveLength(3);
    expect(() => resolveConfig({ server: { allowedHosts: ['http://a.example/'] } }, '/tmp')).toThrow(/server\.allowedHosts\.0/);
  });
});
