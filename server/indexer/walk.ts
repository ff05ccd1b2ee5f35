import fs from 'node:fs';
import path from 'node:path';

export interface WalkedFile<T> {
  absPath: string;
  /** Path relative to the walk root, posix separators. */
  relPath: string;
  size: number;
  mtimeMs: number;
  /** What `classify` said of the file. */
  info: T;
}

export interface WalkProblem {
  relPath: string;
  message: string;
}

/**
 * Lists the regular files under a folder that `classify` accepts (a non-null answer), with
 * their stat, sorted by path. Only `folders` (relative, posix; default the whole folder) are
 * walked, and a missing one is no problem. Symbolic links are not followed (a link loop cannot
 * trap the walk); unreadable folders are reported, not fatal.
 */
export function walkFiles<T>(
  root: string,
  classify: (relPath: string) => T | null,
  folders: readonly string[] = [''],
): { files: WalkedFile<T>[]; problems: WalkProblem[] } {
  const files: WalkedFile<T>[] = [];
  const problems: WalkProblem[] = [];
  const stack: string[] = [];
  for (const folder of folders) {
    const reached = startFolder(root, folder);
    if (reached === 'link') problems.push({ relPath: folder, message: 'Symbolic link not followed' });
    else if (reached) stack.unshift(folder);
  }
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let entries: fs.Dirent[];
    const dir = rel ? `${root}${path.sep}${rel.replaceAll('/', path.sep)}` : root;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (rel === '' && (err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      problems.push({ relPath: rel, message: `Cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      continue;
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') stack.push(childRel);
      } else if (e.isSymbolicLink()) {
        if (classify(childRel) !== null) problems.push({ relPath: childRel, message: 'Symbolic link not followed' });
      } else if (e.isFile()) {
        const info = classify(childRel);
        if (info === null) continue;
        const absPath = `${dir}${path.sep}${e.name}`;
        try {
          const st = fs.statSync(absPath);
          files.push({ absPath, relPath: childRel, size: st.size, mtimeMs: st.mtimeMs, info });
        } catch (err) {
          problems.push({ relPath: childRel, message: `Cannot stat file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        }
      }
    }
  }
  files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  return { files, problems };
}

/**
 * Whether a start folder can be walked as the walk would have reached it from the root: true
 * for a real folder, 'link' when it or a folder above it is a symbolic link (never followed),
 * false when it is missing or not a folder (nothing to index there). The root itself is taken
 * as given.
 */
function startFolder(root: string, rel: string): boolean | 'link' {
  let dir = root;
  for (const segment of rel === '' ? [] : rel.split('/')) {
    dir = `${dir}${path.sep}${segment}`;
    const st = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (!st) return false;
    if (st.isSymbolicLink()) return 'link';
    if (!st.isDirectory()) return false;
  }
  return true;
}
