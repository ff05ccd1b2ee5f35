import { boundInlining } from '../server/cli/compiler.ts';
import { boundHeapGrowth } from '../server/cli/heap.ts';
import { run } from '../server/cli/main.ts';

const argv = process.argv.slice(2);
// The batch commands (index, check, fix, report…) hold their peak memory to what they keep
// alive, and spend less CPU compiling what they run once per process; `serve` keeps V8's own
// settings, under which its readers' latencies were measured.
if (argv[0] !== 'serve') {
  boundHeapGrowth();
  boundInlining();
}
process.exitCode = await run(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
