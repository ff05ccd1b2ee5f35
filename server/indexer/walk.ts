import fs from 'node:fs';
import path from 'node:path';

export interface WalkedFile {
  absPath: string;
  /** Path relative to the walk root, posix separators. */
  relPath: string;
  size: number;
  mtimeMs: number;
}

export interface WalkProblem {
  relPath: string;
  message: string;
}

/**
 * Lists regular files under a folder with their stat. Symbolic links are not followed
 * (a link loop cannot trap the walk); unreadable folders are reported, not fatal.
 */
export function walkFiles(root: string, accept: (relPath: string) => boolean): { files: WalkedFile[]; problems: WalkProblem[] } {
  const files: WalkedFile[] = [];
  const problems: WalkProblem[] = [];
  const stack: string[] = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let entries: fs.Dirent[];
    const dir = rel ? `${root}${path.sep}${rel}` : root;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (rel === '' && (err as NodeJS.ErrnoException).code === 'ENOENT') return { files, problems };
      problems.push({ relPath: rel, message: `Cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      continue;
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') stack.push(childRel);
      } else if (e.isSymbolicLink()) {
        if (accept(childRel)) problems.push({ relPath: childRel, message: 'Symbolic link not followed' });
      } else if (e.isFile() && accept(childRel)) {
        const absPath = `${dir}${path.sep}${e.name}`;
        try {
          const st = fs.statSync(absPath);
          files.push({ absPath, relPath: childRel, size: st.size, mtimeMs: st.mtimeMs });
        } catch (err) {
          problems.push({ relPath: childRel, message: `Cannot stat file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        }
      }
    }
  }
  files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  return { files, problems };
}
