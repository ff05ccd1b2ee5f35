import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../server/cli/main.ts';
import { copySample, indexRoot, type Indexed } from './helpers.ts';

let site: Indexed;
beforeAll(async () => {
  site = await indexRoot(copySample());
  site.close();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await run(['check', '--root', site.root, '--db', site.config.db, ...args], { stdout, stderr, cwd: site.root, env: {} });
  return { code, out, err };
}

describe('l10n-drift check', () => {
  it('text: grouped by locale and article with file:line; exit 1 on errors', async () => {
    const r = await cli(['--locale', 'de-DE']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^de-DE: \d+ findings/m);
    expect(r.out).toContain('  /admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud');
    expect(r.out).toMatch(/translations\/de-DE\/content\/admin\/configuration\/enabling-[\w-]+\.md:16 {2}warning {2}outdated-link/);
    expect(r.out).not.toContain('zh-CN');
  });

  it('json: versioned shape, filtered by check', async () => {
    const r = await cli(['--format', 'json', '--check', 'outdated-link', '--fail-on', 'warning']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { version: number; summary: { total: number }; findings: { check: string; locale: string; data: { suggestion: string }; status: string }[] };
    expect(doc.version).toBe(1);
    expect(doc.summary.total).toBe(7);
    expect(new Set(doc.findings.map((f) => f.check))).toEqual(new Set(['outdated-link']));
    expect(doc.findings.filter((f) => f.locale === 'de-DE').map((f) => f.data.suggestion).sort()).toEqual([
      '/admin/configuration/configuring-github-connect/managing-github-connect',
      '/admin/configuration/configuring-github-connect/managing-github-connect',
      '/billing/managing-your-license-for-github-enterprise',
    ]);
  });

  it('markdown: summary table and one details block per locale; --fail-on never exits 0', async () => {
    const r = await cli(['--format', 'markdown', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^### l10n-drift: \d+ open findings/);
    expect(r.out).toContain('| locale | errors | warnings | info |');
    expect(r.out.match(/<details>/g)?.length).toBe(5);
  });

  it('exit 0 when nothing reaches --fail-on', async () => {
    const r = await cli(['--check', 'missing-redirect', '--fail-on', 'error']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('missing-redirect');
  });

  it.each([[['--format', 'xml']], [['--fail-on', 'sometimes']], [['--check', 'no-such-check']], [['--bogus']]])('usage error %j exits 2', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).not.toBe('');
  });
});
