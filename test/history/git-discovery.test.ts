import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gitToplevel, mayBeInGitRepository } from '../../server/history/git.ts';
import { commitAll, git, tempDir, write } from './helpers.ts';

// A run skips `git rev-parse` where git could find no repository (a few stats instead of a
// process). Each case is checked against git itself: where mayBeInGitRepository says false, git
// must find nothing there; where git finds a repository, it must say true.
let base: string;

/** Whether git, run in `dir` with this environment, finds a repository. */
function gitFinds(dir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    execFileSync('git', ['rev-parse', '--git-dir'], { cwd: dir, env, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  base = tempDir('l10n-git-discovery-');
  write(base, 'plain/site/content/a.md', '# A\n');
  write(base, 'repo/content/deep/b.md', '# B\n');
  git(path.join(base, 'repo'), ['init', '-q', '-b', 'main']);
  commitAll(path.join(base, 'repo'), 'b', '2021-01-01T12:00:00Z');
  git(path.join(base, 'repo'), ['worktree', 'add', '-q', path.join(base, 'linked'), '-b', 'other']);
  git(base, ['init', '-q', '--bare', path.join(base, 'bare.git')]);
  fs.symlinkSync(path.join(base, 'repo', 'content'), path.join(base, 'plain', 'link-into-repo'));
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('mayBeInGitRepository', () => {
  it('says false for a folder with no repository above it, where git finds none either, and gitToplevel answers null', async () => {
    const dir = path.join(base, 'plain', 'site', 'content');
    // The temporary folder itself under a repository (unusual): git finds it, and so must the check.
    expect(mayBeInGitRepository(dir)).toBe(gitFinds(dir));
    if (!gitFinds(dir)) expect(await gitToplevel(dir)).toBeNull();
    expect(mayBeInGitRepository(path.join(base, 'missing'))).toBe(false);
  });

  it('says true inside a work tree, a linked work tree (a .git file), a bare repository and through a link into a repository', async () => {
    const cases = [
      path.join(base, 'repo', 'content', 'deep'),
      path.join(base, 'linked', 'content'),
      path.join(base, 'bare.git'),
      path.join(base, 'plain', 'link-into-repo', 'deep'),
    ];
    for (const dir of cases) {
      expect(gitFinds(dir), dir).toBe(true);
      expect(mayBeInGitRepository(dir), dir).toBe(true);
    }
    expect(await gitToplevel(path.join(base, 'plain', 'link-into-repo', 'deep'))).toBe(fs.realpathSync(path.join(base, 'repo')));
    expect(await gitToplevel(path.join(base, 'linked', 'content'))).toBe(fs.realpathSync(path.join(base, 'linked')));
  });

  it('says true anywhere when GIT_DIR names a repository, as git then uses it', () => {
    const dir = path.join(base, 'plain', 'site');
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = path.join(base, 'repo', '.git');
    try {
      expect(gitFinds(dir)).toBe(true);
      expect(mayBeInGitRepository(dir)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });
});
