import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { catFiles, git as runGit, GitError, readLog } from '../../server/history/git.ts';
import { commitAll, git, tempDir, write } from './helpers.ts';

// git as asynchronous child processes (stale detection before the checks' transaction):
// overlapping commands each get their own output, input included; output far larger than a
// pipe's buffer arrives whole; a failing command is a GitError.
let root: string;

beforeAll(() => {
  root = tempDir('l10n-git-async-');
  git(root, ['init', '-q', '-b', 'main']);
  for (let i = 0; i < 3; i++) {
    write(root, `content/page-${i}.md`, `# Page ${i}\n\n${'Some text. '.repeat(i === 2 ? 40_000 : 1)}\n`);
    commitAll(root, `page ${i}`, `2021-01-0${i + 1}T12:00:00Z`);
  }
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('git as async child processes', () => {
  it('answers overlapping commands each with its own output, input included', async () => {
    const head = git(root, ['rev-parse', 'HEAD']);
    const [log, rev, check] = await Promise.all([
      readLog(root, { pathspecs: ['content'] }),
      runGit(root, ['rev-parse', 'HEAD']),
      runGit(root, ['cat-file', '--batch-check=%(objecttype)'], `${head}\n`),
    ]);
    expect(log.map((c) => c.changes.map((ch) => ch.path))).toEqual([['content/page-2.md'], ['content/page-1.md'], ['content/page-0.md']]);
    expect(rev.toString().trim()).toBe(head);
    expect(check.toString().trim()).toBe('commit');
  });

  it('reads an object far larger than a pipe buffer whole', async () => {
    const blob = git(root, ['rev-parse', 'HEAD:content/page-2.md']);
    const bytes = (await catFiles(root, [blob])).get(blob)!;
    expect(bytes.length).toBe(fs.statSync(`${root}/content/page-2.md`).size);
    expect(bytes.length).toBeGreaterThan(400_000);
  });

  it('throws GitError when git fails', async () => {
    await expect(runGit(root, ['rev-parse', '--verify', 'no-such-branch'])).rejects.toThrow(GitError);
  });
});
