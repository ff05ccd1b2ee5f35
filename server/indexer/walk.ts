import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { walkTree, type CoreProblem } from './walk-core.mjs';

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
 * trap the walk); unreadable folders are reported, not fatal. Classify runs before the stat: a
 * file it refuses costs none.
 */
export function walkFiles<T>(
  root: string,
  classify: (relPath: string) => T | null,
  folders: readonly string[] = [''],
): { files: WalkedFile<T>[]; problems: WalkProblem[] } {
  const walk = walkTree(root, folders, classify);
  const files: WalkedFile<T>[] = walk.rels.map((relPath, i) => ({
    absPath: absolute(root, relPath),
    relPath,
    size: walk.sizes[i]!,
    mtimeMs: walk.mtimes[i]!,
    info: walk.infos[i]!,
  }));
  return { files, problems: walk.problems.map(({ relPath, message }) => ({ relPath, message })) };
}

/** A walk the walk thread made, not yet classified: paths (sorted), sizes, mtimes, problems. */
export interface RawWalk {
  rels: string[];
  sizes: Float64Array;
  mtimes: Float64Array;
  problems: CoreProblem[];
}

/** One root and its folders, for `startWalkThread`. */
export interface WalkRequest {
  root: string;
  folders: readonly string[];
}

interface ThreadMessage {
  index: number;
  rels: string;
  count: number;
  numbers: Float64Array;
  problems: CoreProblem[];
}

/** A walk of several roots shared by a walk thread and the thread that started it (`startWalkThread`). */
export interface SharedWalk {
  /**
   * Takes the next root nobody walks yet, for the caller to walk itself (`walkFiles`): its index
   * in the list, or null when every root is taken. The thread takes roots from the same counter.
   */
  claim(): number | null;
  /** The walk of root `i` (one the caller did not claim), once the thread has sent it. */
  walkOf(i: number): Promise<RawWalk>;
  /**
   * Settles when the thread has ended: rejects when it failed (could not load, threw, was
   * stopped), even where the caller walked every root itself, so a broken thread is never silent.
   */
  finished(): Promise<void>;
  /** Lets go of the walks the thread sent (every path of them): once the caller has taken them all. */
  release(): void;
  /** Ends the thread (a run that failed before it needed the walk). */
  stop(): void;
}

/**
 * Walks `walks` in a thread of its own (walk-thread.mjs) while the caller goes on (the indexer
 * loads its stored state meanwhile); once free, the caller walks the roots the thread has not
 * started (`claim`), so on two free cores both walk. `classifyWalk` of the thread's walk gives
 * exactly what `walkFiles` gives.
 */
export function startWalkThread(walks: readonly WalkRequest[]): SharedWalk {
  // The next root to take, for both threads.
  const next = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./walk-thread.mjs', import.meta.url), {
    workerData: { walks: walks.map((w) => ({ root: w.root, folders: [...w.folders] })), next },
  });
  const waiting = walks.map(() => {
    let resolve!: (w: RawWalk) => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<RawWalk>((res, rej) => ((resolve = res), (reject = rej)));
    // A run that throws before it awaits a walk leaves no unhandled rejection behind.
    promise.catch(() => {});
    return { promise, resolve, reject };
  });
  // Settling a settled promise does nothing: only the walks not yet received fail.
  const failAll = (err: Error) => {
    for (const w of waiting) w.reject(err);
  };
  worker.on('message', (m: ThreadMessage) => {
    const rels = m.count === 0 ? [] : m.rels.split('\0');
    waiting[m.index]!.resolve({ rels, sizes: m.numbers.subarray(0, m.count), mtimes: m.numbers.subarray(m.count), problems: m.problems });
  });
  let failure: Error | null = null;
  const finished = new Promise<void>((resolve, reject) => {
    worker.on('error', (err) => {
      failure ??= err;
      failAll(err);
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`The walk thread exited with code ${code}`);
      failAll(failure ?? new Error('The walk thread ended before it walked every folder'));
      if (failure) reject(failure);
      else resolve();
    });
  });
  finished.catch(() => {});
  return {
    claim: () => {
      const i = Atomics.add(next, 0, 1);
      return i < walks.length ? i : null;
    },
    walkOf: (i) => waiting[i]!.promise,
    finished: () => finished,
    release: () => void (waiting.length = 0),
    stop: () => void worker.terminate(),
  };
}

/**
 * A walk of one root, on either thread: paths (sorted), sizes, mtimes, and what classify said of
 * each path when the walk ran it (`infos`; null when the walk thread walked: `forEachFile` then
 * classifies). Parallel arrays: no object per file until the caller makes one.
 */
export interface Walk<T> {
  rels: string[];
  infos: (T | null)[] | null;
  sizes: ArrayLike<number>;
  mtimes: ArrayLike<number>;
  problems: CoreProblem[];
}

/** `walkFiles`'s walk as parallel arrays (classify runs before each stat). */
export function walkHere<T>(root: string, classify: (relPath: string) => T | null, folders: readonly string[] = ['']): Walk<T> {
  return walkTree(root, folders, classify);
}

/** Each file of `walk` that classify accepts, in path order, with what it said. */
export function forEachFile<T>(
  walk: Walk<T>,
  classify: (relPath: string) => T | null,
  each: (relPath: string, size: number, mtimeMs: number, info: T) => void,
): void {
  const { rels, infos, sizes, mtimes } = walk;
  for (let i = 0; i < rels.length; i++) {
    const info = infos ? infos[i]! : classify(rels[i]!);
    if (info !== null) each(rels[i]!, sizes[i]!, mtimes[i]!, info);
  }
}

/** The walk's problems, as `walkFiles` reports them (on a link or an unstat-able file only where classify accepts the path). */
export function walkProblems<T>(walk: Walk<T>, classify: (relPath: string) => T | null): WalkProblem[] {
  const problems: WalkProblem[] = [];
  for (const p of walk.problems) if (p.classified || classify(p.relPath) !== null) problems.push({ relPath: p.relPath, message: p.message });
  return problems;
}

/** What `walkFiles(root, classify, folders)` gives, from the walk thread's walk of `root` and `folders`. */
export function classifyWalk<T>(root: string, raw: RawWalk, classify: (relPath: string) => T | null): { files: WalkedFile<T>[]; problems: WalkProblem[] } {
  const files: WalkedFile<T>[] = [];
  forEachFile<T>({ ...raw, infos: null }, classify, (relPath, size, mtimeMs, info) =>
    files.push({ absPath: absolute(root, relPath), relPath, size, mtimeMs, info }),
  );
  return { files, problems: walkProblems<T>({ ...raw, infos: null }, classify) };
}

/** A walked file's absolute path: its root and its path under it. */
export function absolute(root: string, relPath: string): string {
  return `${root}${path.sep}${path.sep === '/' ? relPath : relPath.replaceAll('/', path.sep)}`;
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
