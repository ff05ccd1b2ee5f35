import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FilePlan, FixPlan } from './plan.ts';

export interface ApplySummary {
  written: number;
  moved: number;
  deleted: number;
  /** Whether moves and deletions went through git (the translations live in a git work tree). */
  git: boolean;
}

/**
 * Writes a plan: edited text over the file (its mode and everything outside the edits kept),
 * moves staged as `git mv` stages them and deletions with `git rm` when the file is tracked in a
 * git work tree, plain renames and unlinks otherwise. The edits stay unstaged, for review.
 */
export function applyPlan(plan: FixPlan): ApplySummary {
  const summary: ApplySummary = { written: 0, moved: 0, deleted: 0, git: false };
  const byRoot = new Map<string, FilePlan[]>();
  for (const f of plan.files) byRoot.set(f.pathRoot, [...(byRoot.get(f.pathRoot) ?? []), f]);
  for (const [root, files] of byRoot) {
    const tracked = trackedFiles(root);
    if (tracked) summary.git = true;
    const git = (args: string[]) => execFileSync('git', ['-C', root, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    // One `git rm` for all tracked deletions (a locale can have hundreds of leftover copies).
    const gitDeletes = files.filter((f) => f.delete && tracked?.has(f.path)).map((f) => f.path);
    for (let i = 0; i < gitDeletes.length; i += 200) git(['rm', '-q', '--', ...gitDeletes.slice(i, i + 200)]);
    const staged: string[] = [];
    for (const f of files) {
      if (f.delete) {
        if (!tracked?.has(f.path)) fs.rmSync(path.join(root, f.path));
        summary.deleted++;
      } else if (f.moveTo) {
        const to = path.join(root, f.moveTo);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.renameSync(path.join(root, f.path), to);
        if (tracked?.has(f.path)) staged.push(f.path, f.moveTo);
        summary.moved++;
      }
    }
    // What `git mv` does, for every move at once: the old path's removal and the new path staged
    // (one index write instead of one per file; git status shows each as a rename).
    for (let i = 0; i < staged.length; i += 200) git(['add', '-A', '--', ...staged.slice(i, i + 200)]);
    for (const f of files) {
      if (f.delete || f.after === f.before) continue;
      fs.writeFileSync(path.join(root, f.moveTo ?? f.path), f.after);
      summary.written++;
    }
  }
  return summary;
}

/** Paths git tracks under `root` (relative to it, posix), or null when it is no git work tree. */
function trackedFiles(root: string): Set<string> | null {
  try {
    const out = execFileSync('git', ['-C', root, 'ls-files', '-z', '--full-name', '.'], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }).toString(
      'utf8',
    );
    const top = execFileSync('git', ['-C', root, 'rev-parse', '--show-toplevel'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString('utf8')
      .trim();
    const prefix = path.relative(fs.realpathSync(top), fs.realpathSync(root)).split(path.sep).join('/');
    const set = new Set<string>();
    for (const p of out.split('\0')) {
      if (!p) continue;
      if (!prefix) set.add(p);
      else if (p.startsWith(prefix + '/')) set.add(p.slice(prefix.length + 1));
    }
    return set;
  } catch {
    return null;
  }
}
