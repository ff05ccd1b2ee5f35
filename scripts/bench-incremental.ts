/**
 * The incremental-check figures of scripts/bench.ts (#18): `l10n-drift index` with checks as a
 * user runs it (a CLI process of its own, start-up included) on an indexed and checked site,
 * when nothing changed, after one English page was edited and after one translation was edited.
 * Each edit is undone afterwards (and indexed again, not timed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// The installed command (package.json `bin`), run as a user's shell runs it: `node l10n-drift.mjs`.
const command = path.join(here, 'l10n-drift.mjs');

export interface IncrementalFigure {
  name: string;
  ms: number;
  /** The run's checks summary line (open findings, pairs re-checked). */
  checks: string;
}

function index(root: string, dbFile: string, extra: string[] = []): { ms: number; checks: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [command, 'index', '--root', root, '--db', dbFile, '--quiet', ...extra], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, L10N_DRIFT_DEBUG: '1' },
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`l10n-drift index failed: ${r.stderr}`);
  // The figure is the compiled CLI's: a source newer than the build would silently time tsx.
  if (!r.stderr.startsWith('l10n-drift: running the compiled CLI\n')) throw new Error(`not the compiled CLI: ${r.stderr.split('\n')[0]}`);
  return { ms, checks: (/checks: (.*)/.exec(r.stdout)?.[1] ?? '').trim() };
}

/** Appends a paragraph to `file` for one timed run, then puts the file back and indexes it again. */
function edited(root: string, dbFile: string, file: string, text: string): { ms: number; checks: string } {
  const original = fs.readFileSync(file);
  fs.appendFileSync(file, text);
  try {
    return index(root, dbFile);
  } finally {
    fs.writeFileSync(file, original);
    index(root, dbFile);
  }
}

/**
 * `dbFile` must not exist yet or hold an index of `root`; the first run (checks over the whole
 * site) is not one of the figures.
 */
export function benchIncremental(options: {
  root: string;
  dbFile: string;
  files: string[];
  repeat?: number;
  log: (line: string) => void;
}): IncrementalFigure[] {
  const { root, dbFile, files } = options;
  options.log('incremental checks: building the compiled CLI, first index with checks (not timed) …');
  execFileSync(process.execPath, [path.join(here, 'build-cli.mjs')], { stdio: 'ignore' });
  index(root, dbFile);
  index(root, dbFile); // anything the first run left to settle
  const englishPage = files.find(
    (f) => f.includes(`${path.sep}content${path.sep}`) && !f.includes(`${path.sep}translations${path.sep}`) && f.endsWith('.md') && !f.endsWith('index.md'),
  )!;
  const translation = files.find((f) => f.includes(`${path.sep}ja-JP${path.sep}`) && f.endsWith('.md') && !f.endsWith('index.md'))!;
  const out: IncrementalFigure[] = [];
  for (let i = 0; i < (options.repeat ?? 2); i++) {
    out.push({ name: 'index, no change (CLI, with checks)', ...index(root, dbFile) });
    out.push({
      name: 'index, one English page edited',
      ...edited(root, dbFile, englishPage, '\nA paragraph the benchmark added to the English page, with a [link](/get-started).\n'),
    });
    out.push({ name: 'index, one translation edited', ...edited(root, dbFile, translation, '\nベンチマークが追加した段落です。\n') });
  }
  return out;
}
