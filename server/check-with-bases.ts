/**
 * Every check run of the index, CLI and server: the stale-detection bases are resolved first,
 * asynchronously (git as child processes, server/history), then the checks run in one write
 * transaction with them (server/run-checks.ts). The one way callers of runChecks get bases.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { indexWrite, type Db } from '../db/index.ts';
import { CheckDependenciesRepository } from '../db/repositories/check-dependencies.ts';
import { BaseIdentitiesRepository, SectionsChanged } from '../db/repositories/history.ts';
import type { Config } from './config.ts';
import type { CheckDefinition } from './checks/define.ts';
import { CHECKS } from './checks/registry.ts';
import { withHeapGrowth } from './heap-growth.ts';
import { git, mayBeInGitRepository } from './history/git.ts';
import { PartialResolutionUnsafe, resolveBases, staleKey } from './history/bases.ts';
import { identityChanges, type BasePair, type IdentityChanges, type LocaleRecord } from './history/identities.ts';
import { claimBases, needsBases, resolveStaleBases } from './history/lookup.ts';
import type { StaleBase } from './checks/define.ts';
import { BasesNeeded, inputsDigest, runChecks, type ChecksSummary } from './run-checks.ts';

/**
 * Whether the run's stale-detection bases were resolved, resolved for the translations whose
 * identity changed only (the others' are the last run's), or reused because nothing they are made of changed.
 */
export type BasesOutcome = 'resolved' | 'partial' | 'unchanged' | 'none';

/**
 * Resolves the bases, then runs the checks of run `runId`.
 *
 * Consistency: a base is a function of git and of the indexed documents (paths, content hashes,
 * the runs that changed them, English redirects and versions). The bases are read from the
 * index before the checks' transaction opens; the checks then read the same documents. Inside an
 * index run (`afterIndex`) the run's own transaction is open all along, so both see exactly the
 * documents this run wrote. Outside one (a run indexed with --no-checks, checked later) another
 * process may commit an index run while git runs: the checks' transaction, which holds the
 * index's write lock, sees that by `data_version` and the bases are resolved again.
 */
export async function runChecksWithBases(
  db: Db,
  config: Config,
  runId: number,
  now: Date,
  options: { checks?: CheckDefinition[]; full?: boolean } = {},
): Promise<RunResult> {
  const checks = options.checks ?? CHECKS;
  // Then back to the process's own (a server's: V8's heuristics; a batch command's: its bound).
  return withHeapGrowth(CHECK_RUN_HEAP_GROWTH, () => resolveAndRun(db, config, runId, now, checks, options.full ?? false));
}

/**
 * How much the heap may grow past what the last full garbage collection kept, during a check
 * run. With V8's default, a cold index of the Kubernetes site ran one full collection early in
 * the checks (~110 MB kept) and then let the old generation fill with what the run had already
 * dropped (~290 MB used at the end, ~180 MB of it live in a heap snapshot): peak RSS 436–472 MB.
 * With 30 %: 399 MB, the same 40,472 findings. A full re-check in a process of its own: 405–411 MB
 * → 356–358 MB, CPU time within the loaded machine's noise (2026-12-05).
 * 10 % since the run holds less (2026-12-06): the snapshot's cold `index` with checks peaked at
 * 386–426 MB with 30 %, 396–403 MB with 20 %, 379–396 MB with 10 %, its checks taking 6.6 s,
 * 7.1–7.3 s and 7.3–7.6 s: ~0.7 s of more frequent full collections for ~30 MB less at peak.
 */
const CHECK_RUN_HEAP_GROWTH = 10;

async function resolveAndRun(db: Db, config: Config, runId: number, now: Date, checks: CheckDefinition[], full: boolean): Promise<RunResult> {
  const deps = new CheckDependenciesRepository(db);
  for (let attempt = 0; ; attempt++) {
    const version = dataVersion(db);
    const key = needsBases(checks) ? await basesKey(db, config, checks) : null;
    // Nothing the bases are made of changed since the last check run's: the same bases, not resolved again.
    // Not after three attempts another connection's commits spoiled: those resolve and run below, whatever commits.
    if (key !== null && !full && attempt < 3 && deps.state(BASES_KEY) === key.all) {
      try {
        const summary = indexWrite(db, () => (dataVersion(db) === version ? runChecks(db, config, runId, now, { checks, basesUnchanged: true }) : null));
        if (summary) return { ...summary, bases: 'unchanged', basesResolved: 0 };
        continue;
      } catch (err) {
        if (!(err instanceof BasesNeeded)) throw err;
        // A full run, or a unit that reads a base: resolved below (the savepoint rolled the attempt back).
      }
    }
    // Only documents changed since the last resolution: the translations whose bases can have changed.
    if (key !== null && !full && attempt < 3 && deps.state(BASES_GLOBAL_KEY) === key.global) {
      const result = await resolvePartly(db, config, runId, now, checks, key, version);
      if (result === 'spoiled') continue;
      if (result !== 'all') return result;
    }
    // Held by this variable only, which the transaction empties once they are stored.
    let toSave: (StoredIdentities & { resolved: number }) | null = key !== null ? compareIdentities(db, config, key) : null;
    const resolved = toSave?.resolved ?? 0;
    // The last attempt runs whatever commits: it reads the current English text with its hashes.
    const lazy = attempt < 3;
    let summary: ChecksSummary | null;
    let staleBase: Awaited<ReturnType<typeof resolveStaleBases>>;
    try {
      staleBase = await resolveStaleBases(db, config, checks, lazy);
      summary = indexWrite(db, () => {
        if (dataVersion(db) !== version && attempt < 3) return null;
        // The key and identities read before the bases, in the transaction that stores the bases'
        // digests (same data version), before the checks: they roll back with the checks' writes.
        if (key !== null && toSave && dataVersion(db) === version) saveBasesState(db, key, toSave);
        toSave = null;
        return runChecks(db, config, runId, now, { checks, full, ...(staleBase ? { staleBase } : {}) });
      });
    } catch (err) {
      // Another connection's commit changed sections whose hashes the bases had read: spoiled, again.
      if (err instanceof SectionsChanged && lazy) continue;
      throw err;
    }
    if (summary) return { ...summary, bases: staleBase ? 'resolved' : 'none', basesResolved: resolved };
  }
}

type RunResult = ChecksSummary & { bases: BasesOutcome; basesResolved: number };

/** What saveBasesState stores of an identity comparison. */
type StoredIdentities = Pick<IdentityChanges, 'save' | 'locales'>;

/**
 * Every translation's identity compared with the stored ones, and only what is stored of it: the
 * whole comparison (every translation's row and pairing, ~24 MB on the snapshot) is not held
 * through the checks. A function of its own, so that no frame of the caller keeps it.
 */
function compareIdentities(db: Db, config: Config, key: BasesKey): StoredIdentities & { resolved: number } {
  const changes = identityChanges(db, config.layout.sourceLocale, key.workTree, null);
  return { save: changes.save, locales: changes.locales, resolved: changes.identities.size };
}

/**
 * Above this share of the paired translations, a partial resolution resolves them all: one query
 * per translation (and the per-pair bookkeeping) would cost more than the full resolution's scans.
 */
const PARTIAL_SHARE = 0.25;
const PARTIAL_MIN = 64;

/**
 * Resolves the bases of the translations whose identity (server/history/identities.ts) differs
 * from the last resolution's, with the git state, claims, config and code of the last resolution
 * (`key.global`), and runs the checks with them: every other base is the last run's. 'all' when
 * that cannot be done (too many changed, a base that depends on others' through git's rename
 * detection, a unit that reads still more bases twice): the caller resolves all; 'spoiled' when
 * another connection committed meanwhile.
 */
async function resolvePartly(
  db: Db,
  config: Config,
  runId: number,
  now: Date,
  checks: CheckDefinition[],
  key: BasesKey,
  version: number,
): Promise<RunResult | 'all' | 'spoiled'> {
  const before = JSON.parse(new CheckDependenciesRepository(db).state(BASES_LOCALES) ?? '{}') as LocaleRecord;
  const changes = identityChanges(db, config.layout.sourceLocale, key.workTree, before);
  const { changed } = changes;
  if (changed.size > PARTIAL_MIN && changed.size > changes.total * PARTIAL_SHARE) return 'all';
  // Git history is read for the locales with a paired translation: another set reads another log
  // (its oldest commit decides which bases lie before the history), so every base may differ.
  const pairedBefore = Object.entries(before)
    .filter(([locale, [, paired]]) => paired && locale !== config.layout.sourceLocale)
    .map(([locale]) => locale);
  if (pairedBefore.length !== changes.paired.size || pairedBefore.some((l) => !changes.paired.has(l))) return 'all';
  // The translations (`locale\0key`) whose bases the run is given.
  const only = new Set<string>();
  const byKey = new Map<string, BasePair>();
  for (const p of changes.pairs.values()) byKey.set(staleKey(p.locale, p.key), p);
  for (const id of changed) {
    const row = changes.rows.get(id);
    if (row) only.add(staleKey(row[1], row[2]));
  }
  const bases = new Map<string, StaleBase>();
  const resolve = async (ids: Iterable<string>) => {
    const pairs = [...ids].map((id) => byKey.get(id)).filter((p) => p !== undefined);
    if (pairs.length === 0) return;
    const found = await resolveBases(db, config, { claims: claimBases(db), pairs: { pairs, locales: changes.paired }, lazySources: true });
    for (const p of pairs) {
      const id = staleKey(p.locale, p.key);
      const base = found.get(id);
      if (base) bases.set(id, base);
    }
  };
  try {
    await resolve(only);
    for (let tries = 0; tries < 2; tries++) {
      try {
        const summary = indexWrite(db, () => {
          if (dataVersion(db) !== version) return null;
          const s = runChecks(db, config, runId, now, { checks, staleBase: (l, k) => bases.get(staleKey(l, k)), basesOnly: only });
          saveBasesState(db, key, changes);
          return s;
        });
        return summary ? { ...summary, bases: 'partial', basesResolved: only.size } : 'spoiled';
      } catch (err) {
        if (!(err instanceof BasesNeeded) || err.needed.size === 0) throw err;
        // Re-checked units read bases that did not change: resolved too (the same as the last
        // run's), and the run again. A translation of a locale not looked at: all resolved.
        const more = [...err.needed].filter((id) => !only.has(id));
        // Translations not looked at (their identities are unchanged): paired now.
        const unknown = more.filter((id) => !byKey.has(id)).map((id) => id.split('\0') as [string, string]);
        for (const p of unknown.length > 0 ? changes.pairsAt(unknown) : []) byKey.set(staleKey(p.locale, p.key), p);
        for (const id of more) only.add(id);
        await resolve(more);
      }
    }
    return 'all';
  } catch (err) {
    if (err instanceof PartialResolutionUnsafe) return 'all';
    // Another connection's commit changed sections whose hashes the bases had read.
    if (err instanceof SectionsChanged) return 'spoiled';
    if (err instanceof BasesNeeded && err.needed.size === 0) return 'all';
    throw err;
  }
}

/** Records what the bases now are made of: the key, the locales' states and the identities that changed. */
function saveBasesState(db: Db, key: BasesKey, changes: StoredIdentities): void {
  const deps = new CheckDependenciesRepository(db);
  new BaseIdentitiesRepository(db).save(changes.save);
  deps.setState(BASES_KEY, key.all);
  deps.setState(BASES_GLOBAL_KEY, key.global);
  deps.setState(BASES_LOCALES, JSON.stringify(changes.locales));
}

const BASES_KEY = 'bases-key';
/** The part of BASES_KEY that is no document: git, claims, config, code (partial resolution needs it unchanged). */
const BASES_GLOBAL_KEY = 'bases-global';
/** Each locale's state and whether it has paired translations, at the last resolution (identityChanges). */
const BASES_LOCALES = 'bases-locales';

/** HEAD, shallow state and shallow boundary of the git repository at `dir`; 'none' outside one. */
async function gitState(dir: string | null): Promise<string> {
  if (dir === null || !mayBeInGitRepository(dir)) return 'none';
  try {
    const [head, shallow, shallowFile] = (await git(dir, ['rev-parse', 'HEAD', '--is-shallow-repository', '--git-path', 'shallow']))
      .toString('utf8')
      .trim()
      .split('\n');
    const boundary = shallow === 'true' ? fs.readFileSync(path.resolve(dir, shallowFile ?? ''), 'utf8') : '';
    return `${head}\0${shallow}\0${boundary}`;
  } catch {
    return 'none';
  }
}

interface BasesKey {
  /** Everything the bases are made of: equal to the last run's, the last run's bases are this run's. */
  all: string;
  /** All but the documents: equal to the last resolution's, only translations with another identity can have another base. */
  global: string;
  /** The site root is a git work tree (identities then include the locale's deleted rows). */
  workTree: boolean;
}

/**
 * What the bases are a function of (server/history/bases.ts): the indexed documents (paths,
 * content, the runs that changed them, English versions and redirects: a document row changes
 * with each), git (each repository's HEAD and shallow boundary: uncommitted edits are document
 * changes), the completed claims, the config and the code. Equal to the last run's key: the
 * last run's bases are this run's.
 */
async function basesKey(db: Db, config: Config, checks: CheckDefinition[]): Promise<BasesKey> {
  const documents = db
    .prepare('SELECT count(*), max(id), max(first_seen_run), max(changed_run), max(deleted_run), total(deleted_run IS NOT NULL) FROM documents')
    .raw()
    .get();
  const repositories = await Promise.all([config.root, config.sourceRoot, config.sourceRepository].map(gitState));
  const global = JSON.stringify([repositories, claimBases(db), config.history, inputsDigest(config, checks)]);
  return {
    all: crypto
      .createHash('sha1')
      .update(JSON.stringify([documents, global]))
      .digest('base64'),
    global: crypto.createHash('sha1').update(global).digest('base64'),
    workTree: repositories[0] !== 'none',
  };
}

/** Changes when another connection commits to the index file (never for this connection's own writes). */
function dataVersion(db: Db): number {
  return db.pragma('main.data_version', { simple: true }) as number;
}
