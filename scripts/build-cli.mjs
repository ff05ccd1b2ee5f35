#!/usr/bin/env node
// Builds the compiled CLI that the installed `l10n-drift` command runs (scripts/l10n-drift.mjs):
// scripts/cli.ts and everything it imports, bundled by esbuild into dist/cli/ (one file for
// `index`, a chunk per lazily imported command; packages stay in node_modules). Run by
// `npm install` / `npm ci` (the `prepare` script) and by hand after a `git pull`; until it runs
// again, a changed source makes the command run the TypeScript through tsx (never stale code).
//
// Every module keeps its own `import.meta.url`: the code finds its neighbours from it (the
// migrations folder, web/dist, the check docs, the worker entry, package.json) and hashes its own
// sources for versioning (run-checks.ts, indexer/parser-version.ts). A bundle would give them all
// the bundle's URL, so each source file's `import.meta.url` is rewritten to its source file's URL,
// relative to the bundle (`new globalThis.URL('../../db/index.ts', import.meta.url)`): the build works
// wherever the clone is moved, and reads and hashes exactly what the TypeScript run would.
//
// dist/cli/manifest.json lists every source file the bundle was made from with its mtime and
// size; the command uses the bundle only while all of them are unchanged (scripts/cli-build.mjs).
import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'cli');

/**
 * Each source file's mtime and size as they were when the build read it: taken before the read, so
 * a file saved while the build runs is stale against the manifest (the command then runs the
 * TypeScript), never recorded as built when the bundle holds its older text.
 */
const readStats = new Map();

/** Rewrites `import.meta.url` in our own sources to the source file's URL, relative to the output folder. */
const ownUrls = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mjs|js)$/ }, async (args) => {
      // Relative to the project: a clone that itself sits under some node_modules folder is still ours.
      if (path.relative(ROOT, args.path).split(path.sep).includes('node_modules')) return undefined;
      const stat = fs.statSync(args.path);
      readStats.set(args.path, [stat.mtimeMs, stat.size]);
      const source = await fs.promises.readFile(args.path, 'utf8');
      const relative = path.relative(OUT, args.path).split(path.sep).join('/');
      // globalThis.URL: a module may have a top-level `URL` of its own (language.ts has a regex by that name).
      const url = `new globalThis.URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return { contents: source.replace(/\bimport\.meta\.url\b/g, url), loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

// Packages stay in node_modules, except those bundled: TypeBox's ES modules are ~270 files
// (config validation loads them on every run), each resolved and linked by Node's loader.
const BUNDLED = /^(?:@sinclair\/typebox|liquidjs)(?:\/|$)/;
const packagesExternal = {
  name: 'packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.test(args.path) ? undefined : { path: args.path, external: true }));
  },
};

export async function buildCli({ quiet = false } = {}) {
  // Built beside the output and renamed over it: a command started meanwhile sees the old build or the new one, whole.
  const tmp = `${OUT}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const started = performance.now();
  readStats.clear();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { cli: path.join(ROOT, 'scripts', 'cli.ts') },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // A bundled package's ES module build where it has one (liquidjs: `module`; its `main` is CommonJS).
    mainFields: ['module', 'main'],
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
    plugins: [packagesExternal, ownUrls],
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.split('/').includes('node_modules'))
    .sort()
    .map((f) => {
      const file = path.join(ROOT, f);
      const read = readStats.get(file);
      if (read) return [f, ...read];
      const s = fs.statSync(file);
      return [f, s.mtimeMs, s.size];
    });
  fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify({ built: new Date().toISOString(), inputs }) + '\n');
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.renameSync(tmp, OUT);
  if (!quiet) {
    const ms = Math.round(performance.now() - started);
    process.stdout.write(`l10n-drift: built ${path.relative(process.cwd(), OUT) || OUT} from ${inputs.length} source files in ${ms} ms\n`);
  }
  return { inputs: inputs.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli();
