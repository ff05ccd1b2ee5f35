// The walk itself, in plain JavaScript so that the walk thread (walk-thread.mjs) runs it without
// a TypeScript loader (tsx's start-up in a thread costs more than the walk saves) and the main
// thread's `walkFiles` (walk.ts) runs the very same code. Types: walk-core.d.mts.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The regular files under `root`'s `folders` (relative, posix; a missing one is no problem) that
 * `classify` accepts (all of them when it is null: the caller classifies), with their size and
 * mtime, sorted by path, as parallel arrays; and the walk's problems in the order met. Symbolic
 * links are not followed; an unreadable folder is a problem, not an error. A problem marked
 * `classified: false` (a symbolic link or an unstat-able file, when `classify` is null) counts
 * only if the caller's classify accepts its path, as the walk with a classify reports only those.
 */
export function walkTree(root, folders, classify) {
  const rels = [];
  const infos = [];
  const sizes = [];
  const mtimes = [];
  const problems = [];
  const stack = [];
  for (const folder of folders) {
    const reached = startFolder(root, folder);
    if (reached === 'link') problems.push({ relPath: folder, message: 'Symbolic link not followed', classified: true });
    else if (reached) stack.unshift(folder);
  }
  while (stack.length > 0) {
    const rel = stack.pop();
    let entries;
    const dir = rel ? `${root}${path.sep}${rel.replaceAll('/', path.sep)}` : root;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (rel === '' && err.code === 'ENOENT') continue;
      problems.push({ relPath: rel, message: `Cannot read folder: ${err.code ?? err.message}`, classified: true });
      continue;
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') stack.push(childRel);
      } else if (e.isSymbolicLink()) {
        if (classify === null) problems.push({ relPath: childRel, message: 'Symbolic link not followed', classified: false });
        else if (classify(childRel) !== null) problems.push({ relPath: childRel, message: 'Symbolic link not followed', classified: true });
      } else if (e.isFile()) {
        let info = null;
        if (classify !== null) {
          info = classify(childRel);
          if (info === null) continue;
        }
        try {
          const st = fs.statSync(`${dir}${path.sep}${e.name}`);
          rels.push(childRel);
          infos.push(info);
          sizes.push(st.size);
          mtimes.push(st.mtimeMs);
        } catch (err) {
          problems.push({ relPath: childRel, message: `Cannot stat file: ${err.code ?? err.message}`, classified: classify !== null });
        }
      }
    }
  }
  const order = rels.map((_, i) => i);
  order.sort((a, b) => (rels[a] < rels[b] ? -1 : rels[a] > rels[b] ? 1 : 0));
  return {
    rels: order.map((i) => rels[i]),
    infos: order.map((i) => infos[i]),
    sizes: order.map((i) => sizes[i]),
    mtimes: order.map((i) => mtimes[i]),
    problems,
  };
}

/**
 * Whether a start folder can be walked as the walk would have reached it from the root: true
 * for a real folder, 'link' when it or a folder above it is a symbolic link (never followed),
 * false when it is missing or not a folder (nothing to index there). The root itself is taken
 * as given.
 */
function startFolder(root, rel) {
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
