import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Db } from '../../db/index.ts';
import { HistoryLogRepository } from '../../db/repositories/history.ts';
import { git, parseLog, readRawLog } from './git.ts';
import { GitHistory } from './git-history.ts';

const deflate = promisify(zlib.deflateRaw);
const inflate = promisify(zlib.inflateRaw);

/**
 * The first-parent history of `top` under `pathspecs`, read incrementally: the log the last
 * run read is kept in the index with the HEAD it was read at (`history_logs`).
 * - HEAD did not move: the kept log, and no `git log` at all (one `rev-parse`).
 * - HEAD moved forward along its first-parent line: only `git log <last>..HEAD`, put in front
 *   of the kept log. That is the whole first-parent log exactly when the last head is on
 *   HEAD's first-parent line, which one `rev-list` of the new commits shows.
 * - Otherwise (a branch switch, a rebase, a reset back, a last head git no longer has): a full read.
 * The history is a function of the commits alone, so the kept log is as good as a fresh read.
 */
export async function readHistory(db: Db, top: string, pathspecs: string[], options: { keep?: boolean } = {}): Promise<GitHistory> {
  const key = JSON.stringify(pathspecs);
  const head = (await git(top, ['rev-parse', '--verify', 'HEAD'])).toString('utf8').trim();
  const repo = logRepository(db);
  const kept = repo?.entry(top, key);
  if (kept?.head === head) return new GitHistory(top, parseLog((await inflate(kept.log)).toString('utf8')));
  let raw: Buffer | null = null;
  if (kept && (await onFirstParentLine(top, kept.head, head))) {
    const [added, old] = await Promise.all([readRawLog(top, { pathspecs, range: `${kept.head}..${head}` }), inflate(kept.log)]);
    raw = Buffer.concat([added, Buffer.from([0]), old]);
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
 * Whether `last` is on HEAD's first-parent line (then the kept log is the older part of
 * HEAD's), from the list of commits on that line after it; false when git does not know it.
 */
async function onFirstParentLine(top: string, last: string, head: string): Promise<boolean> {
  let out: string;
  try {
    out = (await git(top, ['rev-list', '--first-parent', '--parents', `${last}..${head}`])).toString('utf8');
  } catch {
    return false;
  }
  const lines = out.split('\n').filter(Boolean);
  // Oldest last: its first parent must be the last head.
  return lines[lines.length - 1]?.split(' ')[1] === last;
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
