// Benchmark preload (`node --import`): when the `l10n-drift` process it is loaded into exits,
// prints a JSON line with the CPU time of all its threads (user + system, parser threads
// included), its peak RSS and its exit code as the last line on stdout. Plain .mjs, no
// imports beyond Node's and peak-rss.mjs: the command under it runs exactly as a user's shell runs it.
import fs from 'node:fs';
import { peakRssMb } from './peak-rss.mjs';

const cpu = process.cpuUsage();
process.on('exit', (code) => {
  const used = process.cpuUsage(cpu);
  fs.writeSync(1, `\n${JSON.stringify({ cpuMs: (used.user + used.system) / 1000, maxRssMb: peakRssMb(), code })}\n`);
});
