// Runs git commands for the main thread while it does other work (gitLater in git.ts).
// Plain JavaScript with no imports of the project: the thread starts in milliseconds, with no
// TypeScript loader. Each request carries a shared state word: 0 queued, 1 running, 2 done,
// 3 withdrawn (the main thread ran the command itself).
import { spawnSync } from 'node:child_process';
import { workerData } from 'node:worker_threads';

const { port, alive } = workerData;
// Running: a request that waits now waits for a busy thread, not a dead one (git.ts).
if (alive) Atomics.store(alive, 0, 1);
port.on('message', ({ id, cwd, args, input, env, maxBuffer, state }) => {
  if (Atomics.compareExchange(state, 0, 0, 1) !== 0) return;
  let reply;
  try {
    const r = spawnSync('git', args, { cwd, input, env, maxBuffer });
    reply = { id, status: r.status, error: r.error ? r.error.message : null, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    reply = { id, status: null, error: err instanceof Error ? err.message : String(err), stdout: null, stderr: null };
  }
  port.postMessage(reply);
  Atomics.store(state, 0, 2);
  Atomics.notify(state, 0);
});
