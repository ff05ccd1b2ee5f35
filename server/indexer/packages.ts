import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The parser's libraries, required on first use: a run that parses no file never loads them.
//
// The compiled CLI (scripts/build-cli.mjs) also bundles each of them into one file of
// dist/cli/vendor/: loading one file costs a fraction of resolving and reading a package's
// dozens (gray-matter with js-yaml 3: 40 files; js-yaml alone 25–35 ms of CPU, against ~4.5 ms bundled; yaml: 73 files,
// 40–51 ms, against ~9 ms; markdown-it: 14 files, 24–28 ms, against 11–15 ms). Only the
// bundle defines L10N_DRIFT_VENDORED (esbuild `define`); a TypeScript run (tsx, the parser
// threads) requires the packages from node_modules.
declare const L10N_DRIFT_VENDORED: boolean | undefined;

export type ParserPackage = 'markdown-it' | 'gray-matter' | 'yaml';

const require = createRequire(import.meta.url);

/** Where each package is required from: our own dependencies, as node_modules has them. */
export function packagePath(name: ParserPackage): string {
  return require.resolve(name);
}

/**
 * A file of the compiled CLI, when this code runs compiled (else null): relative to this source
 * file, as the build rewrites import.meta.url to it (scripts/build-cli.mjs).
 */
export function compiledFile(file: string): URL | null {
  if (typeof L10N_DRIFT_VENDORED === 'undefined' || !L10N_DRIFT_VENDORED) return null;
  return new URL(`../../dist/cli/${file}`, import.meta.url);
}

/** The package, from the compiled CLI's bundle of it when this code runs compiled, else from node_modules. */
export function requirePackage(name: ParserPackage): unknown {
  const vendored = compiledFile(`vendor/${name}.cjs`);
  return require(vendored ? fileURLToPath(vendored) : packagePath(name));
}
