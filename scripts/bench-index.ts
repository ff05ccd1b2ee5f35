/**
 * Index benchmark child: runs one `indexSite` in this process and prints a JSON line
 * with the summary, wall time and peak RSS (threads included), so the parent can
 * measure each phase in a fresh process.
 */
import { openDb } from '../db/index.ts';
import { resolveConfig } from '../server/config.ts';
import { indexSite } from '../server/indexer/indexer.ts';
import { peakRssMb } from './peak-rss.mjs';

const [root, dbFile, workers] = process.argv.slice(2);
if (!root || !dbFile) {
  process.stderr.write('usage: bench-index.ts <root> <db> [workers]\n');
  process.exit(2);
}
const config = resolveConfig({ root, db: dbFile, ...(workers !== undefined ? { workers: Number(workers) } : {}) }, process.cwd());
const db = openDb(dbFile);
const cpu = process.cpuUsage();
const started = performance.now();
const summary = await indexSite({ config, db });
const ms = performance.now() - started;
db.close();
const used = process.cpuUsage(cpu);
// CPU of every thread of the process (parser threads included), user + system.
process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: peakRssMb(), summary }) + '\n');
