import fs from 'node:fs';
import path from 'node:path';
import { structuredPatch } from 'diff';
import type { FilePlan, FixPlan } from './plan.ts';

/**
 * A file's change as a git patch (`git apply` takes it at the translations' root): text
 * edits as unified-diff hunks made by the `diff` package, moves as renames, leftover copies
 * as deletions.
 */
export function filePatch(p: FilePlan): string {
  const from = p.path;
  const to = p.moveTo ?? p.path;
  const mode = fileMode(path.join(p.pathRoot, p.path));
  const head = [`diff --git a/${from} b/${to}`];
  if (p.delete) head.push(`deleted file mode ${mode}`);
  // A pure rename says so (git's own form); a rename with edits leaves the similarity out, which git apply does not need.
  else if (p.moveTo) head.push(...(p.after === p.before ? ['similarity index 100%'] : []), `rename from ${from}`, `rename to ${to}`);
  const after = p.delete ? '' : p.after;
  if (after === p.before) return head.join('\n') + '\n';
  const patch = structuredPatch(`a/${from}`, p.delete ? '/dev/null' : `b/${to}`, p.before, after, undefined, undefined, { context: 3 });
  const out = [...head, `--- a/${from}`, `+++ ${p.delete ? '/dev/null' : `b/${to}`}`];
  for (const h of patch.hunks) {
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    out.push(`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`, ...h.lines);
  }
  return out.join('\n') + '\n';
}

/** Every file's patch, in path order. */
export function planPatch(plan: FixPlan): string {
  return plan.files.map(filePatch).join('');
}

/** A patch coloured for a terminal: headers bold, removed lines red, added lines green, hunk heads cyan. */
export function colourPatch(patch: string): string {
  return patch
    .split('\n')
    .map((l) => {
      if (/^(diff --git|--- |\+\+\+ |rename |deleted file|similarity index)/.test(l)) return `\x1b[1m${l}\x1b[0m`;
      if (l.startsWith('@@')) return `\x1b[36m${l}\x1b[0m`;
      if (l.startsWith('-')) return `\x1b[31m${l}\x1b[0m`;
      if (l.startsWith('+')) return `\x1b[32m${l}\x1b[0m`;
      return l;
    })
    .join('\n');
}

function fileMode(abs: string): string {
  try {
    return (fs.statSync(abs).mode & 0o111) !== 0 ? '100755' : '100644';
  } catch {
    return '100644';
  }
}
