import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/index.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import type { Config } from '../../server/config.ts';
import { resolveBases } from '../../server/history/bases.ts';
import { englishChanges } from '../../server/history/diff.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { commitAll, git, openTempDb, page, siteConfig, staleSite, tempDir, write, type StaleSite } from './helpers.ts';

// Incremental history (#18): every git process stale detection starts is recorded here, so the
// test sees which `git log` ranges a run reads.
const spawned = vi.hoisted(() => [] as string[][]);
vi.mock('node:child_process', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:child_process')>();
  const spawn = ((command: string, args: readonly string[], options: object) => {
    if (command === 'git') spawned.push([...args]);
    return real.spawn(command, args, options);
  }) as typeof real.spawn;
  return { ...real, spawn, default: { ...real, spawn } };
});

/** The revision each `git log` of the run read (the argument before `--`). */
const logRanges = () => spawned.filter((a) => a.includes('log')).map((a) => a[a.indexOf('--') - 1]);

let root: string;
let db: Db;
let config: Config;
let clock = Date.parse('2021-03-01T00:00:00Z');

/** An index run with the checks, as `l10n-drift index` runs it; the git processes it started. */
async function indexRun(d: Db = db, c: Config = config): Promise<string[][]> {
  spawned.length = 0;
  await indexSite({
    config: c,
    db: d,
    now: () => new Date((clock += 1000)),
    afterIndex: async ({ db: tx, runId, now }) => void (await runChecksWithBases(tx, c, runId, now)),
  });
  return [...spawned];
}

/** The bases a database made from scratch on the same checkout resolves. */
async function freshBases(): Promise<Awaited<ReturnType<typeof resolveBases>>> {
  const dir = tempDir('l10n-incr-fresh-');
  const fresh = openTempDb(dir);
  try {
    const c = siteConfig(root, fresh.file);
    await indexRun(fresh.db, c);
    return await resolveBases(fresh.db, c);
  } finally {
    fresh.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let site: StaleSite;
beforeAll(() => {
  site = staleSite('l10n-incr-history', { readme: true });
  ({ root, db, config } = site);
});

afterAll(() => site.remove());

describe('incremental history', () => {
  let head: string;

  it('the first run reads the whole log once', async () => {
    await indexRun();
    head = git(root, ['rev-parse', 'HEAD']);
    expect(logRanges()).toEqual([head]);
    expect((await resolveBases(db, config)).get('ja-JP\0alpha')).toMatchObject({ source: 'git', commitsBehind: 1 });
  });

  it('a run with no new commit starts no git log at all', async () => {
    const calls = await indexRun();
    expect(calls.length).toBeGreaterThan(0);
    expect(logRanges()).toEqual([]);
    expect(calls.some((a) => a[0] === 'rev-list')).toBe(false);
  });

  it('after one new commit only that commit is read, and the bases are those of a fresh index', async () => {
    write(root, 'content/beta.md', page('beta', 'Intro.\n\n## Overview\n\nThe beta page explains one thing better.'));
    const next = commitAll(root, 'English beta changes', '2021-01-04T12:00:00Z');
    await indexRun();
    expect(logRanges()).toEqual([`${head}..${next}`]);
    const bases = await resolveBases(db, config);
    expect(bases.get('ja-JP\0beta')).toMatchObject({ source: 'git', commitsBehind: 1 });
    expect(bases.get('ja-JP\0alpha')).toMatchObject({ source: 'git', commitsBehind: 1 });
    expect(bases).toEqual(await freshBases());
    head = next;
  });

  it('after a rebase only the commits since the fork point are read, and the kept log loses the ones left behind', async () => {
    git(root, ['reset', '-q', '--hard', 'HEAD~1']);
    const fork = git(root, ['rev-parse', 'HEAD']);
    write(root, 'content/gamma.md', page('gamma', 'Intro.\n\n## Overview\n\nThe gamma page, rewritten.'));
    write(root, 'translations/ja-JP/content/alpha.md', page('alpha', '紹介。\n\n## 概要\n\nalpha のページです。もう一つ。'));
    const rebased = commitAll(root, 'Another line of history', '2021-01-05T12:00:00Z');
    await indexRun();
    expect(logRanges()).toEqual([`${fork}..${rebased}`]);
    const bases = await resolveBases(db, config);
    expect(bases.get('ja-JP\0beta')).toMatchObject({ source: 'git', commitsBehind: 0 });
    expect(bases.get('ja-JP\0alpha')).toMatchObject({ source: 'git', commitsBehind: 0 });
    expect(bases.get('ja-JP\0gamma')).toMatchObject({ source: 'git', commitsBehind: 1 });
    expect(bases).toEqual(await freshBases());
    head = rebased;
  });

  it('a checkout of an older commit of the line starts no git log, with the bases of a fresh index', async () => {
    const newest = head;
    git(root, ['checkout', '-q', '-b', 'older', 'HEAD~2']);
    head = git(root, ['rev-parse', 'HEAD']);
    await indexRun();
    expect(logRanges()).toEqual([]);
    const bases = await resolveBases(db, config);
    expect(bases).toEqual(await freshBases());
    // The translation of alpha was changed in a commit this checkout does not have.
    expect(bases.get('ja-JP\0alpha')).toMatchObject({ source: 'git', commitsBehind: 0, ref: head });
    // Back to the newest commit: only the commits after this one are read.
    git(root, ['checkout', '-q', 'main']);
    await indexRun();
    expect(logRanges()).toEqual([`${head}..${newest}`]);
    expect(await resolveBases(db, config)).toEqual(await freshBases());
    git(root, ['checkout', '-q', 'older']);
    await indexRun();
    expect(logRanges()).toEqual([]);
  });

  it("one article's English diff reads only the commits since the last run's log, and leaves keeping the log to check runs", async () => {
    write(root, 'content/gamma.md', page('gamma', 'Intro.\n\n## Overview\n\nThe gamma page explains one thing, with more words.'));
    const next = commitAll(root, 'English gamma changes', '2021-01-06T12:00:00Z');
    for (let i = 0; i < 2; i++) {
      spawned.length = 0;
      expect(await englishChanges(db, config, 'ja-JP', 'gamma')).not.toBeNull();
      expect(logRanges()).toEqual([`${head}..${next}`]);
    }
  });

  it('a history that shares no commit with the kept one (an orphan branch) is read whole', async () => {
    git(root, ['checkout', '-q', '--orphan', 'unrelated']);
    const orphan = commitAll(root, 'The same files, no history', '2021-01-07T12:00:00Z');
    await indexRun();
    expect(logRanges()).toEqual([orphan]);
    expect(await resolveBases(db, config)).toEqual(await freshBases());
  });

  it('a head whose line meets the kept one only through a merge is read whole', async () => {
    const orphan = git(root, ['rev-parse', 'HEAD']);
    // The orphan branch merges main: its line is the orphan commit and the merge; main's commits come in as the second parent.
    git(root, ['merge', '-q', '--allow-unrelated-histories', '-s', 'ours', '-m', 'Merge main', 'main'], '2021-01-08T12:00:00Z');
    const merge = git(root, ['rev-parse', 'HEAD']);
    await indexRun();
    expect(logRanges()).toEqual([`${orphan}..${merge}`]);
    expect(await resolveBases(db, config)).toEqual(await freshBases());
    // main is reachable from the merge, but not on its first-parent line: its log is no part of the kept one.
    git(root, ['checkout', '-q', 'main']);
    await indexRun();
    expect(logRanges()).toEqual([git(root, ['rev-parse', 'HEAD'])]);
    expect(await resolveBases(db, config)).toEqual(await freshBases());
  });
});
