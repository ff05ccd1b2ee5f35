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

describe('content is text', () => {
  it('no component injects HTML ({@html}, innerHTML, outerHTML, insertAdjacentHTML)', async () => {
    const fs = await import('node:fs');
    const files = fs.readdirSync(path.join(REPO, 'web', 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(svelte|ts)$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.filter((f) => /\{@html|innerHTML|outerHTML|insertAdjacentHTML/.test(fs.readFileSync(path.join(REPO, 'web', 'src', f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
