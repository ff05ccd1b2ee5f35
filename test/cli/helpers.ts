import { PassThrough } from 'node:stream';
import { run } from '../../server/cli/main.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process as a user would (`l10n-drift <args>` in `cwd`, no environment), with its exit code and output. */
export async function runCli(args: string[], options: { cwd: string; now?: () => Date }): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await run(args, { stdout, stderr, cwd: options.cwd, env: {}, ...(options.now ? { now: options.now } : {}) });
  return { code, out, err };
}
