/**
 * A check run over the index: loads the site through its repository, evaluates the checks
 * (server/checks/run.ts, which holds no SQL) with the stale-detection bases it is given
 * (resolved before, asynchronously: server/check-with-bases.ts) and stores what they find,
 * in one write transaction. server/checks never imports db/; this is
 * where the two meet.
 */
import { indexWrite, type Db } from '../db/index.ts';
import { CheckDocumentsRepository } from '../db/repositories/check-documents.ts';
import { CoverageRepository } from '../db/repositories/coverage.ts';
import { FindingsRepository, type SyncResult } from '../db/repositories/findings.ts';
import type { Config } from './config.ts';
import type { CheckDefinition, SiteLookups } from './checks/define.ts';
import { buildSite, type LoadedSite } from './checks/lib/site.ts';
import { CHECKS } from './checks/registry.ts';
import { evaluateChecks } from './checks/run.ts';
import type { CheckDocument } from './checks/types.ts';
import type { Layout } from './layouts/types.ts';
import { needsBases } from './history/lookup.ts';

export interface RunChecksOptions {
  /**
   * Stale-detection bases, resolved before the write transaction (`resolveStaleBases`,
   * server/history/lookup.ts, as `runChecksWithBases` does): required when a stale check runs.
   */
  staleBase?: SiteLookups['staleBase'];
  /** Checks to run; the registry by default. */
  checks?: CheckDefinition[];
}

export interface ChecksSummary extends SyncResult {
  runId: number;
  findings: number;
  durationMs: number;
  loadMs: number;
  /** Open findings per locale and check after this run. */
  counts: Record<string, Record<string, number>>;
}

/** Every live document of the index with the lookups checks use. */
export function loadSite(db: Db, layout: Layout, staleBase?: SiteLookups['staleBase']): LoadedSite {
  return buildSite(new CheckDocumentsRepository(db).site(layout.sourceLocale), layout, staleBase);
}

/**
 * Runs every enabled check for every translation locale over the indexed site and
 * stores the findings of run `runId` (new, still open, resolved). Safe inside the
 * index run's transaction (it nests as a savepoint).
 */
export function runChecks(db: Db, config: Config, runId: number, now: Date, options: RunChecksOptions = {}): ChecksSummary {
  // One transaction from the first read to the last write (a savepoint inside an index run):
  // the site, the open findings and the run's writes are one state of the database, whatever
  // another process commits meanwhile. The index's write lock from the start: a run that writes
  // never finds its snapshot stale (and, unlike BEGIN IMMEDIATE, the team file's lock stays free).
  return indexWrite(db, () => checkRun(db, config, runId, now, options));
}

function checkRun(db: Db, config: Config, runId: number, now: Date, options: RunChecksOptions): ChecksSummary {
  const started = performance.now();
  const checks = options.checks ?? CHECKS;
  const staleBase = options.staleBase;
  // Unknown is never fine: a stale check without bases would call every translation's base unknown.
  if (!staleBase && needsBases(checks)) throw new Error('runChecks: the stale checks need options.staleBase (resolveStaleBases, before the transaction)');
  const site = loadSite(db, config.layout, staleBase);
  const loadMs = Math.round(performance.now() - started);
  const repo = new FindingsRepository(db);
  // Each finding is matched with the open ones as it is found, so a run's 200k+ messages and
  // data never pile up in memory.
  const sink = repo.startSync(runId);
  const { findings, counts } = evaluateChecks(site, config, now, checks, (f) => sink.add(f));
  // Which translations have a usable base: with no stale finding, the coverage model tells
  // "up to date" from "base unknown" by it. Kept as it was when bases were not resolved.
  if (staleBase) new CoverageRepository(db).recordBases(runId, foundBases(site.locales, site.documents, staleBase));
  const sync = sink.finish();
  const durationMs = Math.round(performance.now() - started);
  repo.recordCheckRun({
    run_id: runId,
    finished_at: now.toISOString(),
    duration_ms: durationMs,
    checks: checks.map((c) => c.id).join(','),
    open_count: sync.inserted + sync.kept,
    new_count: sync.inserted,
    resolved_count: sync.resolved,
  });
  return { runId, findings, loadMs, counts, ...sync, durationMs };
}

function* foundBases(locales: string[], documents: Map<string, Map<string, CheckDocument>>, staleBase: NonNullable<SiteLookups['staleBase']>) {
  for (const locale of locales) {
    for (const key of documents.get(locale)?.keys() ?? []) {
      const base = staleBase(locale, key);
      if (base && base.baseState === 'known' && !base.problem) yield { locale, key, source: base.source, ref: base.ref };
    }
  }
}
