/**
 * `node --expose-gc --import tsx scripts/measure-watchers.ts <node|folders|chokidar> <copy of a github-docs site> [chokidar dir]`:
 * how the `serve --watch` watcher was chosen (server/watch/site-watcher.ts). One watcher per process:
 * setup time, longest event-loop block, memory, inotify watches, latency of 20 saves, bursts of
 * writes (one folder; 1,000 files over the tree), an edit after an atomic save and after git's
 * unlink + create, and pages in a new folder. It EDITS the site (and restores it): pass a copy.
 * chokidar is not a dependency: `npm install --prefix /tmp/watchbench chokidar@5`, then pass
 * /tmp/watchbench/node_modules/chokidar.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../server/config.ts';
import { watchSite } from '../server/watch/site-watcher.ts';

const [mode, rootArg, chokidarDir] = process.argv.slice(2);
if (!mode || !rootArg || !['node', 'folders', 'chokidar'].includes(mode) || typeof global.gc !== 'function') {
  process.stderr.write('usage: node --expose-gc --import tsx scripts/measure-watchers.ts <node|folders|chokidar> <site copy> [chokidar dir]\n');
  process.exit(2);
}
const root = path.resolve(rootArg);
const gc = global.gc;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function inotifyWatches(): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (!fs.readlinkSync(`/proc/self/fd/${fd}`).includes('inotify')) continue;
      n += fs
        .readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      /* closed meanwhile */
    }
  }
  return n;
}

const seen = new Map<string, number>();
let events = 0;
const onPath = (abs: string) => {
  events++;
  if (!seen.has(abs)) seen.set(abs, performance.now());
};

gc();
const base = process.memoryUsage();
let lastTick = performance.now();
let maxGap = 0;
const ticker = setInterval(() => {
  const t = performance.now();
  maxGap = Math.max(maxGap, t - lastTick);
  lastTick = t;
}, 5);
const t0 = performance.now();
let close: () => unknown;
if (mode === 'node') {
  const w = fs.watch(root, { recursive: true }, (_type, name) => onPath(path.join(root, name ?? '')));
  close = () => w.close();
} else if (mode === 'folders') {
  const w = watchSite(resolveConfig({}, root, null, { root }), (rel) => onPath(path.join(root, rel)));
  close = () => w.close();
} else {
  type Chokidar = { on(ev: string, fn: (p: string) => void): void; once(ev: string, fn: () => void): void; close(): Promise<void> };
  const { watch } = (await import(path.resolve(chokidarDir ?? 'node_modules/chokidar', 'index.js'))) as { watch: (root: string, o: object) => Chokidar };
  const w = watch(root, { ignoreInitial: true, ignored: (p: string) => /(^|\/)\.git(\/|$)/.test(p) });
  for (const ev of ['add', 'change', 'unlink', 'addDir', 'unlinkDir']) w.on(ev, (p) => onPath(path.resolve(p)));
  await new Promise<void>((r) => w.once('ready', r));
  close = () => w.close();
}
const out: Record<string, unknown> = { mode, setupMs: Math.round(performance.now() - t0) };
await sleep(50);
clearInterval(ticker);
gc();
const mem = process.memoryUsage();
Object.assign(out, {
  maxLoopBlockMs: Math.round(maxGap),
  rssMB: Math.round((mem.rss - base.rss) / 1e6),
  heapMB: Math.round((mem.heapUsed - base.heapUsed) / 1e6),
  inotifyWatches: inotifyWatches(),
});
await sleep(500);

async function waitFor(paths: string[], ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end && !paths.every((p) => seen.has(p))) await sleep(2);
}

const ja = path.join(root, 'translations/ja-JP/content/github/site-policy');
const target = path.join(ja, 'github-terms-of-service.md');
const original = fs.readFileSync(target);
const latency: number[] = [];
let lost = 0;
for (let i = 0; i < 20; i++) {
  seen.clear();
  const t = performance.now();
  fs.writeFileSync(target, Buffer.concat([original, Buffer.from(`\n<!-- ${i} -->\n`)]));
  await waitFor([target], 2000);
  if (seen.has(target)) latency.push(seen.get(target)! - t);
  else lost++;
  await sleep(30);
}
fs.writeFileSync(target, original);
Object.assign(out, { latencyMedianMs: +median(latency).toFixed(2), latencyMaxMs: +Math.max(...latency).toFixed(2), savesWithoutEvent: lost });

async function burst(files: string[], label: string) {
  await sleep(300);
  seen.clear();
  events = 0;
  const originals = files.map((f) => fs.readFileSync(f));
  const t = performance.now();
  files.forEach((f, i) => fs.writeFileSync(f, Buffer.concat([originals[i]!, Buffer.from('\n')])));
  await waitFor(files, 3000);
  const missed = files.filter((f) => !seen.has(f)).length;
  out[label] = { files: files.length, missed, events, allSeenMs: missed ? null : Math.round(Math.max(...files.map((f) => seen.get(f)!)) - t) };
  files.forEach((f, i) => fs.writeFileSync(f, originals[i]!));
  await sleep(500);
}
const en = path.join(root, 'content/github/site-policy');
await burst(
  fs
    .readdirSync(en)
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join(en, f)),
  'burstOneFolder',
);
const all: string[] = [];
(function walk(d: string) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.md')) all.push(p);
  }
})(root);
await burst(all.filter((_, i) => i % Math.floor(all.length / 1000) === 0).slice(0, 1000), 'burstSpread1000');

/** `replace` rewrites the page as an editor or git does; is a plain edit 300 ms later seen? */
async function editAfter(file: string, replace: (f: string, bytes: Buffer) => void, label: string) {
  const orig = fs.readFileSync(file);
  replace(file, Buffer.concat([orig, Buffer.from('\nreplaced\n')]));
  await sleep(300);
  seen.clear();
  fs.appendFileSync(file, '\nplain edit\n');
  await waitFor([file], 2000);
  out[label] = seen.has(file);
  fs.writeFileSync(file, orig);
  await sleep(300);
}
await editAfter(
  path.join(ja, 'github-privacy-statement.md'),
  (f, b) => (fs.writeFileSync(f + '.tmp', b), fs.renameSync(f + '.tmp', f)),
  'editAfterAtomicSaveSeen',
);
await editAfter(path.join(ja, 'dmca-takedown-policy.md'), (f, b) => (fs.unlinkSync(f), fs.writeFileSync(f, b)), 'editAfterUnlinkCreateSeen');

const dir = path.join(root, `content/github/new-section-${process.pid}`);
seen.clear();
fs.mkdirSync(dir);
const pages = Array.from({ length: 20 }, (_, i) => path.join(dir, `page-${i}.md`));
for (const f of pages) fs.writeFileSync(f, '# new\n');
await waitFor(pages, 2000);
out.newFolderPagesSeen = `${pages.filter((f) => seen.has(f)).length}/20`;
fs.rmSync(dir, { recursive: true });

const t1 = performance.now();
await close();
out.closeMs = Math.round(performance.now() - t1);
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
