import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../db/index.ts';
import { resolveConfig } from '../server/config.ts';
import { indexSite } from '../server/indexer/indexer.ts';

const SHARED = path.resolve(import.meta.dirname, '../../shared');

export interface LayoutBench {
  layout: string;
  sample: string;
  files: number;
  /** Cold index (walk, parse, store; no checks) per 1,000 files. */
  indexMsPer1000: number;
  /** Floor: walking and reading the same bytes, per 1,000 files. */
  floorMsPer1000: number;
}

function listMd(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listMd(p));
    else if (e.name.endsWith('.md')) out.push(p);
  }
  return out;
}

async function benchOne(layout: string, root: string, sample: string, rounds: number): Promise<LayoutBench> {
  const base = layout === 'mdn' ? path.join(root, 'files') : path.join(root, 'content');
  let best = Infinity;
  let floor = Infinity;
  let files = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const all = listMd(base);
    for (const f of all) fs.readFileSync(f);
    floor = Math.min(floor, performance.now() - t0);
    const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-layouts-'));
    const dbFile = path.join(dbDir, 'drift.db');
    const db = openDb(dbFile);
    const summary = await indexSite({ config: resolveConfig({ layout, root, db: dbFile }, root), db }).finally(() => db.close());
    fs.rmSync(dbDir, { recursive: true, force: true });
    files = summary.filesSeen;
    best = Math.min(best, summary.durationMs);
  }
  const per = (ms: number) => Math.round((ms / files) * 1000);
  return { layout, sample, files, indexMsPer1000: per(best), floorMsPer1000: per(floor) };
}

/** Index time per 1,000 files for each preset on its sample, beside the read floor. */
export async function benchLayouts(rounds = 3): Promise<LayoutBench[]> {
  const k8s = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-k8s-'));
  try {
    execFileSync('git', ['clone', '-q', '-b', 'main', path.join(SHARED, 'corpora/kubernetes-workloads.bundle'), k8s]);
    return [
      await benchOne('mdn', path.join(SHARED, 'corpora/mdn-sample'), 'mdn-sample (Array pages, 4 locales)', rounds),
      await benchOne('hugo', k8s, 'kubernetes-workloads head (13 languages)', rounds),
    ];
  } finally {
    fs.rmSync(k8s, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchLayouts()) {
    console.log(`${r.layout.padEnd(5)} ${r.sample}: ${r.files} files, index ${r.indexMsPer1000} ms/1000 files (floor: read ${r.floorMsPer1000} ms/1000 files)`);
  }
}
