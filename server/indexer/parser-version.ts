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
export function parserSources(entry = PARSE_ENTRY, folders = PARSER_FOLDERS): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
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

/** A hash of the parser's sources (name and bytes of each file of parserSources). */
export function sourcesVersion(files: string[], root = SERVER): string {
  const h = crypto.createHash('sha256');
  for (const file of files) {
    h.update(path.relative(root, file).split(path.sep).join('/')).update('\0');
    h.update(fs.readFileSync(file)).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

let memo: string | null = null;

/**
 * Sections cached by stale detection are only as good as the parser that made them: they are
 * keyed by this version, which changes when any file the parser is made of changes.
 */
export function parserVersion(): string {
  if (memo === null) {
    try {
      memo = sourcesVersion(parserSources());
    } catch {
      // Sources not shipped (a bundled build): one version per build.
      memo = 'built';
    }
  }
  return memo;
}
