import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const bin = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'scripts/l10n-drift.mjs'), ...args], { cwd: REPO, encoding: 'utf8' });

describe('the installed l10n-drift command', () => {
  it.each([
    [['--help'], 0, /Commands:\n {2}index/],
    [['no-such-command'], 2, /unknown command "no-such-command"/],
    [['index', '--no-such-flag'], 2, /Unknown option '--no-such-flag'/],
    [['check', '--fail-on', 'sometimes'], 2, /fail-on/],
  ])('%j exits %i', (args, code, output) => {
    const r = bin(...args);
    expect(r.status, r.stderr).toBe(code);
    expect(r.stdout + r.stderr).toMatch(output);
  });
});
