import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Db } from '../../db/index.ts';
import { HistoryLogRepository } from '../../db/repositories/history.ts';
import { git, logRecords, parseLog, readRawLog } from './git.ts';
import { GitHistory } from './git-history.ts';

const deflate = promisify(zlib.deflateRaw);
const inflate = promisify(zlib.inflateRaw);

/**
 * The first-parent history of `top` under `pathspecs`, read incrementally: the log the last
 * run read is kept in the index with the HEAD it was read at (`history_logs`).
 * - HEAD did not move: the kept log, and no `git log` at all (one `rev-parse`).
 * - HEAD moved anywhere else: the log of a commit is the log of any commit on its first-parent
 *   line followed by what came after it, so HEAD's log is the kept log's part from the fork
 *   point (the newest commit of HEAD's first-parent line that is on the kept head's) down, after
 *   `git log <fork>..HEAD`. Forward (new commits): the fork is the last head, only the new
 *   commits are read. Backward (a checkout of an older commit of the line): HEAD is the fork,
 *   the kept log loses its newer part and no `git log` runs. Sideways (a rebase, a branch that
 *   left the line): the commits since the fork. Two `rev-list`s of first-parent lines find it.
 * - No fork point (a last head git no longer has, unrelated lines, or one that meets the kept
 *   line only through a merge's second parent): a full read.
 * The history is a function of the commits alone, so the kept log is as good as a fresh read.
 */
export async function readHistory(db: Db, top: string, pathspecs: string[], options: { keep?: boolean } = {}): Promise<GitHistory> {
  const key = JSON.stringify(pathspecs);
  const head = (await git(top, ['rev-parse', '--verify', 'HEAD'])).toString('utf8').trim();
  const repo = logRepository(db);
  const kept = repo?.entry(top, key);
  if (kept?.head === head) return new GitHistory(top, parseLog((await inflate(kept.log)).toString('utf8')));
  let raw: Buffer | null = null;
  const fork = kept ? await forkPoint(top, kept.head, head) : null;
  if (kept && fork) {
    const [added, old] = await Promise.all([
      fork.ahead ? readRawLog(top, { pathspecs, range: `${fork.sha}..${head}` }) : Promise.resolve(null),
      inflate(kept.log),
    ]);
    const older = fork.newer.size > 0 ? withoutNewest(old, fork.newer) : old;
    raw = added ? Buffer.concat([added, Buffer.from([0]), older]) : older;
  }
  raw ??= await readRawLog(top, { pathspecs, range: head });
  const history = new GitHistory(top, parseLog(raw.toString('utf8')));
  // One article's English diff reads the kept log but leaves keeping it to check runs (which hold the write lock anyway).
  if (!repo || options.keep === false) return history;
  const stored = await deflate(raw, { level: 1 });
  try {
    repo.save(top, key, head, stored);
  } catch (err) {
    // A read-only database (a reader process) simply does not keep it.
    if ((err as { code?: string }).code !== 'SQLITE_READONLY') throw err;
  }
  return history;
}

/**
 * Where HEAD's first-parent line meets the line of the last head `last`: `sha`, the newest
 * commit on both; `ahead`, whether HEAD has commits of its own after it (which the kept log
 * lacks); `newer`, the commits of the last head's line after it (which HEAD's log lacks).
 * Null when there is no such commit or git does not know the last head.
 */
async function forkPoint(top: string, last: string, head: string): Promise<{ sha: string; ahead: boolean; newer: Set<string> } | null> {
  // HEAD's line down to the first commit the last head reaches (any parent), oldest last.
  const ahead = await firstParentLine(top, last, head);
  if (!ahead) return null;
  let sha = head;
  if (ahead.length > 0) {
    const parent = ahead[ahead.length - 1]![1];
    // The line's first commit is not reachable from the last head: the histories share nothing.
    if (parent === undefined) return null;
    sha = parent;
  }
  if (sha === last) return { sha, ahead: ahead.length > 0, newer: new Set() };
  // That commit must be on the last head's own first-parent line, not only reachable through a merge.
  const newer = await firstParentLine(top, sha, last);
  if (!newer || newer.length === 0 || newer[newer.length - 1]![1] !== sha) return null;
  return { sha, ahead: ahead.length > 0, newer: new Set(newer.map((c) => c[0]!)) };
}

/** `git rev-list --first-parent --parents from..to`: each commit with its parents, newest first; null when git fails. */
async function firstParentLine(top: string, from: string, to: string): Promise<string[][] | null> {
  try {
    const out = (await git(top, ['rev-list', '--first-parent', '--parents', `${from}..${to}`])).toString('utf8');
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' '));
  } catch {
    return null;
  }
}

/**
 * A kept log without the commits of `drop`, which are its newest ones (the last head's line
 * after the fork point): its part from the first commit that is not one of them. The records
 * are found as `parseLog` reads them.
 */
function withoutNewest(raw: Buffer, drop: ReadonlySet<string>): Buffer {
  const text = raw.toString('utf8');
  const from = logRecords(text).find((r) => !drop.has(r.sha));
  return from === undefined ? Buffer.alloc(0) : Buffer.from(text.slice(from.start), 'utf8');
}

/** The kept logs, or null in a database opened read-only from before they were kept (every read is full). */
function logRepository(db: Db): HistoryLogRepository | null {
  try {
    return new HistoryLogRepository(db);
  } catch (err) {
    if (/no such table/.test((err as Error).message)) return null;
    throw err;
  }
}
