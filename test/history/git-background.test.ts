import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { GitError, gitLater, readLog, readLogLater } from '../../server/history/git.ts';
import { commitAll, git, tempDir, write } from './helpers.ts';

// git on the background thread gives what git on the main thread gives, errors included,
// and requests that overlap or are dropped do not mix up their answers.
let root: string;

beforeAll(() => {
  root = tempDir('l10n-git-background-');
  git(root, ['init', '-q', '-b', 'main']);
  for (let i = 0; i < 3; i++) {
    write(root, `content/page-${i}.md`, `# Page ${i}\n`);
    commitAll(root, `page ${i}`, `2021-01-0${i + 1}T12:00:00Z`);
  }
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('git in the background', () => {
  it('reads the same log as the main thread', () => {
    expect(readLogLater(root, { pathspecs: ['content'] }).wait()).toEqual(readLog(root, { pathspecs: ['content'] }));
  });

  it('answers overlapping requests each with its own output, input included', () => {
    const head = git(root, ['rev-parse', 'HEAD']);
    const dropped = gitLater(root, ['log', '--format=%H']);
    const a = gitLater(root, ['rev-parse', 'HEAD']);
    const b = gitLater(root, ['cat-file', '--batch-check=%(objecttype)'], `${head}\n`);
    dropped.discard();
    expect(b.wait().toString().trim()).toBe('commit');
    expect(a.wait().toString().trim()).toBe(head);
  });

  it('throws GitError when git fails', () => {
    expect(() => gitLater(root, ['rev-parse', '--verify', 'no-such-branch']).wait()).toThrow(GitError);
  });
});
