/**
 * Benchmark child: runs one `l10n-drift` command in this process, as a user's CLI run is,
 * and prints a JSON line with its wall time, peak RSS (threads included) and exit code.
 * The command's own output goes to stderr, so the last stdout line is the JSON.
 */
import { run } from '../server/cli/main.ts';

const cpu = process.cpuUsage();
const started = performance.now();
const code = await run(process.argv.slice(2), { stdout: process.stderr, stderr: process.stderr, cwd: process.cwd(), env: process.env });
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
// CPU of every thread of the process (parser threads included), user + system.
process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, code }) + '\n');
