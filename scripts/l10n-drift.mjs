#!/usr/bin/env node
// The installed `l10n-drift` command. It runs the compiled CLI (dist/cli, built by
// `npm install` through scripts/build-cli.mjs) while no source file changed since that build;
// otherwise the TypeScript itself through tsx's loader, so it never runs stale code.
// L10N_DRIFT_DEBUG=1 says on stderr which one ran and why.
import { pathToFileURL } from 'node:url';
import { BUILT_CLI, staleReason } from './cli-build.mjs';

const stale = staleReason();
if (process.env.L10N_DRIFT_DEBUG)
  process.stderr.write(stale ? `l10n-drift: running the TypeScript sources (${stale})\n` : `l10n-drift: running the compiled CLI\n`);
if (stale) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
} else {
  await import(pathToFileURL(BUILT_CLI).href);
}
