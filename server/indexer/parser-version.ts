import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The parser's own code: a module it imports from elsewhere (node_modules, server/config.ts) is not followed. */
const PARSER_FOLDERS = ['indexer', 'layouts'].map((f) => path.join(SERVER, f) + path.sep);
const PARSE_ENTRY = path.join(SERVER, 'indexer', 'parse.ts');

// `import … from './x.ts'`, `import './x.ts'`, `export … from './x.ts'` (type-only ones too: cheap, and never wrong).
const RELATIVE_IMPORT = /^\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm;

/**
 * Every source file the parser is made of: `entry` and the modules it imports, transitively,
 * inside `folders` (server/indexer and server/layouts by default), sorted.
 */
export function parserSources(entry: string | string[] = PARSE_ENTRY, folders = PARSER_FOLDERS): string[] {
  const entries = typeof entry === 'string' ? [entry] : entry;
  const seen = new Set<string>(entries);
  const queue = [...entries];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      if (seen.has(target) || !folders.some((f) => target.startsWith(f))) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return [...seen].sort();
}

// A package named where code loads one: `from 'x'`, `import('x')`, `require('x')`, `createRequire(…)('x')`, `import.meta.resolve('x')`.
const PACKAGE_LOAD = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\)\s*\(\s*|\bresolve\s*\(\s*)['"]((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^'"]*)?['"]/g;

/**
 * `name@version` of each installed package the files load (markdown-it, liquidjs, …), sorted:
 * a dependency upgrade can change what the parser produces as much as our own code.
 */
export function parserPackages(files: string[], from = SERVER): string[] {
  const found = new Set<string>();
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(PACKAGE_LOAD)) {
      const name = m[1]!;
      if (name.startsWith('node:') || name.startsWith('.')) continue;
      const version = installedVersion(name, from);
      if (version !== null) found.add(`${name}@${version}`);
    }
  }
  return [...found].sort();
}

/** The version in node_modules/<name>/package.json, looked up from `from` to the root as Node does; null when none. */
function installedVersion(name: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(manifest)) return String((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: unknown }).version);
    if (path.dirname(dir) === dir) return null;
  }
}

/** A hash of the parser: the name and bytes of each of its files, and the versions of the packages they load. */
export function sourcesVersion(files: string[], root = SERVER): string {
  const h = crypto.createHash('sha256');
  for (const file of files) {
    h.update(path.relative(root, file).split(path.sep).join('/')).update('\0');
    h.update(fs.readFileSync(file)).update('\0');
  }
  for (const pkg of parserPackages(files)) h.update(pkg).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** The hash of the files `sources` lists, or (sources not shipped: a bundled build) one version per build. */
function versionOf(sources: () => string[]): string {
  try {
    return sourcesVersion(sources());
  } catch {
    return 'built';
  }
}

let memo: string | null = null;

/**
 * Sections cached by stale detection are only as good as the parser that made them: they are
 * keyed by this version, which changes when any file the parser is made of, or a package it loads, changes.
 */
export function parserVersion(): string {
  return (memo ??= versionOf(() => parserSources()));
}

/**
 * What turns a file's bytes into its stored rows, besides the parser (`parserSources`): the reader
 * and the parser threads' entry, the layouts (neutral terms, duplicate YAML keys, keys from
 * frontmatter), the rows and check input made of a parse (db/document-rows.ts,
 * db/check-input.ts) and what they import of server/shared.
 */
const ROW_ENTRIES = [
  path.join(SERVER, 'indexer', 'read.ts'),
  path.join(SERVER, 'indexer', 'worker.ts'),
  path.join(SERVER, '..', 'db', 'document-rows.ts'),
  path.join(SERVER, '..', 'db', 'check-input.ts'),
];
const ROW_FOLDERS = ['indexer', 'layouts', 'shared'].map((f) => path.join(SERVER, f) + path.sep);

/** Every source file between a file's bytes and its stored rows: `parserSources` and the row makers' (ROW_ENTRIES), sorted. */
export function rowSources(): string[] {
  return [...new Set([...parserSources(), ...parserSources(ROW_ENTRIES, ROW_FOLDERS)])].sort();
}

let rowsMemo: string | null = null;

/** A hash of `rowSources` and the packages they load. */
function rowsVersion(): string {
  return (rowsMemo ??= versionOf(rowSources));
}

/** The settings a parse depends on besides the parser's code: the layout and the limits (read.ts, ReaderSettings). */
export interface ParseSettings {
  layout: string;
  maxFileBytes: number;
  maxSections: number;
  maxLineLength: number;
  maxFrontmatterBytes: number;
}

/**
 * What a stored document's rows are only as good as: the code that made them of its bytes (and the
 * packages it loads) and the settings it parsed with. The indexer records it with each run
 * (runs.parse_key) and parses every file again when the last complete run's differs: a document
 * is otherwise parsed again only when its bytes change, so a file over a limit since raised stayed
 * an error, and an upgraded parser's sections were compared with the old one's. The checks' inputs
 * digest holds it too: a run that parsed every file again for it re-checks every pair.
 */
export function parseKey(settings: ParseSettings): string {
  const { layout, maxFileBytes, maxSections, maxLineLength, maxFrontmatterBytes } = settings;
  return crypto
    .createHash('sha256')
    .update(`${rowsVersion()}\0${JSON.stringify([layout, maxFileBytes, maxSections, maxLineLength, maxFrontmatterBytes])}`)
    .digest('hex')
    .slice(0, 16);
}

/** The parse settings of a configuration (what the indexer reads its files with). */
export function parseSettingsOf(config: { layout: { name: string }; limits: Omit<ParseSettings, 'layout'> }): ParseSettings {
  const { maxFileBytes, maxSections, maxLineLength, maxFrontmatterBytes } = config.limits;
  return { layout: config.layout.name, maxFileBytes, maxSections, maxLineLength, maxFrontmatterBytes };
}
