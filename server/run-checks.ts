/**
 * A check run over the index: loads the site through its repository, evaluates the checks
 * (server/checks/run.ts, which holds no SQL) with the stale-detection bases it is given
 * (resolved before, asynchronously: server/check-with-bases.ts) and stores what they find,
 * in one write transaction. server/checks never imports db/; this is
 * where the two meet.
 *
 * Incremental: each unit (the findings of one locale under one key, checks/run.ts CheckPlan)
 * records its shape and what its checks read (checks/lib/dependencies.ts). A run re-checks the
 * units whose shape changed or that read something changed since the last check run (documents
 * the indexer wrote or deleted, redirect entries, variables, English's paragraph texts and
 * oldest release, stale bases compared by value) and carries the others' findings over untouched.
 * A run is full when asked (`index --full`), on the first run, and when the code, the config,
 * the layout or the enabled checks differ from the last run's (its inputs digest). A layout's
 * per-key site data (Hugo's page URLs) is compared entry by entry: a changed entry re-checks the
 * units reading its keys.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexWrite, type Db } from '../db/index.ts';
import { CheckDependenciesRepository, type StoredUnit } from '../db/repositories/check-dependencies.ts';
import { CheckDocumentsRepository, englishParagraphHashes, lazySite, liveLocales, unloadContent } from '../db/repositories/check-documents.ts';
import { CoverageRepository } from '../db/repositories/coverage.ts';
import { FindingsRepository, type SyncResult } from '../db/repositories/findings.ts';
import { parseKey, parseSettingsOf } from './indexer/parser-version.ts';
import type { Config } from './config.ts';
import type { CheckDefinition, SiteLookups, StaleBase } from './checks/define.ts';
import { DependencyTracker } from './checks/lib/dependencies.ts';
import { buildSite, urlReadKey, urlReadPrefix, type LoadedSite } from './checks/lib/site.ts';
import type { Release } from './checks/lib/conditions.ts';
import { CHECKS } from './checks/registry.ts';
import { evaluateChecks, type CheckPlan } from './checks/run.ts';
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
  /** Re-check every pair (`index --full`) instead of those whose inputs changed since the last check run. */
  full?: boolean;
  /**
   * Instead of `staleBase`: the bases are those of the last check run (nothing they are made of
   * changed, server/check-with-bases.ts), so they are neither compared nor recorded again. A run
   * that needs one after all (a full run, a re-checked unit that reads a base) throws BasesNeeded.
   */
  basesUnchanged?: boolean;
  /**
   * With `staleBase`: the translations (`locale\0key`) whose bases it resolved, or that are no
   * longer paired; every other translation's base is the last check run's (nothing it is made of
   * changed, server/check-with-bases.ts), so it is neither compared nor recorded again. A run
   * that needs one of those after all (a full run, a re-checked unit that reads one) throws
   * BasesNeeded naming them all.
   */
  basesOnly?: ReadonlySet<string>;
}

/** A run with `basesUnchanged` or `basesOnly` needed a base it was not given: run it again with it resolved. */
export class BasesNeeded extends Error {
  override name = 'BasesNeeded';
  /** The translations (`locale\0key`) whose bases were read; empty when all are needed (a full run). */
  readonly needed: ReadonlySet<string>;
  constructor(message: string, needed: ReadonlySet<string> = new Set()) {
    super(message);
    this.needed = needed;
  }
}

const unresolvedBase: NonNullable<SiteLookups['staleBase']> = () => {
  throw new BasesNeeded('runChecks: a base was read in a run without resolved bases');
};

export interface ChecksSummary extends SyncResult {
  runId: number;
  /** Findings the re-checked units found (every open finding in a full run). */
  findings: number;
  durationMs: number;
  loadMs: number;
  /** Open findings per locale and check after this run (dismissed ones left out, as every count). */
  counts: Record<string, Record<string, number>>;
  /** Open findings after this run, dismissed ones included. */
  open: number;
  /** Why the run re-checked everything, or null when it was incremental. */
  full: 'asked' | 'first' | 'inputs' | 'legacy' | null;
  /** Units (a locale's findings under one key) in the site, and how many were checked. */
  units: number;
  rechecked: number;
}

/** Every live document of the index with the lookups checks use. */
export function loadSite(db: Db, layout: Layout, staleBase?: SiteLookups['staleBase']): LoadedSite {
  return buildSite(new CheckDocumentsRepository(db).site(layout.sourceLocale), layout, staleBase);
}

/**
 * Runs the enabled checks for every translation locale over the indexed site (the units whose
 * inputs changed, or all) and stores the findings of run `runId` (new, still open, resolved).
 * Safe inside the index run's transaction (it nests as a savepoint).
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
  const reuseBases = !options.staleBase && options.basesUnchanged === true && needsBases(checks);
  const only = options.staleBase && needsBases(checks) ? options.basesOnly : undefined;
  // Bases read that the run was not given: collected, and the run thrown away at the end (BasesNeeded).
  const missing = new Set<string>();
  const given = options.staleBase;
  const staleBase: RunChecksOptions['staleBase'] = reuseBases
    ? unresolvedBase
    : only && given
      ? (locale, key) => {
          const id = `${locale}\0${key}`;
          if (only.has(id)) return given(locale, key);
          missing.add(id);
          return undefined;
        }
      : given;
  // Unknown is never fine: a stale check without bases would call every translation's base unknown.
  if (!staleBase && needsBases(checks)) throw new Error('runChecks: the stale checks need options.staleBase (resolveStaleBases, before the transaction)');
  const source = config.layout.sourceLocale;
  const deps = new CheckDependenciesRepository(db);
  const digest = inputsDigest(config, checks);
  const lastRun = Number(deps.state('run') ?? NaN);
  // The layout's per-key site data (Hugo: the page at each URL, each key's URL): kept as the last
  // run stored it, so a change re-checks the units reading its keys, not every pair.
  const entries = config.layout.siteDataEntries?.();
  const entriesText = entries ? JSON.stringify([...entries].map(([id, e]) => [id, e.value, ...e.keys])) : undefined;
  const storedEntries = entries ? deps.state(SITE_ENTRIES) : undefined;
  const entriesChanged = entriesText !== undefined && storedEntries !== entriesText;
  const documents = Number.isNaN(lastRun) || options.full ? [] : deps.changedDocuments(lastRun);
  const full: ChecksSummary['full'] = options.full
    ? 'asked'
    : Number.isNaN(lastRun)
      ? 'first'
      : deps.runDigest(lastRun) !== digest
        ? 'inputs'
        : // A database whose last check run loaded documents without check inputs (before migration 023 made them all).
          deps.state('inputs') !== 'complete' || (entries !== undefined && storedEntries === undefined)
          ? 'legacy'
          : null;
  if (full && (reuseBases || only)) throw new BasesNeeded(`runChecks: a full run (${full}) compares every base`);
  const tracker = new DependencyTracker();
  // Dependency keys changed since the last check run, and key prefixes (a variables file: every name in it).
  const changed = new Set<string>();
  const prefixes: string[] = [];
  // Locales whose pairing may have changed (ALL: every locale): all their units are looked at.
  const structural = new Set<string>();
  // An English page added or deleted, or an English redirect entry changed, changes the pairing of
  // only some keys in each locale: that page's key, the old keys English redirects there, and an
  // entry's old key and the pages it leads to now and led to before (with their old keys: which
  // old copy is a moved page's predecessor). Every locale looks at its units under these keys
  // (and at those reading a changed key), not at all its units (35,879 on Kubernetes).
  const pairingKeys = new Set<string>();
  // English keys whose old keys (English's redirects to them) join pairingKeys once the site is loaded.
  const pairingTargets = new Set<string>();
  // English pages added or deleted: the page a translation at that key was moved to, or is now, joins them too.
  const pages = new Set<string>();
  // Nothing written or deleted since the last check run, and the stale bases known to be that
  // run's: no unit reads a changed key and no locale pairs differently, so nothing is re-checked
  // and the site is not loaded (~75 ms of 20k document rows on the snapshot's four locales).
  const idle = !full && reuseBases && documents.length === 0 && !entriesChanged;
  let site: LoadedSite | null = null;
  if (idle) {
    // Only which locales have documents: the units of a locale that has none left resolve below.
  } else if (full) {
    deps.clear();
    const englishHashes = englishParagraphHashes(db, source);
    // A full run loads each document when a check first reads it, as an incremental one does, and lets
    // go of a locale's once it is checked (peak memory: English and one locale, not the site).
    site = buildSite(lazySite(db, source, englishHashes), config.layout, staleBase, tracker);
    deps.setState('english-paragraphs', [...englishHashes].join(' '));
    deps.setState('oldest', JSON.stringify(site.lookups.oldestEnglishRelease()));
    deps.snapshotRedirects();
    deps.snapshotEntries();
    if (entriesChanged) deps.setState(SITE_ENTRIES, entriesText!);
    deps.setState('inputs', 'complete');
  } else {
    let englishChanged = false;
    for (const d of documents) {
      changed.add(`doc:${d.locale}:${d.key}`);
      if (d.locale === source) englishChanged = true;
      // A file added or deleted changes how its locale pairs (English's: the locales' files at its key and at its old keys).
      if (d.locale === source && (d.added || d.deleted)) (pairingKeys.add(d.key), pairingTargets.add(d.key), pages.add(d.key));
      else if (d.added || d.deleted || !deps.unit(d.locale, d.key)) structural.add(d.locale === source ? ALL : d.locale);
      if (d.kind === 'variables') {
        prefixes.push(`var:${d.locale}:${d.key}.`);
        if (d.locale === source) prefixes.push('leaf:');
      }
    }
    // What a link to a document reads of it (there, kind, path) changed only for some of them: an edited page keeps it.
    for (const d of deps.changedEntries(documents)) changed.add(`exists:${d.locale}:${d.key}`);
    // A page's URL as spelled from its frontmatter (MDN `slug`): the units that showed another spelling of it.
    if (config.layout.urlFromFrontmatter) {
      for (const d of documents) {
        if (d.deleted) continue; // its exists: key changed
        const now = urlReadKey(d.locale, d.key, config.layout.urlOf(d.key, deps.frontmatterOf(d.id)));
        for (const k of deps.readKeysStarting(urlReadPrefix(d.locale, d.key))) if (k !== now) changed.add(k);
      }
    }
    // A translated paragraph equal to an English one is loaded whole: one whose equal appeared or went changes what its document holds.
    // English unchanged: the kept set is English's as it is, and the index answers for it hash by hash.
    let englishHashes: Set<string> | 'index' = 'index';
    if (englishChanged) {
      const stored = deps.state('english-paragraphs') ?? '';
      englishHashes = new Set(stored === '' ? [] : stored.split(' '));
      const current = englishParagraphHashes(db, source);
      const differ = new Set<string>();
      for (const h of current) if (!englishHashes.has(h)) differ.add(h);
      for (const h of englishHashes) if (!current.has(h)) differ.add(h);
      if (differ.size > 0) {
        for (const d of deps.documentsWithParagraphs(source, differ)) changed.add(`doc:${d.locale}:${d.key}`);
        deps.setState('english-paragraphs', [...current].join(' '));
      }
      englishHashes = current;
    }
    // Redirect entries belong to documents: they change only with one.
    if (documents.length > 0) {
      // Every English entry of the changed documents, changed or not: a document written again
      // stores its entries again, after the others, and a rank among an old key's siblings may move.
      const touched: { from_key: string; to_keys: string[] }[] = [];
      let wholeCopy = false;
      const redirects = deps.changedRedirects(documents, (e) => {
        if (e === null) wholeCopy = true;
        else if (e.locale === source) touched.push(e);
      });
      for (const r of redirects) {
        changed.add(`redirect:${r.locale}:${r.from_key}`);
        if (r.locale !== source) structural.add(r.locale);
        else if (wholeCopy) structural.add(ALL);
      }
      if (redirects.length > 0) changed.add('redirect-ranks');
      if (redirects.some((r) => r.locale === source) || pairingKeys.size > 0) {
        for (const e of touched) {
          pairingKeys.add(e.from_key);
          for (const k of e.to_keys) (pairingKeys.add(k), pairingTargets.add(k));
        }
      }
    }
    // English unchanged: its oldest documented release is the one the last run kept (not English's every condition read again).
    const kept = englishChanged ? undefined : deps.state('oldest');
    const known = kept === undefined ? undefined : { oldestEnglishRelease: JSON.parse(kept) as Release | null };
    site = buildSite(lazySite(db, source, englishHashes), config.layout, staleBase, tracker, known);
    if (entriesChanged && entries && storedEntries !== undefined) {
      // Each entry added, removed or changed: every locale's units that read one of its keys
      // (a link resolving through it reads `exists:`, a page shown at its URL `doc:`), and how those keys pair.
      const involved = new Set<string>();
      const before = new Map<string, string[]>();
      for (const [id, ...rest] of JSON.parse(storedEntries) as string[][]) before.set(id!, rest);
      for (const [id, e] of entries) {
        const old = before.get(id);
        if (old && old[0] === e.value && old.length === e.keys.length + 1 && e.keys.every((k, i) => old[i + 1] === k)) continue;
        for (const k of e.keys) involved.add(k);
        for (const k of old?.slice(1) ?? []) involved.add(k);
      }
      for (const [id, old] of before) if (!entries.has(id)) for (const k of old.slice(1)) involved.add(k);
      for (const locale of [source, ...site.locales]) {
        for (const k of involved) (changed.add(`exists:${locale}:${k}`), changed.add(`doc:${locale}:${k}`));
      }
      for (const k of involved) pairingKeys.add(k);
      deps.setState(SITE_ENTRIES, entriesText!);
    }
    const redirectsTo = site.lookups.englishRedirectsTo;
    // Without the old keys of a page the keys are not known: every locale is looked at whole.
    if (pairingKeys.size > 0 && !redirectsTo) structural.add(ALL);
    else if (redirectsTo) {
      // Read outside any unit: recorded by none (the pairing's result is in each unit's shape).
      for (const key of pages) {
        const to = site.lookups.englishRedirect(key);
        if (to !== undefined) (pairingKeys.add(to), pairingTargets.add(to));
      }
      for (const target of pairingTargets) for (const from of redirectsTo(target)) pairingKeys.add(from);
    }
    if (kept !== undefined && process.env.L10N_DRIFT_VERIFY_PARTIAL === '1') {
      const fresh = JSON.stringify(buildSite(lazySite(db, source, 'index'), config.layout).lookups.oldestEnglishRelease());
      if (fresh !== kept) throw new Error(`runChecks: the kept oldest release ${kept} is not English's ${fresh}`);
    }
    if (englishChanged) {
      const oldest = JSON.stringify(site.lookups.oldestEnglishRelease());
      if (oldest !== deps.state('oldest')) (changed.add('oldest'), deps.setState('oldest', oldest));
    }
  }
  // Stale bases, compared by value with the last run's (unless known to be the last run's).
  if (site && staleBase && !reuseBases) {
    const before = full ? new Map<string, string>() : only ? deps.baseDigestsOf(only) : deps.baseDigests();
    const digests: [string, string, string | null][] = [];
    for (const [locale, key] of basePairs(site, source, only)) {
      const base = staleBase(locale, key);
      const d = base ? baseDigest(base) : null;
      if (d !== (before.get(`${locale}\0${key}`) ?? null)) {
        changed.add(`base:${locale}:${key}`);
        digests.push([locale, key, d]);
      }
    }
    deps.setBaseDigests(digests);
  }
  const loadMs = Math.round(performance.now() - started);

  const repo = new FindingsRepository(db);
  // Units that read a changed key, by locale; the stored units of a locale read when it is looked at whole.
  const dirty = new Map<string, Set<string>>();
  if (!full && (changed.size > 0 || prefixes.length > 0)) {
    for (const u of deps.unitsReading(changed, prefixes)) {
      let keys = dirty.get(u.locale);
      if (!keys) dirty.set(u.locale, (keys = new Set()));
      keys.add(u.key);
    }
  }
  const stored = new Map<string, Map<string, StoredUnit>>();
  const storedOf = (locale: string): Map<string, StoredUnit> => {
    let m = stored.get(locale);
    if (!m) stored.set(locale, (m = full ? new Map() : deps.unitsOf(locale)));
    return m;
  };
  const whole = (locale: string) => full !== null || structural.has(ALL) || structural.has(locale);
  // The keys a locale looked at in part looks at: its units reading a changed key and the keys whose pairing may have changed.
  const partKeys = new Map<string, ReadonlySet<string>>();
  const keysOf = (locale: string): ReadonlySet<string> => {
    let keys = partKeys.get(locale);
    if (!keys)
      partKeys.set(locale, (keys = pairingKeys.size === 0 ? (dirty.get(locale) ?? new Set()) : new Set([...(dirty.get(locale) ?? []), ...pairingKeys])));
    return keys;
  };
  // Units a locale looked at in part has now: one stored under a pairing key and not among them is gone.
  const visited = new Set<string>();
  // Each finding is matched with the open ones as it is found, so a run's 200k+ messages and
  // data never pile up in memory. Incremental: only the re-checked units' open findings.
  const sink = repo.startSync(runId, { scoped: !full });
  const seen = new Set<number>();
  let rechecked = 0;
  const plan: CheckPlan = {
    keys: (locale) => (whole(locale) ? undefined : keysOf(locale)),
    include(locale, key, shape) {
      if (pairingKeys.size > 0) visited.add(`${locale}\0${key}`);
      const before = whole(locale) ? storedOf(locale).get(key) : deps.unit(locale, key);
      if (before) seen.add(before.id);
      const recheck = full !== null || !before || before.shape !== shapeDigest(shape) || (dirty.get(locale)?.has(key) ?? false);
      if (recheck) {
        rechecked++;
        if (!full) sink.scope(locale, key);
      }
      return recheck;
    },
    checked(locale, key, shape, reads) {
      deps.saveUnit(locale, key, shapeDigest(shape), reads, full ? undefined : whole(locale) ? storedOf(locale).get(key) : deps.unit(locale, key));
    },
    done(locale) {
      if (locale !== source) unloadContent(site?.documents.get(locale));
      // The locale's units and their reads written now, and its findings let go: not held to the end of the run.
      deps.flush();
      sink.closeLocale(locale);
    },
    // The tests pair each locale looked at in part whole too, and fail on a difference.
    verify: process.env.L10N_DRIFT_VERIFY_PARTIAL === '1',
  };
  const { findings } = site ? evaluateChecks(site, config, now, checks, (f) => sink.add(f), plan) : { findings: 0 };
  // Units read bases the run was not given: what it found is thrown away with the savepoint.
  if (missing.size > 0) throw new BasesNeeded(`runChecks: ${missing.size} bases were read that were not resolved`, missing);
  deps.flush();
  // Units that are gone (a deleted translation, a page no longer paired): their findings resolve.
  // Only a locale looked at whole can lose one, or a locale no longer in the site (all of them).
  if (!full) {
    const live = site ? new Set(site.documents.keys()) : new Set(liveLocales(db));
    for (const locale of deps.unitLocales()) if (!live.has(locale)) storedOf(locale);
  }
  // A locale looked at in part loses a unit only under a key whose pairing changed (an English page deleted, an old key no longer led to it).
  if (!full && site && pairingKeys.size > 0) {
    for (const locale of [source, ...site.locales]) {
      if (whole(locale)) continue;
      for (const key of pairingKeys) {
        if (visited.has(`${locale}\0${key}`)) continue;
        const unit = deps.unit(locale, key);
        if (unit) (sink.scope(locale, key), deps.deleteUnit(unit));
      }
    }
  }
  for (const [locale, byKey] of full ? [] : stored) {
    for (const [key, unit] of byKey) {
      if (seen.has(unit.id)) continue;
      sink.scope(locale, key);
      deps.deleteUnit(unit);
    }
  }
  const units = full ? deps.unitCount() : deps.unitCountSince(lastRun, process.env.L10N_DRIFT_VERIFY_PARTIAL === '1');
  // Which translations have a usable base: with no stale finding, the coverage model tells
  // "up to date" from "base unknown" by it. Kept as it was when bases were not resolved.
  if (site && staleBase && !reuseBases) {
    const coverage = new CoverageRepository(db);
    if (only)
      coverage.recordBasesOf(
        runId,
        [...only].map((id) => id.split('\0') as [string, string]),
        foundBases(site.locales, site.documents, staleBase, only),
      );
    else coverage.recordBases(runId, foundBases(site.locales, site.documents, staleBase));
  }
  const sync = sink.finish();
  const durationMs = Math.round(performance.now() - started);
  const open = repo.openTotal(runId);
  repo.recordCheckRun({
    run_id: runId,
    finished_at: now.toISOString(),
    duration_ms: durationMs,
    checks: checks.map((c) => c.id).join(','),
    open_count: open,
    new_count: sync.inserted,
    resolved_count: sync.resolved,
  });
  deps.recordRun(runId, digest, units, rechecked);
  deps.setState('run', String(runId));
  const counts: Record<string, Record<string, number>> = {};
  // As the run's locale_stats have them (written by finish from the one open-count query).
  for (const c of repo.stats(runId)) if (c.run_id === runId) (counts[c.locale] ??= {})[c.check_id] = (counts[c.locale]?.[c.check_id] ?? 0) + c.count;
  return { runId, findings, loadMs, counts, open, full, units, rechecked, ...sync, durationMs };
}

// A unit's shape is stored and compared as a digest: the shapes themselves (~700 characters
// each: keys, paths, check ids) were ~15 MB written per full run of the snapshot's four locales.
// include() and checked() ask for the same shape in turn: digest it once.
let lastShape = '';
let lastShapeDigest = '';
function shapeDigest(shape: string): string {
  if (shape !== lastShape) ((lastShape = shape), (lastShapeDigest = crypto.hash('sha1', shape, 'base64')));
  return lastShapeDigest;
}

/** The check state holding the layout's per-key site data as the last run saw it (Layout.siteDataEntries). */
const SITE_ENTRIES = 'site-entries';

/** A locale name no locale has: every locale. */
const ALL = '\0all';

// Translations made from the same English version share its sections: digest them once.
const sectionDigests = new WeakMap<object, string>();

/**
 * A stale base's value as one digest. Its sections count by what identifies their content
 * (heading, anchor, level, text and skeleton hashes), not their source text: hashing the whole
 * English text of every translation's base cost ~0.5 s per run on the snapshot.
 */
function baseDigest(base: StaleBase): string {
  const { sections, ...rest } = base;
  let sectionsDigest = sections ? sectionDigests.get(sections) : 'none';
  if (sectionsDigest === undefined && sections) {
    let text = '';
    for (const s of sections) text += `${s.ordinal}\0${s.level}\0${s.heading}\0${s.anchor}\0${s.textHash}\0${s.skeletonHash}\n`;
    // Kept as a hash, not the text: one per English version, held through the run (6.0 MB of text on MDN's, 0.8 MB on the snapshot's).
    sectionDigests.set(sections, (sectionsDigest = crypto.hash('sha1', text, 'base64')));
  }
  return crypto.hash('sha1', `${JSON.stringify(rest)}\0${sectionsDigest}`, 'base64');
}

/** The translations whose bases a run compares: every one in the site, or those of `only` still in it. */
function* basePairs(site: LoadedSite, source: string, only: ReadonlySet<string> | undefined): Generator<[string, string]> {
  if (only) {
    for (const id of only) {
      const [locale, key] = id.split('\0') as [string, string];
      if (locale !== source && site.documents.get(locale)?.has(key)) yield [locale, key];
    }
    return;
  }
  for (const [locale, docs] of site.documents) {
    if (locale === source) continue;
    for (const key of docs.keys()) yield [locale, key];
  }
}

function* foundBases(
  locales: string[],
  documents: Map<string, Map<string, CheckDocument>>,
  staleBase: NonNullable<SiteLookups['staleBase']>,
  only?: ReadonlySet<string>,
) {
  const known = (locale: string, key: string) => {
    const base = staleBase(locale, key);
    return base && base.baseState === 'known' && !base.problem ? { locale, key, source: base.source, ref: base.ref } : null;
  };
  if (only) {
    // The pairs asked for, looked up by key: listing a lazily loaded locale's keys reads every row of it (~50 ms a run on the snapshot).
    const wanted = new Set(locales);
    for (const id of only) {
      const [locale, key] = id.split('\0') as [string, string];
      const found = wanted.has(locale) && documents.get(locale)?.has(key) ? known(locale, key) : null;
      if (found) yield found;
    }
    return;
  }
  for (const locale of locales) {
    for (const key of documents.get(locale)?.keys() ?? []) {
      const found = known(locale, key);
      if (found) yield found;
    }
  }
}

/**
 * What every finding depends on at once: the code that parses documents and runs checks, the
 * config and layout they run with (and the site data the layout read), and the enabled checks. Another digest than the last run's
 * makes a full run.
 */
export function inputsDigest(config: Config, checks: readonly CheckDefinition[]): string {
  const hash = crypto.createHash('sha1');
  hash.update(codeDigest());
  const seen = new WeakSet<object>();
  const settings = {
    layout: config.layout,
    // The site-wide part of what the layout read from the site's own files (Hugo: permalink patterns,
    // redirect rules): any link may resolve through it. Its per-key part is compared entry by entry (siteDataEntries).
    siteData: config.layout.siteDataDigest?.() ?? null,
    root: config.root,
    sourceRoot: config.sourceRoot,
    sourceRepository: config.sourceRepository,
    locales: config.locales,
    limits: config.limits,
    // What made the stored rows (parser-version.ts): a run that parsed every file again for a new one re-checks every pair.
    parse: parseKey(parseSettingsOf(config)),
    checks: config.checks,
    exclude: config.exclude,
    excludePreset: config.excludePreset,
    enabled: checks.map((c) => [c.id, c.severity, c.scope ?? '', c.leftovers ?? false, c.messages]),
  };
  hash.update(
    JSON.stringify(settings, (_key, value: unknown) => {
      // A function's code is in codeDigest (its source files); its compiled text is not hashed: it
      // differs between the compiled CLI (dist/cli, one bundle) and the TypeScript run (tsx) of the
      // same sources, and every switch between the two would re-check the whole site.
      if (typeof value === 'function') return `[function ${value.name}]`;
      if (value instanceof RegExp) return String(value);
      if (value instanceof Map) return [...value];
      if (value instanceof Set) return [...value];
      if (value && typeof value === 'object') {
        if (seen.has(value)) return '[seen]';
        seen.add(value);
      }
      return value;
    }),
  );
  return hash.digest('base64');
}

let code: string | undefined;
/** The source of the parser, the checks and what they share, as one digest (a changed file makes the next run full). */
function codeDigest(): string {
  if (code !== undefined) return code;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const hash = crypto.createHash('sha1');
  // history (with its SQL and the bases' glue): the stale checks compare sections and fields with
  // the bases it finds, and another version may find other bases; check-documents: what the checks are given.
  const folders = ['checks', 'shared', 'align', 'layouts', 'indexer', 'history'].map((f) => path.join(here, f));
  const files = [
    path.join(here, path.basename(fileURLToPath(import.meta.url))),
    path.join(here, 'check-with-bases.ts'),
    path.join(here, '..', 'db', 'check-input.ts'),
    path.join(here, '..', 'db', 'repositories', 'check-documents.ts'),
    path.join(here, '..', 'db', 'repositories', 'history.ts'),
  ];
  for (const folder of folders) {
    if (!fs.existsSync(folder)) continue;
    for (const f of fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
      if (/\.(ts|js|mjs|json)$/.test(f)) files.push(path.join(folder, f));
    }
  }
  for (const f of files) {
    if (!fs.existsSync(f)) continue;
    hash.update(f.slice(here.length)).update('\0').update(fs.readFileSync(f)).update('\0');
  }
  return (code = hash.digest('base64'));
}
