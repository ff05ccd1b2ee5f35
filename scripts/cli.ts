import { boundHeapGrowth } from '../server/cli/heap.ts';
import { run } from '../server/cli/main.ts';

const argv = process.argv.slice(2);
// The batch commands (index, check, fix, report…) hold their peak memory to what they keep
// alive; `serve` keeps V8's own growth, under which its readers' latencies were measured.
if (argv[0] !== 'serve') boundHeapGrowth();
process.exitCode = await run(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
