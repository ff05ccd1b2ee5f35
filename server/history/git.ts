import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** One file change in a commit, as `git log --raw` reports it. */
export interface GitChange {
  status: 'A' | 'M' | 'D' | 'R' | 'C' | 'T';
  path: string;
  /** The path before a rename or copy. */
  oldPath: string | null;
  oldBlob: string | null;
  /** The blob after the change; null for deletions. */
  blob: string | null;
}

export interface GitCommit {
  sha: string;
  /** Committer time, seconds since the epoch. */
  time: number;
  changes: GitChange[];
}

export class GitError extends Error {
  override name = 'GitError';
}

const ZERO = /^0+$/;
// Logs of large sites run to tens of megabytes; the default 1 MiB would cut them off.
const MAX_BUFFER = 1024 * 1024 * 1024;

function gitEnv(): NodeJS.ProcessEnv {
  // GIT_NO_LAZY_FETCH (git 2.44+): a partial clone's missing objects are missing, never fetched from the network.
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1', LC_ALL: 'C' };
}

function git(cwd: string, args: string[], input?: string, env: NodeJS.ProcessEnv = gitEnv()): Buffer {
  return gitOutput(args, spawnSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER, env }));
}

function gitOutput(args: string[], r: Pick<SpawnSyncReturns<Buffer>, 'status' | 'stdout' | 'stderr'> & { error?: Error | undefined }): Buffer {
  if (r.error) throw new GitError(`git ${args[0]}: ${r.error.message}`);
  if (r.status !== 0) throw new GitError(`git ${args.join(' ')} failed: ${r.stderr.toString().trim().split('\n')[0] ?? ''}`);
  return r.stdout;
}

/** A git command running while the caller does other work. */
export interface PendingGit {
  /** Its output (as `git` returns it; the same errors), waiting for it if need be. */
  wait(): Buffer;
  /** Not wanted after all: never runs if it has not started, and its output is dropped. */
  discard(): void;
}

/** How long a request may sit unstarted (the thread still starting, or gone) before the main thread runs it itself. */
const UNSTARTED_MS = 2000;

type Reply = { id: number; status: number | null; error: string | null; stdout: Uint8Array | null; stderr: Uint8Array | null };

/** The thread, with a word it sets to 1 as soon as it runs (git-worker.mjs). */
let runner: { worker: Worker; port: MessagePort; alive: Int32Array } | null = null;
/**
 * Cleared when a request sat unstarted for UNSTARTED_MS on a thread that never ran: it failed
 * to start, and its error event cannot arrive while the main thread blocks. From then on git
 * runs in wait(), and requests already queued there are withdrawn at once instead of each
 * waiting again. (A thread that runs but is busy with a long command keeps its place.)
 */
let background = true;
let nextRequest = 0;
/** Replies drained from the port while waiting for another request's. */
const replies = new Map<number, Reply>();
/** Requests whose replies nobody will ask for. */
const discarded = new Set<number>();

/**
 * Starts a git command on a background thread (git-worker.mjs) and returns at once: stale
 * detection's API is synchronous, so this is how a git process and the main thread's own
 * work overlap. `wait()` blocks for the output; a thread that cannot take the request
 * soon enough leaves it to `wait()`, which then runs git itself.
 */
export function gitLater(cwd: string, args: string[], input?: string, env: NodeJS.ProcessEnv = gitEnv()): PendingGit {
  const state = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const id = nextRequest++;
  let r = background ? runner : null;
  try {
    if (!background) throw new Error('no background thread');
    if (!r) {
      const { port1, port2 } = new MessageChannel();
      const alive = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
      const worker = new Worker(new URL('./git-worker.mjs', import.meta.url), { workerData: { port: port2, alive }, transferList: [port2] });
      const current = { worker, port: port1, alive };
      const forget = () => {
        if (runner === current) runner = null;
      };
      worker.on('error', forget);
      worker.on('exit', forget);
      // Neither keeps the process alive: an idle runner simply ends with it.
      worker.unref();
      port1.unref();
      runner = r = current;
    }
    r.port.postMessage({ id, cwd, args, input, env, maxBuffer: MAX_BUFFER, state });
  } catch {
    // No thread: the command runs in wait().
    Atomics.store(state, 0, 3);
  }
  const port = r?.port;
  return {
    wait(): Buffer {
      const started = performance.now();
      // Queued: give the thread a moment to take it, then withdraw it and run git here.
      while (Atomics.load(state, 0) === 0 && background && performance.now() - started < UNSTARTED_MS) Atomics.wait(state, 0, 0, 50);
      const here = () => git(cwd, args, input, env);
      if (Atomics.compareExchange(state, 0, 0, 3) === 0) {
        if (r && Atomics.load(r.alive, 0) === 0 && performance.now() - started >= UNSTARTED_MS) background = false;
        return here();
      }
      if (Atomics.load(state, 0) === 3 || !port) return here();
      while (Atomics.load(state, 0) === 1) Atomics.wait(state, 0, 1);
      drain(port);
      const reply = replies.get(id);
      replies.delete(id);
      if (reply) {
        return gitOutput(args, {
          status: reply.status,
          error: reply.error ? new Error(reply.error) : undefined,
          stdout: reply.stdout ? Buffer.from(reply.stdout.buffer, reply.stdout.byteOffset, reply.stdout.byteLength) : Buffer.alloc(0),
          stderr: reply.stderr ? Buffer.from(reply.stderr.buffer, reply.stderr.byteOffset, reply.stderr.byteLength) : Buffer.alloc(0),
        });
      }
      // The thread said it was done but its answer is lost: ask again, here.
      return here();
    },
    discard(): void {
      if (Atomics.compareExchange(state, 0, 0, 3) === 0 || Atomics.load(state, 0) === 3 || !port) return;
      if (replies.delete(id)) return;
      discarded.add(id);
      drain(port);
    },
  };
}

function drain(port: MessagePort): void {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const reply = m.message as Reply;
    if (!discarded.delete(reply.id)) replies.set(reply.id, reply);
  }
}

/** The work tree's top folder when `dir` is inside a git work tree with at least one commit, else null. */
export function gitToplevel(dir: string): string | null {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel', '--verify', 'HEAD'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.error || r.status !== 0) return null;
  return r.stdout.split('\n')[0]?.trim() || null;
}

export interface LogOptions {
  /** Limit to these paths (relative to the top folder); all files when empty. */
  pathspecs?: string[];
  /** Detect renames (`-M`); only worth its cost on the English side. */
  renames?: boolean;
  /** Follow one file across renames (`--follow`); needs exactly one pathspec. */
  follow?: boolean;
  /** Revision range; HEAD by default. */
  range?: string;
}

/**
 * Reads the first-parent history newest first with every file change and its blobs, in
 * one git process. First parent: a merge counts as one change of the branch, so a file
 * changed on a side branch is dated by the merge that brought it in.
 */
export function readLog(repo: string, options: LogOptions = {}): GitCommit[] {
  return parseLog(git(repo, logArgs(options)).toString('utf8'));
}

/** `readLog` on a background thread: returns at once, `wait()` gives the commits. */
export function readLogLater(repo: string, options: LogOptions = {}): { wait(): GitCommit[]; discard(): void } {
  const pending = gitLater(repo, logArgs(options));
  return { wait: () => parseLog(pending.wait().toString('utf8')), discard: () => pending.discard() };
}

function logArgs(options: LogOptions): string[] {
  const args = ['-c', 'diff.renameLimit=100000', 'log', '--first-parent', '-z', '--raw', '--no-abbrev', '--format=%x01%H %ct'];
  args.push(options.renames || options.follow ? '-M' : '--no-renames');
  if (options.follow) args.push('--follow');
  args.push(options.range ?? 'HEAD', '--');
  if (options.pathspecs?.length) args.push(...options.pathspecs);
  return args;
}

/** Parses `git log -z --raw --format=%x01%H %ct` output. Exported for tests. */
export function parseLog(out: string): GitCommit[] {
  const commits: GitCommit[] = [];
  const tokens = out.split('\0');
  let current: GitCommit | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.replace(/^\n+/, '');
    if (token === '') continue;
    if (token.startsWith('\x01')) {
      const [sha, time] = token.slice(1).split(' ');
      current = { sha: sha!, time: Number(time), changes: [] };
      commits.push(current);
      continue;
    }
    if (!token.startsWith(':') || !current) continue;
    const [, , oldBlob, blob, statusField] = token.slice(1).split(' ');
    const status = (statusField ?? 'M')[0] as GitChange['status'];
    if (status === 'R' || status === 'C') {
      const oldPath = tokens[++i]!;
      const path = tokens[++i]!;
      current.changes.push({ status, path, oldPath, oldBlob: oldBlob ?? null, blob: blob ?? null });
    } else {
      const path = tokens[++i]!;
      current.changes.push({
        status,
        path,
        oldPath: null,
        oldBlob: oldBlob && !ZERO.test(oldBlob) ? oldBlob : null,
        blob: blob && !ZERO.test(blob) && status !== 'D' ? blob : null,
      });
    }
  }
  return commits;
}

/** Full shas of the given (possibly abbreviated) commit names that exist; unknown ones are left out. */
export function resolveCommits(repo: string, names: string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (names.length === 0) return found;
  const out = git(repo, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], names.map((n) => `${n}^{commit}`).join('\n') + '\n').toString('utf8');
  out.split('\n').forEach((line, i) => {
    const name = names[i];
    const [sha, type] = line.split(' ');
    if (name !== undefined && type === 'commit' && sha) found.set(name, sha);
  });
  return found;
}

/**
 * Reads many objects (`<blob sha>` or `<commit>:<path>`) in one `git cat-file --batch`
 * process. Missing objects map to null.
 */
export function catFiles(repo: string, specs: string[]): Map<string, Buffer | null> {
  const unique = [...new Set(specs)];
  for (const s of unique) if (s.includes('\n')) throw new GitError(`Object name with a line break: ${JSON.stringify(s)}`);
  try {
    return catFilesOnce(repo, unique);
  } catch (err) {
    // A partial clone (`--filter=blob:none`) whose promisor remote cannot be reached: git before
    // 2.44 tries to fetch a missing blob and cat-file dies. Ask again for the objects the clone has.
    if (!(err instanceof GitError)) throw err;
    let present: Set<string>;
    try {
      present = new Set(git(repo, ['cat-file', '--batch-check=%(objectname)', '--batch-all-objects']).toString('utf8').split('\n'));
    } catch {
      throw err;
    }
    const local = unique.filter((s) => present.has(s));
    const result = local.length > 0 ? catFilesOnce(repo, local) : new Map<string, Buffer | null>();
    for (const s of unique) if (!result.has(s)) result.set(s, null);
    return result;
  }
}

function catFilesOnce(repo: string, unique: string[]): Map<string, Buffer | null> {
  if (unique.length === 0) return new Map();
  return parseBatch(git(repo, ['cat-file', '--batch'], unique.join('\n') + '\n'), unique);
}

/**
 * `catFiles` with git running in the background until `wait()`. Any failure (a partial
 * clone's missing objects among them) is left to `catFiles` itself, in `wait()`.
 */
export function catFilesLater(repo: string, specs: string[]): { wait(): Map<string, Buffer | null> } {
  const unique = [...new Set(specs)];
  if (unique.length === 0 || unique.some((s) => s.includes('\n'))) return { wait: () => catFiles(repo, specs) };
  const pending = gitLater(repo, ['cat-file', '--batch'], unique.join('\n') + '\n');
  return {
    wait: () => {
      try {
        return parseBatch(pending.wait(), unique);
      } catch (err) {
        if (!(err instanceof GitError)) throw err;
        return catFiles(repo, specs);
      }
    },
  };
}

/** Splits `git cat-file --batch` output into the objects asked for, in order. */
function parseBatch(out: Buffer, unique: string[]): Map<string, Buffer | null> {
  const result = new Map<string, Buffer | null>();
  let pos = 0;
  for (const spec of unique) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) throw new GitError('git cat-file --batch: output ended early');
    const header = out.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      result.set(spec, null);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    if (!Number.isFinite(size)) throw new GitError(`git cat-file --batch: bad header "${header}"`);
    result.set(spec, out.subarray(pos, pos + size));
    pos += size + 1;
  }
  return result;
}

/** Object names of `<commit>:<path>` (or any) specs in one `cat-file --batch-check`; missing ones map to null. */
export function objectNames(repo: string, specs: string[]): Map<string, string | null> {
  const unique = [...new Set(specs)].filter((s) => !s.includes('\n'));
  const found = new Map<string, string | null>();
  if (unique.length === 0) return found;
  const out = git(repo, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], unique.join('\n') + '\n')
    .toString('utf8')
    .split('\n');
  unique.forEach((spec, i) => {
    const [sha, type] = (out[i] ?? '').split(' ');
    found.set(spec, sha && type && type !== 'missing' && /^[0-9a-f]{40,64}$/.test(sha) ? sha : null);
  });
  return found;
}

/**
 * Tracked files under `pathspecs` whose work-tree content differs from HEAD (uncommitted
 * edits), relative to the top folder, in one `git diff`. Empty for a bare repository.
 */
export function modifiedPaths(repo: string, pathspecs: string[]): Set<string> {
  try {
    const out = git(repo, ['diff', '--no-renames', '--name-only', '-z', 'HEAD', '--', ...pathspecs]).toString('utf8');
    return new Set(out.split('\0').filter(Boolean));
  } catch {
    return new Set();
  }
}

/**
 * Translations moved in the work tree without changing their content, as the next commit
 * would record them: each new path (of `added`, relative to the top folder) whose content
 * equals the HEAD version of a file under `pathspecs` that is gone from the index or the
 * work tree, mapped to that old path. A new path's content is its staged blob (`git mv`;
 * edits not staged are uncommitted edits like any other), or for a file git does not track
 * yet (a plain `mv`), its work-tree bytes. `sameSide(old, new)` says whether an old path
 * may be a new one's (the same locale). At most three git processes for the whole site,
 * whatever the number of files; empty when nothing was moved.
 */
export function workTreeMoves(
  repo: string,
  added: string[],
  pathspecs: string[],
  sameSide: (oldPath: string, newPath: string) => boolean,
): Map<string, string> {
  const moves = new Map<string, string>();
  if (added.length === 0) return moves;
  let staged: GitChange[];
  let unstaged: GitChange[];
  try {
    staged = parseRaw(git(repo, ['diff-index', '--cached', '-z', '--raw', '--no-abbrev', '--no-renames', 'HEAD', '--', ...pathspecs]));
    unstaged = parseRaw(git(repo, ['diff-files', '-z', '--raw', '--no-abbrev', '--', ...pathspecs]));
  } catch {
    return moves;
  }
  // Old paths: deleted from the index (git rm, git mv), or still in it unchanged and gone from the work tree (rm, mv).
  const headBlob = new Map<string, string>();
  const changedInIndex = new Set<string>();
  for (const c of staged) {
    changedInIndex.add(c.path);
    if (c.status === 'D' && c.oldBlob) headBlob.set(c.path, c.oldBlob);
  }
  for (const c of unstaged) if (c.status === 'D' && c.oldBlob && !changedInIndex.has(c.path)) headBlob.set(c.path, c.oldBlob);
  if (headBlob.size === 0) return moves;
  const oldByBlob = new Map<string, string[]>();
  for (const [p, blob] of headBlob) {
    const list = oldByBlob.get(blob);
    if (list) list.push(p);
    else oldByBlob.set(blob, [p]);
  }
  const stagedBlob = new Map<string, string>();
  for (const c of staged) if (c.status === 'A' && c.blob) stagedBlob.set(c.path, c.blob);
  const wanted = [...new Set(added)];
  const untracked = wanted.filter((p) => !stagedBlob.has(p) && !p.includes('\n'));
  const contentOf = new Map(stagedBlob);
  if (untracked.length > 0) {
    // The blob a `git add` would make of each file (filters such as autocrlf applied), in one process.
    let hashes: string[];
    try {
      hashes = git(repo, ['hash-object', '--stdin-paths'], untracked.join('\n') + '\n')
        .toString('utf8')
        .split('\n');
    } catch {
      hashes = [];
    }
    untracked.forEach((p, i) => {
      const h = hashes[i]?.trim();
      if (h) contentOf.set(p, h);
    });
  }
  for (const p of wanted) {
    const blob = contentOf.get(p);
    const old = blob ? oldByBlob.get(blob)?.find((o) => o !== p && sameSide(o, p)) : undefined;
    if (old) moves.set(p, old);
  }
  return moves;
}

/** Parses `git diff-index` / `diff-files -z --raw --no-abbrev` output (one commit's changes in the log's format). */
function parseRaw(out: Buffer): GitChange[] {
  return parseLog(`\x01- 0\0${out.toString('utf8')}`)[0]?.changes ?? [];
}

/** Parent shas of each commit, from its object (one `cat-file --batch`). */
export function parentsOf(repo: string, shas: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [sha, body] of catFiles(repo, shas)) {
    if (!body) continue;
    const head = body.toString('utf8', 0, Math.min(body.length, 4096)).split('\n\n')[0] ?? '';
    out.set(
      sha,
      [...head.matchAll(/^parent ([0-9a-f]+)$/gm)].map((m) => m[1]!),
    );
  }
  return out;
}

/**
 * Whether `sha` starts the history this clone has: a root commit, or a shallow clone's
 * boundary (its parent is not here). A file that commit adds may be older than it.
 */
export function startsHistory(repo: string, sha: string): boolean {
  const found = catFiles(repo, [sha, `${sha}^1`]);
  return found.get(sha) !== null && found.get(`${sha}^1`) == null;
}

/** A git repository that holds the English source in another repository than the site (MDN's mdn/content). */
export interface SourceRepository {
  /** Folder git commands run in: the work tree's top folder, or the bare git directory. */
  top: string;
  bare: boolean;
  /** Commits whose parents the clone does not have (`.git/shallow`); empty for full clones. */
  shallow: Set<string>;
}

/** Opens `dir` as a work tree (any folder inside one) or a bare git directory with a HEAD commit; null when it is neither. */
export function openSourceRepository(dir: string): SourceRepository | null {
  const r = spawnSync('git', ['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--git-path', 'shallow', '--verify', 'HEAD'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
  });
  if (r.error || r.status !== 0) return null;
  const [bare, shallow, shallowFile] = r.stdout.split('\n').map((l) => l.trim());
  const top = bare === 'true' ? dir : gitToplevel(dir);
  if (!top) return null;
  const boundary = new Set<string>();
  if (shallow === 'true' && shallowFile) {
    try {
      for (const line of readFileSync(isAbsolute(shallowFile) ? shallowFile : join(dir, shallowFile), 'utf8').split('\n'))
        if (line.trim()) boundary.add(line.trim());
    } catch {
      /* a shallow repository without its list: no commit is known to be a boundary */
    }
  }
  return { top, bare: bare === 'true', shallow: boundary };
}
