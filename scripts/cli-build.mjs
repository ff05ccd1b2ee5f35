// Whether the compiled CLI (dist/cli, built by scripts/build-cli.mjs) may run: only while every
// source file it was built from has the mtime and size it had at the build. Plain .mjs, no
// imports beyond Node's: it runs before any loader, on every start of the command.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILT_CLI = path.join(ROOT, 'dist', 'cli', 'cli.js');

/** Null when the build is usable, else why not (no build, or the first source changed since it). */
export function staleReason(root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(root, 'dist', 'cli', 'manifest.json'), 'utf8'));
  } catch {
    return 'no build (npm install, or node scripts/build-cli.mjs, builds it)';
  }
  for (const [file, mtimeMs, size] of manifest.inputs) {
    const s = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    if (!s || s.mtimeMs !== mtimeMs || s.size !== size) return `${file} changed since the build`;
  }
  return null;
}
