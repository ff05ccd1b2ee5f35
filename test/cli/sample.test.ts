import { beforeAll, describe, expect, it } from 'vitest';
import { copySample, indexRoot, type Indexed } from '../checks/helpers.ts';
import { runCli, type CliResult } from './helpers.ts';

let site: Indexed;
beforeAll(async () => {
  site = await indexRoot(copySample());
  site.close();
});

const sample = (args: string[]): Promise<CliResult> => runCli(['sample', '--root', site.root, '--db', site.config.db, ...args], { cwd: site.root });

describe('l10n-drift sample (precision worksheet, bundled license-sync sample)', () => {
  it('the same seed draws the same worksheet; another seed draws other findings', async () => {
    const a = await sample(['--per-check', '2', '--seed', '7']);
    const b = await sample(['--per-check', '2', '--seed', '7']);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
    const others = await Promise.all([1, 2, 3, 4].map((seed) => sample(['--per-check', '2', '--seed', String(seed)])));
    expect(others.some((o) => o.out.replace(/seed \d+/, '') !== a.out.replace(/seed \d+/, ''))).toBe(true);
  });

  it('at most --per-check findings per check, only the --locale and --check asked for', async () => {
    const r = await sample([
      '--per-check',
      '3',
      '--seed',
      '1',
      '--locale',
      'de-DE',
      '--locale',
      'ja-JP',
      '--check',
      'outdated-link',
      '--check',
      'english-fallback',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^# Precision worksheet: run \d+, seed 1, 3 per check, locales de-DE, ja-JP/);
    expect(r.out.match(/^## /gm)).toEqual(['## ', '## ']);
    expect(r.out).toContain('## outdated-link');
    const entries = r.out.match(/^### \d+\. (\S+) /gm) ?? [];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(6);
    for (const e of entries) expect(e).toMatch(/^### \d+\. (de-DE|ja-JP) /);
  });

  it('an entry: file and line, the message, the translation and English text around the line', async () => {
    const r = await sample(['--per-check', '10', '--seed', '3', '--locale', 'de-DE', '--check', 'outdated-link']);
    expect(r.code, r.err).toBe(0);
    const entry = r.out.split(/^### /m).find((s) => s.includes(':16`'));
    expect(entry, r.out).toBeDefined();
    expect(entry).toMatch(
      /^\d+\. de-DE `admin\/configuration\/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud` — (warning|info) \((redirect|legacy)/,
    );
    expect(entry).toContain(
      '- [ ] right · `translations/de-DE/content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md:16`',
    );
    expect(entry).toMatch(/- Link .+ (goes to a moved page|uses an old URL form)/);
    expect(entry).toContain('Translation (de-DE), around line 16:');
    expect(entry).toMatch(/^ {3}16> .*\]\(/m);
    expect(entry).toMatch(/English, around line \d+ \(`content\/admin\/configuration\//);
  });

  it('usage errors exit 2', async () => {
    expect((await sample(['--per-check', '0'])).code).toBe(2);
    expect((await sample(['--check', 'no-such-check'])).code).toBe(2);
  });

  it('an unknown locale exits 2 naming the known ones, as check does (it used to draw an empty worksheet)', async () => {
    const r = await sample(['--locale', 'ja-jp']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ja-JP/);
    expect(r.out).toBe('');
  });
});
