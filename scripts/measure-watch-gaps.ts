/**
 * The gaps between the watcher's events while `git checkout` rewrites a site: what `serve --watch`'s
 * quiet time (server/watch/follow.ts: QUIET_MS) must exceed for a branch switch to be one run.
 *
 *   git clone -q ../shared/corpora/kubernetes-website-2025.bundle /tmp/k8s-gaps
 *   npx tsx scripts/measure-watch-gaps.ts --root /tmp/k8s-gaps --layout hugo [--back 10,50,200]
 *
 * Checks out HEAD~N and back for each N in a clone of your own (it moves HEAD; it returns to it).
 *
 *   npx tsx scripts/measure-watch-gaps.ts --root SITE_COPY --layout github-docs --editor REL_PATH [--saves 10]
 *
 * What one editor save looks like to the watcher instead: REL_PATH (a file of a site copy of your
 * own; it is restored) saved by real editors in child processes: vim (a backup renamed aside and
 * the file written anew, vim's default), vim with `backupcopy=yes` (written in place), `sed -i`
 * (a temp file renamed over it, as "safe write" editors do) and a truncate-and-write (as VS Code
 * saves); each save's events, their span and largest gap, and the time to the first event.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../server/config.ts';
import { watchSite } from '../server/watch/site-watcher.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    layout: { type: 'string', default: 'hugo' },
    back: { type: 'string', default: '10,50,200' },
    editor: { type: 'string' },
    saves: { type: 'string', default: '10' },
  },
});
if (!values.root) {
  process.stderr.write('usage: measure-watch-gaps.ts --root GIT_CLONE [--layout hugo] [--back 10,50,200]\n');
  process.exit(2);
}
const root = path.resolve(values.root);
const config = resolveConfig({ layout: values.layout }, root, null, { root, db: path.join(root, '.l10n-drift', 'gaps.db') });
if (values.editor) {
  await measureEditorSaves(values.editor, Number(values.saves));
  process.exit(0);
}
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const head = git('rev-parse', 'HEAD');
try {
  for (const n of values.back!.split(',').map(Number)) {
    const times: number[] = [];
    const watcher = watchSite(config, () => times.push(performance.now()));
    try {
      for (const rev of [`${head}~${n}`, head]) {
        times.length = 0;
        git('checkout', '-q', rev);
        await new Promise((r) => setTimeout(r, 1500));
        const gaps = times
          .slice(1)
          .map((t, i) => t - times[i]!)
          .sort((a, b) => b - a);
        process.stdout.write(
          `${rev === head ? 'back to HEAD' : `HEAD~${n}`}: ${times.length} events over ${times.length ? (times.at(-1)! - times[0]!).toFixed(0) : 0} ms, largest gaps ${gaps
            .slice(0, 5)
            .map((g) => g.toFixed(1))
            .join(', ')} ms\n`,
        );
      }
    } finally {
      watcher.close();
    }
  }
} finally {
  git('checkout', '-q', head);
}

/** Saves `rel` with each editor `saves` times (one at a time, 400 ms apart) and prints what the watcher saw of each save. */
async function measureEditorSaves(rel: string, saves: number): Promise<void> {
  const file = path.join(root, rel);
  const original = fs.readFileSync(file);
  const line = (i: number) => `edited ${i}`;
  const editors: [string, (i: number) => string[]][] = [
    ['vim (backup renamed aside, written anew)', (i) => ['vim', '-u', 'NONE', '-N', '-es', '-c', `call append(line('$'), '${line(i)}')`, '-c', 'wq', file]],
    [
      'vim backupcopy=yes (in place)',
      (i) => ['vim', '-u', 'NONE', '-N', '-es', '-c', 'set backupcopy=yes', '-c', `call append(line('$'), '${line(i)}')`, '-c', 'wq', file],
    ],
    ['sed -i (temp file renamed over it)', (i) => ['sed', '-i', `$a ${line(i)}`, file]],
    ['truncate and write', (i) => [process.execPath, '-e', `require('fs').appendFileSync(${JSON.stringify(file)}, '${line(i)}\\n')`]],
  ];
  const times: number[] = [];
  const watcher = watchSite(config, (p) => {
    if (p === rel) times.push(performance.now());
  });
  try {
    for (const [name, command] of editors) {
      const spans: number[] = [];
      const gaps: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i < saves; i++) {
        times.length = 0;
        const [cmd, ...args] = command(i);
        execFileSync(cmd!, args, { stdio: 'ignore' });
        await new Promise((r) => setTimeout(r, 400));
        if (times.length === 0) throw new Error(`${name}: no event for ${rel}`);
        counts.push(times.length);
        spans.push(times.at(-1)! - times[0]!);
        gaps.push(Math.max(0, ...times.slice(1).map((t, j) => t - times[j]!)));
      }
      const range = (xs: number[], digits = 1) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
      process.stdout.write(`${name}: ${range(counts, 0)} events a save, span ${range(spans)} ms, largest gap ${range(gaps)} ms (${saves} saves)\n`);
    }
  } finally {
    watcher.close();
    fs.writeFileSync(file, original);
  }
}
