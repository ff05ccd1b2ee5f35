// A child process for heap-growth.test.ts: keeps ~40 MB alive while it churns short-lived objects
// through the old generation, and prints the largest heap it saw. `bound` applies the CLI's setting.
import { boundHeapGrowth } from '../../server/cli/heap.ts';

if (process.argv[2] === 'bound') boundHeapGrowth();
const live: { a: string; b: number[] }[] = [];
for (let i = 0; i < 400_000; i++) live.push({ a: `kept ${i}`, b: [i, i + 1] });
const recent: { s: string; n: number[] }[] = [];
let largest = 0;
for (let round = 0; round < 150; round++) {
  for (let i = 0; i < 20_000; i++) recent.push({ s: `recent ${round} ${i}`, n: [i] });
  if (recent.length > 200_000) recent.splice(0, 100_000);
  largest = Math.max(largest, process.memoryUsage().heapTotal);
}
process.stdout.write(`${JSON.stringify({ largestMb: largest / 1048576, live: live.length })}\n`);
