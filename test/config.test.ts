import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveConfig } from '../server/config.ts';
import { run } from '../server/cli/main.ts';

describe('config', () => {
  it('defaults: github-docs layout, the bundled sample, .l10n-drift/drift.db under the folder', () => {
    const c = resolveConfig({}, '/work/site');
    expect([c.layout.name, c.root, c.db, c.locales, c.server.host, c.server.port, c.claims.expiryDays]).toEqual([
      'github-docs',
      '/work/site/content/license-sync',
      '/work/site/.l10n-drift/drift.db',
      null,
      '127.0.0.1',
      4173,
      14,
    ]);
  });

  it.each([
    [{ layout: 'sphinx' }, /field "layout" must be one of .*github-docs.* \(got "sphinx"\)/],
    [{ root: 42 }, /field "root"/],
    [{ colour: 'blue' }, /field "colour"/],
    [{ limits: { maxFileBytes: 10 } }, /field "limits\.maxFileBytes"/],
    [{ checks: { 'broken-link': 'loud' } }, /field "checks\.broken-link"/],
    [{ locales: ['ja JP'] }, /field "locales\.0"/],
  ])('%j is a one-line error naming the field', (raw, message) => {
    expect(() => resolveConfig(raw, '/x', 'l10n-drift.config.json')).toThrow(ConfigError);
    try {
      resolveConfig(raw, '/x', 'l10n-drift.config.json');
    } catch (e) {
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it('a file that is not JSON, and the CLI exit code 2 with one line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-config-'));
    fs.writeFileSync(path.join(dir, 'l10n-drift.config.json'), '{ "root": ');
    expect(() => loadConfig({ cwd: dir })).toThrow(/is not valid JSON/);
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) }, cwd: dir, env: {} } as never;
    expect(await run(['index'], io)).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^l10n-drift: Config .* is not valid JSON/);
  });
});
