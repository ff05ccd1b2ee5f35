import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { commitAll, git, tempDir, write } from './helpers.ts';

// A background git thread that never takes a request (it failed to start, or died) cannot say
// so while the main thread blocks: the first request waits its time out, then git runs on the
// main thread, for the requests already queued too, without each waiting again.
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class DeafWorker extends real.Worker {
    constructor(_file: string | URL, options?: import('node:worker_threads').WorkerOptions) {
      // Takes the port it is given and never answers on it.
      super('setInterval(() => {}, 60_000);', { ...options, eval: true });
    }
  }
  return { ...real, Worker: DeafWorker, default: { ...real, Worker: DeafWorker } };
});

let root: string;

beforeAll(() => {
  root = tempDir('l10n-git-stalled-');
  git(root, ['init', '-q', '-b', 'main']);
  write(root, 'content/page.md', '# Page\n');
  commitAll(root, 'page', '2021-01-01T12:00:00Z');
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a background git thread that never answers', () => {
  it('costs one time-out, not one per request', async () => {
    const { gitLater } = await import('../../server/history/git.ts');
    const head = git(root, ['rev-parse', 'HEAD']);
    const started = performance.now();
    const pending = [0, 1, 2, 3].map(() => gitLater(root, ['rev-parse', 'HEAD']));
    expect(pending.map((p) => p.wait().toString().trim())).toEqual([head, head, head, head]);
    // Later requests run on the main thread from the start.
    expect(gitLater(root, ['rev-parse', 'HEAD']).wait().toString().trim()).toBe(head);
    const ms = performance.now() - started;
    // One UNSTARTED_MS (2 s) of waiting: four would be 8 s.
    expect(ms).toBeLessThan(4500);
  });
});
