/**
 * `l10n-drift index` as a user runs it on the sample: the first run checks every pair, a run
 * with nothing changed re-checks none, an edited translation re-checks its own pair, and
 * `--full` re-checks all; each says so in its summary, and the open findings stay the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../content/license-sync');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-cli-incr-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let clock = Date.parse('2026-04-01T08:00:00Z');
const now = () => new Date((clock += 60_000));

function checksLine(out: string): string {
  return /checks: .*/.exec(out)?.[0] ?? out;
}

describe('index re-checks only what changed', () => {
  it('first run all, then none, then the edited translation, and --full all again', async () => {
    const root = path.join(dir, 'site');
    fs.cpSync(SAMPLE, root, { recursive: true });
    const args = ['index', '--root', root, '--db', path.join(dir, 'drift.db'), '--quiet'];
    const first = await runCli(args, { cwd: dir, now });
    expect(first.code).toBe(0);
    const [, open, units] = /checks: (\d+) open findings \(\d+ new, 0 resolved; (\d+) pairs, all checked \(first check run\)\)/.exec(first.out) ?? [];
    expect(open, checksLine(first.out)).toBeDefined();

    const again = await runCli(args, { cwd: dir, now });
    expect(checksLine(again.out)).toMatch(new RegExp(`checks: ${open} open findings \\(0 new, 0 resolved; 0 of ${units} pairs re-checked\\)`));

    const ja = path.join(
      root,
      'translations/ja-JP/content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md',
    );
    fs.appendFileSync(ja, '\nSee [the old page](/does/not/exist).\n');
    const edited = await runCli(args, { cwd: dir, now });
    const [, after, added, resolved] = /checks: (\d+) open findings \((\d+) new, (\d+) resolved; 1 of (\d+) pairs re-checked\)/.exec(edited.out) ?? [];
    expect(added, checksLine(edited.out)).not.toBe('0');
    expect(Number(after)).toBe(Number(open) + Number(added) - Number(resolved));

    const full = await runCli([...args, '--full'], { cwd: dir, now });
    expect(checksLine(full.out)).toMatch(new RegExp(`checks: ${after} open findings \\(0 new, 0 resolved; ${units} pairs, all re-checked \\(--full\\)\\)`));

    const bad = await runCli([...args, '--full', '--no-checks'], { cwd: dir, now });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--full .* --no-checks/);
  }, 120_000);
});
