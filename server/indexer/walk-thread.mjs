// The walk thread (walk.ts `startWalkThread`): takes the roots it is given one by one from a
// counter it shares with the thread that started it (which walks the rest itself once it is
// free), walks each with the same code as the main thread's walk (walk-core.mjs) but without a
// classify (the main thread classifies: a layout's functions and state stay there), and posts
// each walk back compactly: the paths as one string, sizes and mtimes in one transferred
// Float64Array. Plain JavaScript: no loader to start, so the thread walks a few milliseconds
// after it is created.
import { parentPort, workerData } from 'node:worker_threads';
import { walkTree } from './walk-core.mjs';

const { walks, next } = workerData;
for (let index = Atomics.add(next, 0, 1); index < walks.length; index = Atomics.add(next, 0, 1)) {
  const { root, folders } = walks[index];
  const walk = walkTree(root, folders, null);
  const n = walk.rels.length;
  const numbers = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    numbers[i] = walk.sizes[i];
    numbers[n + i] = walk.mtimes[i];
  }
  // NUL cannot occur in a path.
  parentPort.postMessage({ index, rels: walk.rels.join('\0'), count: n, numbers, problems: walk.problems }, [numbers.buffer]);
}
