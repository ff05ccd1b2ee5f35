import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heapGrowth, setHeapGrowth, withHeapGrowth } from '../../server/heap-growth.ts';

const churn = path.join(import.meta.dirname, 'heap-churn.ts');

function largestHeapMb(...args: string[]): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', churn, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout.trim()) as { largestMb: number }).largestMb;
}

// The CLI bounds V8's heap growth at run time (server/cli/heap.ts): a flag V8 may ignore once
// started, so this checks that this Node honours it, on the same churn with and without.
describe('bounded heap growth (the batch commands)', () => {
  it('keeps the heap near what stays alive, where V8 alone lets it grow several times over', () => {
    const free = largestHeapMb();
    const bound = largestHeapMb('bound');
    // Measured 407 MB free, 160-164 MB bound.
    expect(bound).toBeLessThan(free * 0.6);
  }, 60_000);
});

describe('heap growth of a phase (a check run)', () => {
  it('puts back the process’s own afterwards, the batch command’s bound as V8’s heuristics, also when the phase fails', async () => {
    try {
      setHeapGrowth(25);
      await withHeapGrowth(10, async () => expect(heapGrowth()).toBe(10));
      expect(heapGrowth()).toBe(25);
      await expect(
        withHeapGrowth(10, async () => {
          throw new Error('the check run failed');
        }),
      ).rejects.toThrow('the check run failed');
      expect(heapGrowth()).toBe(25);
      setHeapGrowth(0);
      await withHeapGrowth(10, async () => expect(heapGrowth()).toBe(10));
      expect(heapGrowth()).toBe(0);
    } finally {
      setHeapGrowth(0);
    }
  });
});
