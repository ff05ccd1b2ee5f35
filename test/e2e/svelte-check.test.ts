import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './harness.ts';

describe('web app types', () => {
  it('svelte-check reports no errors', () => {
    const bin = path.join(REPO, 'node_modules', '.bin', 'svelte-check');
    const result = spawnSync(bin, ['--workspace', 'web', '--threshold', 'error', '--output', 'machine'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    const errors = result.stdout.split('\n').filter((l) => / ERROR /.test(l));
    expect(errors, result.stdout).toEqual([]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
