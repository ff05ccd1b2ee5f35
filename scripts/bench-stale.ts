import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDb } from '../db/index.ts';
import { BlobSectionsRepository, HistoryLogRepository, HistoryRepository } from '../db/repositories/history.ts';
import type { LoadedSite } from '../server/checks/lib/site.ts';
import { loadSite } from '../server/run-checks.ts';
import staleTranslation from '../server/checks/stale-translation.ts';
import { resolveConfig } from '../server/config.ts';
import type { StaleBase } from '../server/checks/define.ts';
import { resolveBases, staleKey } from '../server/history/bases.ts';
import { indexSite } from '../server/indexer/indexer.ts';

export const BUNDLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/corpora/github-docs-history.bundle');
export const BENCH_LOCALES = ['ja-JP', 'zh-CN', 'pt-BR', 'es-ES', 'de-DE'];

export interface StaleBenchResult {
  translations: number;
  indexMs: number;
  /** Loading the indexed site for the checks (shared by all checks; not part of stale detection). */
  siteLoadMs: number;
  /** Bases + the stale check over every translation, parsed-blob cache empty. */
  coldMs: number;
  /** The same with the cache of parsed English blobs from the previous run. */
  warmMs: number;
  /** CPU time (user + system) of this process and its worker threads during the cold and warm runs; git children not included. */
  coldCpuMs: number;
  warmCpuMs: number;
  phases: Record<string, number>;
  /** The warm run's phases: its git log is the one kept in the index (no `git log` when HEAD did not move). */
  warmPhases: Record<string, number>;
  baseline: { sample: number; perFileMs: number; extrapolatedMs: number };
  speedupCold: number;
  speedupWarm: number;
  staleByLocale: Record<string, { stale: number; error: number; warning: number; info: number; behindButCosmetic: number }>;
  load: number[];
}

/** Clones the history bundle (checks out its last commit) into a new temp folder. */
export function cloneBundle(bundle = BUNDLE): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-history-'));
  execFileSync('git', ['clone', '-q', bundle, dir], { stdio: 'ignore' });
  return dir;
}

/**
 * Stale detection over the bundle's whole history (one git log pass, rename detection,
 * batched blobs, then the check on every translation) beside the per-file baseline of
 * Kubernetes' lsync.sh (`git log -n 1 -- <translation>`, then `git diff <commit> HEAD -- <english>`)
 * measured on a sample and extrapolated to every translation.
 */
export async function benchStale(options: { root?: string; dbFile?: string; sample?: number; log?: (line: string) => void } = {}): Promise<StaleBenchResult> {
  const log = options.log ?? (() => {});
  const root = options.root ?? cloneBundle();
  const dbFile = options.dbFile ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-bench-db-')), 'drift.db');
  const config = resolveConfig({ root, db: dbFile, locales: BENCH_LOCALES }, root, null);
  const db = openDb(dbFile);
  try {
    let t = performance.now();
    log('indexing the checkout (not timed as stale detection)…');
    await indexSite({ config, db });
    const indexMs = performance.now() - t;

    // The site load is shared by every check (the runner does it once), so it is timed apart.
    // As in runChecks, the bases are resolved before the site is loaded (a smaller heap to parse old blobs in).
    let bases = new Map<string, StaleBase>();
    let site: LoadedSite | null = null;
    let siteLoadMs = 0;
    const detect = async (phases?: Record<string, number>) => {
      bases = await resolveBases(db, config, { onPhase: (p, ms) => phases && (phases[p.replace(/ \(.*$/, '')] = Math.round(ms)) });
      if (!site) {
        const loadStarted = performance.now();
        site = loadSite(db, config.layout, (l, k) => bases.get(staleKey(l, k)));
        siteLoadMs = Math.round(performance.now() - loadStarted);
      }
      const started = performance.now();
      const english = site.documents.get('en')!;
      const counts: StaleBenchResult['staleByLocale'] = {};
      for (const locale of site.locales) {
        const c = (counts[locale] = { stale: 0, error: 0, warning: 0, info: 0, behindButCosmetic: 0 });
        for (const [key, translation] of site.documents.get(locale) ?? []) {
          const findings = staleTranslation.run({ locale, key, english: english.get(key) ?? null, translation, site: site.lookups, now: new Date() });
          const f = findings.find((x) => x.messageId === 'stale' || x.messageId === 'behind');
          if (f) {
            c.stale++;
            c[f.severity ?? 'warning']++;
          } else if ((bases.get(staleKey(locale, key))?.commitsBehind ?? 0) > 0) c.behindButCosmetic++;
        }
      }
      if (phases) phases['stale check on every translation'] = Math.round(performance.now() - started);
      return counts;
    };

    // A first run: no parsed blobs and no kept git log (history/log-cache.ts).
    new BlobSectionsRepository(db).clear();
    new HistoryLogRepository(db).clear();
    const phases: Record<string, number> = {};
    const cpu = (since?: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(since);
      return (u.user + u.system) / 1000;
    };
    t = performance.now();
    let c = process.cpuUsage();
    await detect(phases);
    const coldMs = performance.now() - t - siteLoadMs;
    const coldCpuMs = cpu(c) - siteLoadMs;
    t = performance.now();
    c = process.cpuUsage();
    const warmPhases: Record<string, number> = {};
    const staleByLocale = await detect(warmPhases);
    const warmMs = performance.now() - t;
    const warmCpuMs = cpu(c);

    // Baseline: two git processes per translation, as lsync.sh runs them.
    const repo = new HistoryRepository(db);
    const docs = repo.liveDocuments();
    const englishKeys = new Map(docs.filter((d) => d.locale === 'en').map((d) => [d.key, d.path]));
    const translations = docs.filter((d) => d.locale !== 'en' && englishKeys.has(d.key));
    const n = Math.min(options.sample ?? 60, translations.length);
    const step = translations.length / n;
    t = performance.now();
    for (let i = 0; i < n; i++) {
      const tr = translations[Math.floor(i * step)]!;
      const last = spawnSync('git', ['log', '-n', '1', '--format=%H', '--', tr.path], { cwd: root, encoding: 'utf8' }).stdout.trim();
      spawnSync('git', ['diff', '--quiet', `${last}...HEAD`, '--', englishKeys.get(tr.key)!], { cwd: root });
    }
    const perFileMs = (performance.now() - t) / n;
    const extrapolatedMs = perFileMs * translations.length;
    return {
      translations: translations.length,
      indexMs: Math.round(indexMs),
      siteLoadMs,
      coldMs: Math.round(coldMs),
      warmMs: Math.round(warmMs),
      coldCpuMs: Math.round(coldCpuMs),
      warmCpuMs: Math.round(warmCpuMs),
      phases,
      warmPhases,
      baseline: { sample: n, perFileMs: Math.round(perFileMs * 10) / 10, extrapolatedMs: Math.round(extrapolatedMs) },
      speedupCold: Math.round((extrapolatedMs / coldMs) * 10) / 10,
      speedupWarm: Math.round((extrapolatedMs / warmMs) * 10) / 10,
      staleByLocale,
      load: os.loadavg().map((x) => Math.round(x * 10) / 10),
    };
  } finally {
    db.close();
    if (!options.root) fs.rmSync(root, { recursive: true, force: true });
    if (!options.dbFile) fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [root, dbFile] = process.argv.slice(2);
  const result = await benchStale({ ...(root ? { root } : {}), ...(dbFile ? { dbFile } : {}), log: (l) => console.error(l) });
  console.log(JSON.stringify(result, null, 2));
}
