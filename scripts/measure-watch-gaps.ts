/**
 * The gaps between the watcher's events while `git checkout` rewrites a site: what `serve --watch`'s
 * quiet time (server/watch/follow.ts: QUIET_MS) must exceed for a branch switch to be one run.
 *
 *   git clone -q ../shared/corpora/kubernetes-website-2025.bundle /tmp/k8s-gaps
 *   npx tsx scripts/measure-watch-gaps.ts --root /tmp/k8s-gaps --layout hugo [--back 10,50,200]
 *
 * Checks out HEAD~N and back for each N in a clone of your own (it moves HEAD; it returns to it).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../server/config.ts';
import { watchSite } from '../server/watch/site-watcher.ts';

const { values } = parseArgs({
  options: { root: { type: 'string' }, layout: { type: 'string', default: 'hugo' }, back: { type: 'string', default: '10,50,200' } },
});
if (!values.root) {
  process.stderr.write('usage: measure-watch-gaps.ts --root GIT_CLONE [--layout hugo] [--back 10,50,200]\n');
  process.exit(2);
}
const root = path.resolve(values.root);
const config = resolveConfig({ layout: values.layout }, root, null, { root, db: path.join(root, '.l10n-drift', 'gaps.db') });
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
