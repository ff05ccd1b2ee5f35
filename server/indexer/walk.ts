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

/** What `statFiles` found for one of the paths it was given. */
export type StatOutcome<T> =
  /** A regular file the walk would list, with its stat. */
  | { state: 'file'; file: WalkedFile<T> }
  /** The walk would not list it (missing, under a folder it does not enter, not a regular file, or `classify` refused it). */
  | { state: 'absent'; relPath: string; problem?: WalkProblem }
  /** A folder: what is under it is unknown without a walk. */
  | { state: 'folder'; relPath: string };

/**
 * What `walkFiles(root, classify, folders)` would say of each of `relPaths` (relative to `root`,
 * posix), without walking: a stat of the file and of the folders above it (a symbolic link on
 * the way is not followed, as the walk follows none; a folder whose name starts with `.`, or
 * `node_modules`, is never entered); a path outside `folders` gets no answer. For a server that
 * knows which files changed.
 */
export function statFiles<T>(root: string, classify: (relPath: string) => T | null, folders: readonly string[], relPaths: Iterable<string>): StatOutcome<T>[] {
  const out: StatOutcome<T>[] = [];
  const folderState = new Map<string, boolean | 'link'>();
  /** Whether the walk enters folder `rel` (every folder on the way is a real, non-hidden one). */
  const entered = (rel: string): boolean | 'link' => {
    const known = folderState.get(rel);
    if (known !== undefined) return known;
    const cut = rel.lastIndexOf('/');
    const name = rel.slice(cut + 1);
    let state: boolean | 'link';
    if (name.startsWith('.') || name === 'node_modules') state = false;
    else {
      const parent = cut < 0 ? true : entered(rel.slice(0, cut));
      if (parent !== true) state = parent;
      else {
        const st = fs.lstatSync(`${root}${path.sep}${rel.replaceAll('/', path.sep)}`, { throwIfNoEntry: false });
        state = !st ? false : st.isSymbolicLink() ? 'link' : st.isDirectory();
      }
    }
    folderState.set(rel, state);
    return state;
  };
  for (const relPath of relPaths) {
    // Outside the walked folders (another locale's files under English's root): nothing to say.
    if (!folders.some((f) => f === '' || relPath.startsWith(`${f}/`))) continue;
    const cut = relPath.lastIndexOf('/');
    const parent = cut < 0 ? true : entered(relPath.slice(0, cut));
    if (parent !== true) {
      out.push({ state: 'absent', relPath });
      continue;
    }
    const absPath = `${root}${path.sep}${relPath.replaceAll('/', path.sep)}`;
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(absPath, { throwIfNoEntry: false });
    } catch (err) {
      out.push({
        state: 'absent',
        relPath,
        problem: { relPath, message: `Cannot stat file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` },
      });
      continue;
    }
    if (st?.isDirectory()) {
      out.push({ state: 'folder', relPath });
      continue;
    }
    const info = st && (st.isFile() || st.isSymbolicLink()) ? classify(relPath) : null;
    if (!st || info === null) out.push({ state: 'absent', relPath });
    else if (st.isSymbolicLink()) out.push({ state: 'absent', relPath, problem: { relPath, message: 'Symbolic link not followed' } });
    else out.push({ state: 'file', file: { absPath, relPath, size: st.size, mtimeMs: st.mtimeMs, info } });
  }
  return out;
}
