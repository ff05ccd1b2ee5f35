// Worker threads do not inherit tsx's loader on Node 20: register it here, then load the
// TypeScript worker (the compiled CLI's threads load its JavaScript bundle, dist/cli/worker.js,
// and no loader). Plain .mjs so it runs before any loader exists.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
