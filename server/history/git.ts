import { spawn } from 'node:child_process';
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

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

function gitEnv(): NodeJS.ProcessEnv {
  // GIT_NO_LAZY_FETCH (git 2.44+): a partial clone's missing objects are missing, never fetched from the network.
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1', LC_ALL: 'C' };
}

/**
 * Runs git as a child process and collects its output as it streams in: the event loop stays
 * free meanwhile, so several git processes and the caller's own work overlap without a thread
 * (stale detection is resolved before the checks' write transaction, asynchronously).
 */
export function git(cwd: string, args: string[], input?: string, env: NodeJS.ProcessEnv = gitEnv()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (e) => reject(new GitError(`git ${args[0]}: ${e.message}`)));
    child.on('close', (status) => {
      if (status === 0) resolve(out.length === 1 ? out[0]! : Buffer.concat(out));
      else reject(new GitError(`git ${args.join(' ')} failed: ${Buffer.concat(err).toString().trim().split('\n')[0] ?? ''}`));
    });
    // A command that exits before reading all of its input (a bad revision) closes the pipe: its status says why.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Gives the event loop a turn: output of git processes running meanwhile is read, so their pipes never fill up. */
export function yieldToGit(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * False only when git could not find a repository from `dir`: no `GIT_DIR` or `GIT_WORK_TREE` in
 * the environment, and neither `dir` (as resolved, links followed, as git sees its working folder)
 * nor any folder above it holds a `.git` entry or a `HEAD` (a bare repository). A few stats where
 * a `git rev-parse` process cost ~10-30 ms of CPU on every run of a site that is no repository.
 * Conservative: whatever git would find, this says true for.
 */
export function mayBeInGitRepository(dir: string): boolean {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return true;
  let at: string;
  try {
    at = realpathSync.native(dir);
  } catch {
    // A missing folder: git cannot run there either.
    return false;
  }
  for (;;) {
    if (present(join(at, '.git')) || present(join(at, 'HEAD'))) return true;
    const up = dirname(at);
    if (up === at) return false;
    at = up;
  }
}

/** Whether something is at `p` (a folder git may not read counts as there: git would try it). */
function present(p: string): boolean {
  try {
    return lstatSync(p, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

/** The work tree's top folder when `dir` is inside a git work tree with at least one commit, else null. */
export async function gitToplevel(dir: string): Promise<string | null> {
  if (!mayBeInGitRepository(dir)) return null;
  try {
    const out = await git(dir, ['rev-parse', '--show-toplevel', '--verify', 'HEAD'], undefined, { ...process.env, LC_ALL: 'C' });
    return out.toString('utf8').split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
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
export async function readLog(repo: string, options: LogOptions = {}): Promise<GitCommit[]> {
  return parseLog((await readRawLog(repo, options)).toString('utf8'));
}

/** `git log` output as `parseLog` reads it (kept as it is by the history cache, history/log-cache.ts). */
export function readRawLog(repo: string, options: LogOptions & { parents?: boolean } = {}): Promise<Buffer> {
  return git(repo, logArgs(options));
}

function logArgs(options: LogOptions & { parents?: boolean }): string[] {
  const format = options.parents ? '--format=%x01%H %ct %P' : '--format=%x01%H %ct';
  const args = ['-c', 'diff.renameLimit=100000', 'log', '--first-parent', '-z', '--raw', '--no-abbrev', format];
  args.push(options.renames || options.follow ? '-M' : '--no-renames');
  if (options.follow) args.push('--follow');
  args.push(options.range ?? 'HEAD', '--');
  if (options.pathspecs?.length) args.push(...options.pathspecs);
  return args;
}

/** Parses `git log -z --raw --format=%x01%H %ct` output. Exported for tests. */
export function parseLog(out: string, parents?: Map<string, string[]>): GitCommit[] {
  return walkLog(out, parents).commits;
}

/**
 * Where each commit's record starts in `git log -z --raw` output (a string offset), as
 * `parseLog` reads the records: a part of the output from one of these is the log of the
 * commits from that one on.
 */
export function logRecords(out: string): { sha: string; start: number }[] {
  const { commits, starts } = walkLog(out);
  return commits.map((c, i) => ({ sha: c.sha, start: starts[i]! }));
}

function walkLog(out: string, parents?: Map<string, string[]>): { commits: GitCommit[]; starts: number[] } {
  const commits: GitCommit[] = [];
  const starts: number[] = [];
  let current: GitCommit | null = null;
  let pos = 0;
  const next = (): string => {
    let end = out.indexOf('\0', pos);
    if (end < 0) end = out.length;
    const token = out.slice(pos, end);
    pos = end + 1;
    return token;
  };
  while (pos < out.length) {
    const start = pos;
    const token = next().replace(/^\n+/, '');
    if (token === '') continue;
    if (token.startsWith('\x01')) {
      const [sha, time, ...parentShas] = token.slice(1).split(' ');
      current = { sha: sha!, time: Number(time), changes: [] };
      parents?.set(sha!, parentShas);
      commits.push(current);
      starts.push(start);
      continue;
    }
    if (!token.startsWith(':') || !current) continue;
    const [, , oldBlob, blob, statusField] = token.slice(1).split(' ');
    const status = (statusField ?? 'M')[0] as GitChange['status'];
    if (status === 'R' || status === 'C') {
      const oldPath = next();
      const path = next();
      current.changes.push({ status, path, oldPath, oldBlob: oldBlob ?? null, blob: blob ?? null });
    } else {
      const path = next();
      current.changes.push({
        status,
        path,
        oldPath: null,
        oldBlob: oldBlob && !ZERO.test(oldBlob) ? oldBlob : null,
        blob: blob && !ZERO.test(blob) && status !== 'D' ? blob : null,
      });
    }
  }
  return { commits, starts };
}

/** Full shas of the given (possibly abbreviated) commit names that exist; unknown ones are left out. */
export async function resolveCommits(repo: string, names: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (names.length === 0) return found;
  const out = (await git(repo, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], names.map((n) => `${n}^{commit}`).join('\n') + '\n')).toString(
    'utf8',
  );
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
export async function catFiles(repo: string, specs: string[]): Promise<Map<string, Buffer | null>> {
  const unique = [...new Set(specs)];
  for (const s of unique) if (s.includes('\n')) throw new GitError(`Object name with a line break: ${JSON.stringify(s)}`);
  try {
    return await catFilesOnce(repo, unique);
  } catch (err) {
    // A partial clone (`--filter=blob:none`) whose promisor remote cannot be reached: git before
    // 2.44 tries to fetch a missing blob and cat-file dies. Ask again for the objects the clone has.
    if (!(err instanceof GitError)) throw err;
    let present: Set<string>;
    try {
      present = new Set((await git(repo, ['cat-file', '--batch-check=%(objectname)', '--batch-all-objects'])).toString('utf8').split('\n'));
    } catch {
      throw err;
    }
    const local = unique.filter((s) => present.has(s));
    const result = local.length > 0 ? await catFilesOnce(repo, local) : new Map<string, Buffer | null>();
    for (const s of unique) if (!result.has(s)) result.set(s, null);
    return result;
  }
}

async function catFilesOnce(repo: string, unique: string[]): Promise<Map<string, Buffer | null>> {
  if (unique.length === 0) return new Map();
  return parseBatch(await git(repo, ['cat-file', '--batch'], unique.join('\n') + '\n'), unique);
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
export async function objectNames(repo: string, specs: string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(specs)].filter((s) => !s.includes('\n'));
  const found = new Map<string, string | null>();
  if (unique.length === 0) return found;
  const out = (await git(repo, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], unique.join('\n') + '\n')).toString('utf8').split('\n');
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
export async function modifiedPaths(repo: string, pathspecs: string[]): Promise<Set<string>> {
  try {
    const out = (await git(repo, ['diff', '--no-renames', '--name-only', '-z', 'HEAD', '--', ...pathspecs])).toString('utf8');
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
export async function workTreeMoves(
  repo: string,
  added: string[],
  pathspecs: string[],
  sameSide: (oldPath: string, newPath: string) => boolean,
): Promise<Map<string, string>> {
  const moves = new Map<string, string>();
  if (added.length === 0) return moves;
  let staged: GitChange[];
  let unstaged: GitChange[];
  try {
    [staged, unstaged] = (
      await Promise.all([
        git(repo, ['diff-index', '--cached', '-z', '--raw', '--no-abbrev', '--no-renames', 'HEAD', '--', ...pathspecs]),
        git(repo, ['diff-files', '-z', '--raw', '--no-abbrev', '--', ...pathspecs]),
      ])
    ).map(parseRaw) as [GitChange[], GitChange[]];
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
      hashes = (await git(repo, ['hash-object', '--stdin-paths'], untracked.join('\n') + '\n')).toString('utf8').split('\n');
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
export async function parentsOf(repo: string, shas: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const [sha, body] of await catFiles(repo, shas)) {
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
export async function startsHistory(repo: string, sha: string): Promise<boolean> {
  const found = await catFiles(repo, [sha, `${sha}^1`]);
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
export async function openSourceRepository(dir: string): Promise<SourceRepository | null> {
  let stdout: string;
  try {
    const args = ['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--git-path', 'shallow', '--verify', 'HEAD'];
    stdout = (await git(dir, args, undefined, { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' })).toString('utf8');
  } catch {
    return null;
  }
  const [bare, shallow, shallowFile] = stdout.split('\n').map((l) => l.trim());
  const top = bare === 'true' ? dir : await gitToplevel(dir);
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
