#!/usr/bin/env node
// Builds the compiled CLI that the installed `l10n-drift` command runs (scripts/l10n-drift.mjs):
// scripts/cli.ts and everything it imports, bundled by esbuild into dist/cli/ (one file for
// `index`, a chunk per lazily imported command; packages stay in node_modules, but for the
// parser's libraries, bundled one file each into dist/cli/vendor/). Run by
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
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

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

// The parser's libraries (server/indexer/packages.ts), each bundled into one CommonJS file of
// dist/cli/vendor/ and required from there on first parse: one file to load instead of a
// package's dozens (gray-matter with js-yaml 40 files, yaml 73, markdown-it 14), and still nothing loaded by a
// run that parses nothing. Bundled from the copy the TypeScript run requires (packagePath).
const VENDORED = ['markdown-it', 'gray-matter', 'yaml'];

// gray-matter's js-yaml 3 requires esprima (~9 ms of CPU to load) only for its JavaScript types
// (`!!js/function`), through a `require` alias esbuild cannot bundle, and does without it when
// the require throws. gray-matter's YAML engine is safeLoad, which reads no JavaScript types, so
// the bundle is told there is no esprima; every other require (Node's `buffer` for `!!binary`) goes through.
const NO_ESPRIMA = `"use strict";
var require = ((nodeRequire) => (id) => {
  if (id === 'esprima') throw new Error('l10n-drift bundles gray-matter and js-yaml without esprima: safeLoad reads no JavaScript types');
  return nodeRequire(id);
})(require);`;

/** Builds the vendored libraries; resolves with the files of node_modules they were made from. */
async function buildVendor(outdir) {
  const results = await Promise.all([
    buildEld(outdir),
    ...VENDORED.map((name) =>
      esbuild.build({
        metafile: true,
        absWorkingDir: ROOT,
        entryPoints: [vendorEntry(name)],
        outfile: path.join(outdir, 'vendor', `${name}.cjs`),
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        logLevel: 'warning',
        ...(name === 'gray-matter' ? { banner: { js: NO_ESPRIMA } } : {}),
      }),
    ),
  ]);
  return results.flatMap((r) => Object.keys(r.metafile.inputs));
}

/**
 * The package.json of every package a bundle holds code of (`node_modules/<name>` or
 * `node_modules/@scope/name`, nested ones included), relative to the project: `npm install
 * yaml@x` or `npm update` rewrites them without running `prepare`, and the manifest then calls
 * the build stale (the command runs the TypeScript, which loads the new packages) instead of
 * running the bundled old copies under the new packages' parser version.
 */
export function packageManifests(inputs) {
  const out = new Set();
  for (const input of inputs) {
    const parts = path.relative(ROOT, path.resolve(ROOT, input)).split(path.sep);
    const at = parts.lastIndexOf('node_modules');
    if (at === -1 || at + 1 >= parts.length) continue;
    const name = parts[at + 1].startsWith('@') ? parts.slice(at + 1, at + 3) : [parts[at + 1]];
    const manifest = [...parts.slice(0, at + 1), ...name, 'package.json'].join('/');
    if (fs.existsSync(path.join(ROOT, manifest))) out.add(manifest);
  }
  return [...out].sort();
}

// eld's language model is a 950 KB JavaScript object literal: evaluating it costs ~190 ms of CPU
// in every process and parser thread that judges a Latin-script page, where JSON.parse of the
// same data costs ~28 ms. The build writes the model as JSON (refused unless it reads back equal)
// beside a bundle of eld's detector (`createEld`) and text helpers, and language.ts builds eld's
// instance from them as eld's own entry does.
async function buildEld(outdir) {
  const entry = fileURLToPath(import.meta.resolve('eld/extrasmall'));
  const { ngramsData } = await import(pathToFileURL(path.join(path.dirname(entry), '..', 'ngrams', 'extrasmall.js')).href);
  const json = JSON.stringify(ngramsData);
  if (!isDeepStrictEqual(JSON.parse(json), ngramsData)) throw new Error("eld's model does not survive JSON: not vendored");
  fs.mkdirSync(path.join(outdir, 'vendor'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'vendor', 'eld-extrasmall.json'), json);
  return esbuild.build({
    absWorkingDir: ROOT,
    stdin: {
      // The detector, and the text helpers language.ts's SubsetDetector reads texts with as eld does.
      contents: [
        ['createEld', 'languageDetector.js'],
        ['separators', 'regexPatterns.js'],
        ['dictionary', 'dictionary.js'],
        ['avgScore', 'avgScore.js'],
      ]
        .map(([name, file]) => `export { ${name} } from ${JSON.stringify(path.join(path.dirname(entry), '..', file))};`)
        .join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    },
    outfile: path.join(outdir, 'vendor', 'eld.cjs'),
    metafile: true,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}

/** Where packages.ts's `packagePath` finds each package (a test holds them equal): this file runs without a TypeScript loader. */
export function vendorEntry(name) {
  const require = createRequire(path.join(ROOT, 'server', 'indexer', 'packages.ts'));
  return require.resolve(name);
}

export async function buildCli({ quiet = false } = {}) {
  // Built beside the output and renamed over it: a command started meanwhile sees the old build or the new one, whole.
  const tmp = `${OUT}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const started = performance.now();
  readStats.clear();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    // The parser threads' entry too (server/indexer/indexer.ts starts dist/cli/worker.js when compiled).
    entryPoints: { cli: path.join(ROOT, 'scripts', 'cli.ts'), worker: path.join(ROOT, 'server', 'indexer', 'worker.ts') },
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
    define: { L10N_DRIFT_VENDORED: 'true' },
  });
  const vendored = await buildVendor(tmp);
  const bundled = Object.keys(result.metafile.inputs);
  const inputs = [...bundled.filter((f) => !f.split('/').includes('node_modules')).sort(), ...packageManifests([...bundled, ...vendored])].map((f) => {
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
