import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beginFirstRunJournal, beginIndexWrite, commitFirstRun, endFirstRunJournal, type Db } from '../../db/index.ts';
import { DocumentsRepository, type IndexedFile, type StoredFile } from '../../db/repositories/documents.ts';
import { IndexedFilesRepository } from '../../db/repositories/indexed-files.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import { ConfigError, type Config } from '../config.ts';
import type { ReaderSettings, ReadJob, ReadResult } from './read.ts';
import { duplicateKey } from './keys.ts';
import { compiledFile } from './packages.ts';
import { parseKey, parseSettingsOf } from './parser-version.ts';
import { absolute, forEachFile, startWalkThread, statFiles, walkHere, walkProblems, type Walk, type WalkedFile } from './walk.ts';
import { assertKnownLocale } from '../locales.ts';
import type { DocumentKind } from './types.ts';
import type { ClassifiedFile } from '../layouts/types.ts';

export interface IndexProgress {
  phase: 'walk' | 'parse' | 'store' | 'checks';
  done: number;
  total: number;
}

/** Work done inside the run's transaction after files are stored (the checks, after their stale-detection bases). */
export type AfterIndex = (ctx: { db: Db; runId: number; now: Date; changed: ChangeSet }) => void | Promise<void>;

export interface IndexOptions {
  config: Config;
  db: Db;
  now?: () => Date;
  onProgress?: (p: IndexProgress) => void;
  afterIndex?: AfterIndex;
  /** Let this run delete more than MASS_DELETE allows (`index --allow-mass-delete`). */
  allowMassDelete?: boolean;
  /**
   * Parse every file again, whatever its stat and bytes (`index --reparse`). A run does so by
   * itself when the parser or the settings it parses with changed since the last complete run
   * (`parseKey`). A file parsed again with the same bytes keeps its `content_run` (stale detection
   * dates a translation by it), and its `changed_run` too unless its redirect entries changed.
   */
  reparse?: boolean;
  /**
   * The files (absolute, or relative to the site root) that may have changed since the last
   * complete run, as `serve --watch` knows them: only these are looked at, every other indexed
   * file is taken as stored, with the same result as a walk. The site is walked instead when
   * there is no complete run yet, when there are more than PATHS_LIMIT, when one is a folder or a
   * folder's indexed files are gone with it, or when the stored rows do not fit the layout.
   */
  paths?: readonly string[];
  /**
   * Where the site is walked: by default, when `workers` is set above 0, or is not set, the
   * last complete run saw at least WALK_THREAD_MIN files and a core is free, a walk thread
   * starts with the run and this thread walks, once its stored state is loaded, the locales the
   * walk thread has not started; else this thread walks alone. `true`: the walk thread walks every locale (tests drive that
   * path with it); `false`: this thread walks alone.
   */
  walkThread?: boolean;
  /**
   * Whether this thread parses too, between stores, when parser threads run (default). `false`:
   * it only stores, and a core stays free for what shares the process: `serve`'s re-index, whose
   * readers come first (with both cores busy, their p95 during a re-index was 1.47–2.01× idle, against 1.40–1.43× with a core free: test/stress/claims.stress.ts).
   */
  storingThreadParses?: boolean;
  /**
   * Whether the paragraphs' text-hash index is built once after the run's inserts instead of
   * updated by each (`DocumentsRepository.deferIndexes`), and a first run writes the file without
   * WAL (`beginFirstRunJournal`): by default when the run parses at least BULK_LOAD_MIN files and
   * at least half as many as it sees stored (a cold index); tests set it.
   */
  bulkLoad?: boolean;
}

/**
 * From this many files (the last complete run's) a run walks in a thread of its own: on the
 * snapshot (36k files) that takes the walk off this thread's critical path; on a small site the
 * thread's start would cost more than the walk.
 */
export const WALK_THREAD_MIN = 2000;

/**
 * Whether a core is free for the walk thread (the last minute's load average leaves one): the
 * thread costs ~0.2 s more CPU on the snapshot than the walk it takes over, and only pays back
 * in time when it runs beside this thread, not when it queues behind other processes.
 */
function coreFree(): boolean {
  return os.loadavg()[0]! <= os.availableParallelism() - 1;
}

/**
 * Above this many changed paths a run walks the site: a `git checkout` or `pull` of thousands of
 * files costs a stat each either way, and the walk is the plain path.
 */
export const PATHS_LIMIT = 2000;

/** Which documents this run added, changed or deleted, for incremental work after it. */
export interface ChangeSet {
  added: number;
  changed: number;
  deleted: number;
  /** `locale\0key` of every document whose content or existence changed. */
  keys: Set<string>;
}

export interface IndexSummary {
  runId: number;
  locales: string[];
  documents: number;
  filesSeen: number;
  parsed: number;
  unchanged: number;
  added: number;
  deleted: number;
  parseErrors: number;
  durationMs: number;
  problems: { path: string; message: string }[];
  /** The site was walked (false: only `IndexOptions.paths` were looked at). */
  walked: boolean;
  /**
   * Why every file was parsed again: asked (`reparse`), or the parser or its settings changed since
   * the last complete run (`alternating`: and the run before that one had this process's, so another
   * version or configuration of l10n-drift writes the index in turn, each parsing every file again);
   * null when not.
   */
  reparsed: 'asked' | 'parser' | 'alternating' | null;
}

/** Why a run parsed every file again, as the CLI's summary and the server's log say it. */
export const REPARSE_REASONS: Record<NonNullable<IndexSummary['reparsed']>, string> = {
  asked: 'every file parsed again (--reparse)',
  parser: 'every file parsed again (the parser or its limits changed since the last run)',
  alternating:
    'every file parsed again (the last run was written by another version or configuration of l10n-drift, the one before it by this one: two take turns on this index, each parsing every file again; stop the other, such as a server started before an upgrade)',
};

interface Candidate {
  locale: string;
  kind: DocumentKind;
  key: string;
  relPath: string;
  /** The folder of its locale: the file is `walkedPath` under it (its absolute path is made only for the files read). */
  localeRoot: string;
  size: number;
  mtimeMs: number;
  previous: IndexedFile | undefined;
  /** Path relative to the locale root (where English's file for the same key is compared). */
  walkedPath: string;
  /** Another file of the locale has the same key and is the one that keeps it (`resolveDuplicates`). */
  duplicate?: boolean;
}

// Below this many files to read, thread start-up (loader, modules, language model: ~1.5 s)
// costs more than it saves. An explicit `workers` setting always uses threads.
const INLINE_LIMIT = 800;
/** From this many files parsed, and at least half as many as the stored files it sees again, a run is a bulk load (`IndexOptions.bulkLoad`). */
const BULK_LOAD_MIN = 5000;
const BATCH = 32;
const BATCH_BYTES = 512 * 1024;
/** How long the storing thread parses before it looks at the parser threads' messages again. */
const SLICE_MS = 4;
/** Batches sent to a parser thread and not answered: three keep it busy while the storing thread stores and parses (two left it idle ~19 %). */
const IN_FLIGHT = 3;

/**
 * Indexes the English source and every locale: unchanged files cost a stat, files with
 * the same bytes cost a read and a hash, changed files are parsed (in worker threads
 * when there are many). All writes of a run commit in one transaction, so readers keep
 * seeing the previous complete run until this one is done.
 */
export async function indexSite(options: IndexOptions): Promise<IndexSummary> {
  const { config, db } = options;
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const layout = config.layout;
  const runs = new RunsRepository(db);
  const documents = new DocumentsRepository(db);
  const progress = options.onProgress ?? (() => {});

  const active = runs.activeRun();
  if (active) throw new IndexBusyError(active.id);
  // Taken before this run writes its own row: the state kept from this connection's last run
  // holds when nothing has written the index since (`keptIndexState`).
  const mark = connectionMark(db);
  runs.failAbandoned(now());
  const settings: ReaderSettings = parseSettingsOf(config);
  const parsedWith = parseKey(settings);
  const runId = runs.start(now(), parsedWith);
  let walkThread: ReturnType<typeof startWalkThread> | null = null;
  let firstRunJournal = false;

  try {
    requireRoots(config);
    const found = layout.discoverLocales(config.root);
    // A configured locale that is not on disk used to index English alone without a word.
    for (const locale of config.locales ?? []) assertKnownLocale(locale, found, 'locale in config "locales"', `Locales found under ${config.root}`);
    const locales = [layout.sourceLocale, ...found.filter((l) => !config.locales || config.locales.includes(l))];
    const lastRun = runs.latestComplete();
    const reparse: IndexSummary['reparsed'] = options.reparse
      ? 'asked'
      : lastRun !== undefined && runs.parseKeyOf(lastRun.id) !== parsedWith
        ? // The run before the last had this key: two versions or configurations take turns on this index.
          runs.parseKeyBefore(lastRun.id) === parsedWith
          ? 'alternating'
          : 'parser'
        : null;
    // A layout that keeps data read from the site (Hugo's URLs) reads again what changed since its
    // last run; when that changed, so may the keys it classifies paths with: forget the kept ones, walk.
    const layoutChanged = layout.refresh?.(options.paths) ?? false;
    if (layoutChanged) classified.delete(layout);
    const byPaths = !reparse && !layoutChanged && options.paths !== undefined && lastRun !== undefined && options.paths.length <= PATHS_LIMIT;
    // A big site is walked in a thread while this one loads the stored state (the walk and the
    // state were each ~10-20 % of a no-change run of the snapshot); a small one inline.
    const walkRequests = locales.map((locale) => ({ root: layout.localeRoot(config.root, locale), folders: layout.walkFolders ?? [''] }));
    walkThread =
      !byPaths && config.workers !== 0 && (options.walkThread ?? (config.workers !== null || ((lastRun?.files_seen ?? 0) >= WALK_THREAD_MIN && coreFree())))
        ? startWalkThread(walkRequests)
        : null;
    const kept = keptIndexState(db, documents, mark);
    const state = kept.rows;
    const scope = { layout, locales: locales.join('\0') };
    // A path has one live row at most, and may have deleted ones (a key it once had): the live one counts.
    let byPathMemo: Map<string, IndexedFile> | null = null;
    const byPath = () => {
      if (!byPathMemo) {
        byPathMemo = new Map<string, IndexedFile>();
        for (const d of state) if (d.deleted_run === null || byPathMemo.get(d.path)?.deleted_run !== null) byPathMemo.set(d.path, d);
      }
      return byPathMemo;
    };
    // Keys ever indexed in a locale, built only when a new file of it is stored (an unchanged run
    // never needs them; a run that stores one translation builds one locale's, not 36k strings).
    const knownKeysMemo = new Map<string, Set<string>>();
    const knownKeys = (locale: string) => {
      let keys = knownKeysMemo.get(locale);
      if (!keys) {
        knownKeysMemo.set(locale, (keys = new Set()));
        for (const d of state) if (d.locale === locale) keys.add(d.key);
      }
      return keys;
    };

    progress({ phase: 'walk', done: 0, total: locales.length });
    const candidates: Candidate[] = [];
    const problems: { path: string; message: string }[] = [];
    // Layouts with redirect files (MDN `_redirects.txt`): entries by target key per locale.
    // A redirect file changed since the last complete run re-stores its locale's pages,
    // because their redirect rows are written with them.
    const fileRedirects = new Map<string, Map<string, string[]>>();
    const redirectsChanged = new Set<string>();
    const lastRunAt = lastRun ? Date.parse(lastRun.started_at) : -Infinity;
    for (const locale of layout.readRedirects ? locales : []) {
      const table = layout.readRedirects!(config.root, locale);
      fileRedirects.set(locale, table.byTarget);
      for (const p of table.problems) problems.push({ path: `${path.relative(config.root, p.path).split(path.sep).join('/')}:${p.line}`, message: p.message });
      if (table.files.some((f) => (fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) >= lastRunAt)) redirectsChanged.add(locale);
    }
    // A run of paths on the rows this connection's last run left (kept: nothing else wrote since), with
    // this layout and these locales: they are what a walk would leave, so only the changed paths and
    // what they can change are looked at (`changedCandidates`). Otherwise every stored row is a candidate.
    const onlyChanged =
      byPaths && kept.reused && kept.scope?.layout === scope.layout && kept.scope.locales === scope.locales && redirectsChanged.size === 0
        ? changedCandidates(config, locales, state, options.paths!, problems, new IndexedFilesRepository(db))
        : null;
    const known = onlyChanged?.candidates ?? (byPaths ? candidatesOfPaths(config, locales, state, options.paths!, problems, byPath()) : null);
    if (known) candidates.push(...known);
    else {
      // The state is loaded: this thread walks the locales the walk thread has not started.
      const walkedHere: Walk<ClassifiedFile>[] = [];
      for (let i = walkThread && options.walkThread !== true ? walkThread.claim() : null; i !== null; i = walkThread!.claim())
        walkedHere[i] = walkHere(walkRequests[i]!.root, layout.classify, layout.walkFolders);
      for (const [i, locale] of locales.entries()) {
        const localeRoot = walkRequests[i]!.root;
        // Stored paths are relative to the locale's repository (MDN English lives in its own).
        const pathRoot = layout.pathRoot?.(config.root, locale) ?? config.root;
        const walk: Walk<ClassifiedFile> =
          walkedHere[i] ?? (walkThread ? { ...(await walkThread.walkOf(i)), infos: null } : walkHere(localeRoot, layout.classify, layout.walkFolders));
        for (const p of walkProblems(walk, layout.classify))
          problems.push({ path: path.relative(config.root, path.join(localeRoot, p.relPath)), message: p.message });
        // Stored path = the locale root's place under pathRoot + the walked path (no per-file path math).
        const under = path.relative(pathRoot, localeRoot).split(path.sep).join('/');
        const prefix = under === '' ? '' : `${under}/`;
        forEachFile(walk, layout.classify, (walkedPath, size, mtimeMs, info) => {
          const relPath = prefix + walkedPath;
          candidates.push({ locale, kind: info.kind, key: info.key, relPath, localeRoot, size, mtimeMs, previous: byPath().get(relPath), walkedPath });
        });
        progress({ phase: 'walk', done: i + 1, total: locales.length });
      }
    }

    // Where a layout's keys come from paths, two files of a locale with one key are settled
    // before any is read: the one at English's path for that key keeps it, whatever order
    // files are parsed and stored in. A file whose key this changes is read again.
    const rekey = layout.keysFromPaths ? resolveDuplicates(candidates, layout.sourceLocale) : new Set<Candidate>();
    const toRead: Candidate[] = [];
    // The stored files a run of changed paths did not look at: unchanged, as a walk would find them.
    const untouched = onlyChanged?.untouched ?? 0;
    let unchanged = untouched;
    for (const c of candidates) {
      const p = c.previous;
      if (
        !reparse &&
        p &&
        p.deleted_run === null &&
        p.size === c.size &&
        p.mtime_ms === c.mtimeMs &&
        !p.unreadable &&
        !redirectsChanged.has(c.locale) &&
        !rekey.has(c)
      )
        unchanged++;
      else toRead.push(c);
    }

    // The stored rows a file on disk stands for. A live row is the previous row of the one file at
    // its path (byPath prefers it), so "its path was seen" is "it was some file's previous row":
    // a set of rows costs no path hashing (a set of 36k paths was ~15 ms of a snapshot run).
    const seen = new Set<IndexedFile>();
    for (const c of candidates) if (c.previous) seen.add(c.previous);
    // Of a run of changed paths, the stored files found gone; of the others, every live row no file stands for.
    const gone = onlyChanged ? onlyChanged.gone : state.filter((d) => d.deleted_run === null && !seen.has(d));
    if (!options.allowMassDelete && gone.length > 0) guardMassDeletion(state, new Set(gone.map((d) => d.id)));

    // A cold index writes hundreds of MB in one transaction: give SQLite a larger page cache
    // (16 MB: 32 MB held ~10 MB more at peak for no measurable gain, 8 MB cost ~0.5 s).
    db.pragma('cache_size = -16384');
    // Child rows reference documents the same transaction just wrote: checking each of
    // ~1M inserts against its parent costs more than it protects. Restored in finally.
    db.pragma('foreign_keys = OFF');
    // A stored file whose content hash is compared before it is parsed (it may turn out unchanged).
    const hashed = (c: Candidate) =>
      !reparse && c.previous !== undefined && c.previous.deleted_run === null && !redirectsChanged.has(c.locale) && !rekey.has(c);
    // A run that parses most of the site (a cold index) is a bulk load: it builds the paragraphs'
    // text-hash index once at the end instead of updating it with every insert (`deferIndexes`,
    // ~0.5 s less of the storing thread's work on the snapshot), and a first one writes its pages
    // once, not to the WAL and again (beginFirstRunJournal). Files with a stored hash are not counted.
    const parsing = toRead.reduce((n, c) => n + (hashed(c) ? 0 : 1), 0);
    const bulkLoad = options.bulkLoad ?? (parsing >= BULK_LOAD_MIN && parsing * 2 >= seen.size);
    firstRunJournal = bulkLoad && lastRun === undefined && beginFirstRunJournal(db);
    // The index file's lock only: users and claims (the team file) stay writable during the run.
    beginIndexWrite(db);
    // The index file is locked from here to COMMIT: a commit of another connection after the state
    // was read shows as a new data_version, and the state is not kept past this run.
    const lockedVersion = dataVersion(db);
    // Every document row this run writes, to refresh the kept state with after COMMIT.
    const written = new Set<number>();
    const change: ChangeSet = { added: 0, changed: 0, deleted: 0, keys: new Set() };
    let parsedCount = 0;
    // Keys taken in this run in a locale, for duplicate-key detection: built only when a file of
    // the locale is stored (the unchanged files' stored keys), then added to as files are stored.
    const seenKeysMemo = new Map<string, Set<string>>();
    let reading: Set<Candidate> | null = null;
    const seenKeys = (locale: string) => {
      let keys = seenKeysMemo.get(locale);
      if (!keys) {
        seenKeysMemo.set(locale, (keys = new Set()));
        reading ??= new Set(toRead);
        for (const c of candidates) if (c.locale === locale && c.previous && !reading.has(c)) keys.add(c.previous.key);
      }
      return keys;
    };
    // A run of changed paths asks the index for the rows it did not look at: a live row holds its key
    // unless its file is read in this run (it takes a key when stored) or is gone.
    const lookups = onlyChanged ? new IndexedFilesRepository(db) : null;
    let notHoldingMemo: Set<number> | null = null;
    const notHolding = () => {
      if (!notHoldingMemo) {
        notHoldingMemo = new Set(gone.map((d) => d.id));
        for (const c of toRead) if (c.previous && c.previous.deleted_run === null) notHoldingMemo.add(c.previous.id);
      }
      return notHoldingMemo;
    };
    const keyTaken = (locale: string, key: string): boolean => {
      if (seenKeys(locale).has(key)) return true;
      if (!lookups) return false;
      const id = lookups.liveId(locale, key);
      return id !== undefined && !notHolding().has(id);
    };
    // Keys ever indexed: asked of the index in a run of changed paths, else the locale's stored keys.
    const knownKey = (locale: string, key: string): boolean => (lookups ? lookups.known(locale, key) : knownKeys(locale).has(key));

    const store = (c: Candidate, result: ReadResult) => {
      if (result.unchanged) {
        unchanged++;
        if (c.previous) {
          documents.touch(c.previous.id, c.size, c.mtimeMs);
          written.add(c.previous.id);
        }
        seenKeys(c.locale).add(c.previous?.key ?? c.key);
        return;
      }
      parsedCount++;
      const parsed = result.parsed;
      let key = layout.keyOf({ kind: c.kind, key: c.key }, parsed.frontmatter);
      if (c.duplicate || keyTaken(c.locale, key)) {
        parsed.error = {
          code: 'duplicate-key',
          message: `Another file of ${c.locale} already has the key "${key}"; this one is indexed as "${duplicateKey(key, c.relPath)}"`,
        };
        key = duplicateKey(key, c.relPath);
      }
      seenKeys(c.locale).add(key);
      // Its old row, unless the file that now keeps that key takes the row over in this run (it
      // is read: its own stored key is another); then the row keeps its history (first_seen_run).
      const handedOver = c.duplicate === true && c.previous?.key === c.key;
      if (c.previous && c.previous.key !== key && c.previous.deleted_run === null && !handedOver && documents.markDeleted(c.previous.id, runId, c.relPath)) {
        written.add(c.previous.id);
        change.keys.add(`${c.locale}\0${c.previous.key}`);
      }
      const file: StoredFile = {
        locale: c.locale,
        key,
        kind: c.kind,
        path: c.relPath,
        size: c.size,
        mtimeMs: c.mtimeMs,
        redirects: c.kind === 'page' ? [...layout.redirectsOf(parsed.frontmatter), ...(fileRedirects.get(c.locale)?.get(key) ?? [])] : [],
      };
      const isNew = !c.previous && !knownKey(c.locale, key);
      // Parsed again with the same bytes under the same key (a new parser, or its locale's redirect file changed): it
      // keeps the run its content last changed in (content_run: stale detection dates a translation by it), and, for a
      // new parser, its English version is read again as its sections are. With the same redirect entries too, not a change of its row,
      // which keeps changed_run as well (a changed redirect file re-stores its locale's pages as changed rows, what the
      // checks and base identities re-read). A run that parsed every file for a new parse key re-checks every pair
      // (inputsDigest).
      const sameBytes =
        (reparse !== null || redirectsChanged.has(c.locale)) &&
        c.previous !== undefined &&
        c.previous.deleted_run === null &&
        c.previous.key === key &&
        documents.contentHash(c.previous.id) === parsed.contentHash;
      const sameContent = sameBytes && !redirectsChanged.has(c.locale) && !rekey.has(c);
      written.add(
        documents.store(runId, file, parsed, {
          isNew,
          keepHistory: c.locale === layout.sourceLocale,
          sameBytes,
          newParser: reparse !== null,
          sameContent,
          ...(result.rows ? { rows: result.rows } : {}),
        }),
      );
      if (sameContent) return;
      if (!c.previous || c.previous.deleted_run !== null) change.added++;
      else change.changed++;
      change.keys.add(`${c.locale}\0${key}`);
    };

    const jobs: ReadJob[] = toRead.map((c, seq) => ({
      seq,
      absPath: absolute(c.localeRoot, c.walkedPath),
      kind: c.kind,
      locale: c.locale,
      size: c.size,
      knownHash: hashed(c) ? documents.contentHash(c.previous!.id) : null,
    }));
    const buildIndexes = bulkLoad ? documents.deferIndexes() : null;
    // One core stays with the main thread, which stores what the parser threads produce.
    const threads = config.workers ?? Math.min(4, Math.max(1, os.availableParallelism() - 1));
    if (jobs.length === 0) {
      // Nothing to read: the parser (and its language model) is never loaded.
    } else if (threads === 0 || (config.workers === null && jobs.length < INLINE_LIMIT)) {
      // Loaded here, not at the top: with parser threads the main thread never needs the parser's models.
      const { readAndParse } = await import('./read.ts');
      const { languageOfLocale, loadLanguageModel } = await import('./language.ts');
      await loadLanguageModel(new Set(jobs.filter((j) => j.locale !== layout.sourceLocale).map((j) => languageOfLocale(j.locale))));
      jobs.forEach((job, i) => {
        store(toRead[i]!, readAndParse(job, settings));
        if (i % 50 === 0) progress({ phase: 'parse', done: i, total: jobs.length });
      });
    } else {
      const { readAndParse } = await import('./read.ts');
      const { languageOfLocale, judgedByScript } = await import('./language.ts');
      await parseInWorkers(
        jobs,
        settings,
        threads,
        (results) => {
          for (const r of results) store(toRead[r.seq]!, r);
        },
        (done) => progress({ phase: 'parse', done, total: jobs.length }),
        // Pages this thread parses between storing: English and script-judged ones, which never load eld's model here.
        // Keys read from frontmatter go to the first file of a locale stored (`keyTaken`): that stays the walk's order.
        options.storingThreadParses === false
          ? undefined
          : {
              takes: (job) => job.locale === layout.sourceLocale || judgedByScript(languageOfLocale(job.locale)),
              parse: (job) => readAndParse(job, settings),
              ...(layout.keysFromPaths ? {} : { inOrder: (job: ReadJob) => job.locale }),
            },
      );
    }
    progress({ phase: 'parse', done: jobs.length, total: jobs.length });

    // Files no longer on disk (or in a locale no longer indexed).
    for (const d of gone) {
      if (documents.markDeleted(d.id, runId, d.path)) {
        written.add(d.id);
        change.deleted++;
        change.keys.add(`${d.locale}\0${d.key}`);
      }
    }

    buildIndexes?.();

    // Long done: a thread that failed fails the run, even when this thread walked every locale
    // (before the checks, which would otherwise run for a run that fails).
    await walkThread?.finished();
    const filesSeen = candidates.length + untouched;
    const walked = known === null;
    // What the walk and the reads held (a candidate and a read job per file, the walk's paths, the
    // stored rows by path, the keys per locale, the redirect files' tables) is let go before the
    // checks, which run inside this call: ~9 MB of a cold index of the snapshot.
    candidates.length = 0;
    if (known) known.length = 0;
    toRead.length = 0;
    jobs.length = 0;
    seen.clear();
    rekey.clear();
    seenKeysMemo.clear();
    knownKeysMemo.clear();
    fileRedirects.clear();
    reading = null;
    byPathMemo = null;
    walkThread?.release();
    if (options.afterIndex) {
      progress({ phase: 'checks', done: 0, total: 1 });
      await options.afterIndex({ db, runId, now: now(), changed: change });
      progress({ phase: 'checks', done: 1, total: 1 });
    }
    const counts = documents.localeCounts();
    const parseErrors = counts.reduce((n, c) => n + c.parse_errors, 0);
    const durationMs = Math.round(performance.now() - started);
    runs.finish(runId, now(), {
      files_seen: filesSeen,
      files_parsed: parsedCount,
      files_unchanged: unchanged,
      files_added: change.added,
      files_deleted: change.deleted,
      parse_errors: parseErrors,
      duration_ms: durationMs,
    });
    if (firstRunJournal) commitFirstRun(db);
    else db.exec('COMMIT');
    try {
      keepIndexState(db, documents, kept, written, lockedVersion === mark.dataVersion ? lockedVersion : null, scope);
    } catch {
      // The run is committed: without a kept state the next run reads the table again.
      keptStates.delete(db);
    }
    return {
      runId,
      locales,
      documents: counts.reduce((n, c) => n + c.documents, 0),
      filesSeen,
      parsed: parsedCount,
      unchanged,
      added: change.added,
      deleted: change.deleted,
      parseErrors,
      durationMs,
      problems,
      walked,
      reparsed: reparse,
    };
  } catch (err) {
    keptStates.delete(db);
    if (db.inTransaction) db.exec('ROLLBACK');
    runs.fail(runId, now(), (err as Error).message);
    throw err;
  } finally {
    // Done by now unless the run failed first.
    walkThread?.stop();
    db.pragma('foreign_keys = ON');
    if (firstRunJournal) endFirstRunJournal(db);
  }
}

/**
 * The stored index state (`documents.indexState()`, ~60-110 ms on 20-38k rows) kept between runs
 * of one connection: the server's re-index thread runs on every watched save. It is what the table
 * holds after this connection's last run (its rows written in that run read again after COMMIT)
 * as long as nothing else wrote since: another connection's commit changes `PRAGMA data_version`,
 * a write on this connection outside a run changes `total_changes()`. Else it is read again.
 */
interface KeptState {
  dataVersion: number;
  totalChanges: number;
  /** The rows, in the table's order (by id), as indexState() reads them. */
  rows: IndexedFile[];
  /** Where each id is in `rows`; made at the first run that keeps them. */
  at: Map<number, number> | null;
  /** Kept from this connection's last run (not read again for this one). */
  reused: boolean;
  /** The layout and locales (NUL-joined) of the run that left them: its rows are what a walk with them leaves. */
  scope: { layout: Config['layout']; locales: string } | null;
}
const keptStates = new WeakMap<Db, KeptState>();

interface ConnectionMark {
  dataVersion: number;
  totalChanges: number;
}

function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}

function connectionMark(db: Db): ConnectionMark {
  return { dataVersion: dataVersion(db), totalChanges: db.prepare('SELECT total_changes()').pluck().get() as number };
}

/** The stored state for this run: the kept one when it still holds, else read. It is no longer kept while the run uses it. */
function keptIndexState(db: Db, documents: DocumentsRepository, mark: ConnectionMark): KeptState {
  const kept = keptStates.get(db);
  keptStates.delete(db);
  if (kept && kept.dataVersion === mark.dataVersion && kept.totalChanges === mark.totalChanges) return { ...kept, reused: true };
  return { ...mark, rows: documents.indexState(), at: null, reused: false, scope: null };
}

/**
 * After COMMIT: the run's state, with the rows it wrote read again, kept for the next run
 * (`lockedVersion` null: not kept). Updated in place: the run that used it is over.
 */
function keepIndexState(
  db: Db,
  documents: DocumentsRepository,
  state: KeptState,
  written: ReadonlySet<number>,
  lockedVersion: number | null,
  scope: KeptState['scope'],
): void {
  if (lockedVersion === null) return;
  let { rows, at } = state;
  if (!at) {
    at = new Map();
    for (const [i, d] of rows.entries()) at.set(d.id, i);
  }
  let inOrder = true;
  for (const d of documents.indexStateOf([...written])) {
    const i = at.get(d.id);
    if (i !== undefined) rows[i] = d;
    else {
      if (rows.length > 0 && d.id < rows.at(-1)!.id) inOrder = false;
      at.set(d.id, rows.push(d) - 1);
    }
  }
  if (!inOrder) {
    rows = [...rows].sort((a, b) => a.id - b.id);
    at = new Map(rows.map((d, i) => [d.id, i]));
  }
  keptStates.set(db, { dataVersion: lockedVersion, totalChanges: connectionMark(db).totalChanges, rows, at, reused: false, scope });
}

/**
 * `layout.classify` of stored paths, kept between runs of one process (the server's re-index
 * thread classifies every stored row at each watched run: ~45 ms a run on 20k files). classify
 * depends on the path and the layout only (forgotten when `layout.refresh` says the layout's site data changed).
 */
const classified = new WeakMap<Config['layout'], Map<string, ReturnType<Config['layout']['classify']>>>();
function classifyKept(layout: Config['layout'], walkedPath: string): ReturnType<Config['layout']['classify']> {
  let kept = classified.get(layout);
  if (!kept) classified.set(layout, (kept = new Map()));
  let info = kept.get(walkedPath);
  if (info === undefined) kept.set(walkedPath, (info = layout.classify(walkedPath)));
  return info;
}

/**
 * The candidates a walk would find, from the stored rows and a stat of the changed paths only
 * (`IndexOptions.paths`); null when only a walk can say (a folder among the paths, a folder gone
 * with indexed files under it, a stored row the layout no longer classifies as it did).
 * Unreadable files are stat'ed again, as a walk would see them.
 */
function candidatesOfPaths(
  config: Config,
  locales: string[],
  state: IndexedFile[],
  paths: readonly string[],
  problems: { path: string; message: string }[],
  byPath: Map<string, IndexedFile>,
): Candidate[] | null {
  const layout = config.layout;
  const changed = paths.map((p) => path.resolve(config.root, p));
  const live = new Map<string, IndexedFile[]>();
  for (const d of state) {
    if (d.deleted_run !== null) continue;
    let rows = live.get(d.locale);
    if (!rows) live.set(d.locale, (rows = []));
    rows.push(d);
  }
  const out: Candidate[] = [];
  for (const locale of locales) {
    const localeRoot = layout.localeRoot(config.root, locale);
    const pathRoot = layout.pathRoot?.(config.root, locale) ?? config.root;
    const under = path.relative(pathRoot, localeRoot).split(path.sep).join('/');
    const prefix = under === '' ? '' : `${under}/`;
    const byWalked = new Map<string, Candidate>();
    const toStat = new Set<string>();
    for (const d of live.get(locale) ?? []) {
      if (!d.path.startsWith(prefix)) return null;
      const walkedPath = d.path.slice(prefix.length);
      const info = classifyKept(layout, walkedPath);
      if (info === null) return null;
      byWalked.set(walkedPath, {
        locale,
        kind: info.kind,
        key: info.key,
        relPath: d.path,
        localeRoot,
        size: d.size,
        mtimeMs: d.mtime_ms,
        previous: d,
        walkedPath,
      });
      if (d.unreadable) toStat.add(walkedPath);
    }
    if (!addChangedUnder(localeRoot, changed, toStat)) return null;
    for (const o of statFiles(localeRoot, layout.classify, layout.walkFolders ?? [''], toStat)) {
      if (o.state === 'folder') return null;
      if (o.state === 'file') {
        byWalked.set(
          o.file.relPath,
          statCandidate(locale, localeRoot, prefix, o.file, (relPath) => byPath.get(relPath)),
        );
        continue;
      }
      if (o.problem) problems.push({ path: path.relative(config.root, path.join(localeRoot, o.problem.relPath)), message: o.problem.message });
      if (byWalked.delete(o.relPath)) continue;
      // Not a stored file: a folder that went away with indexed files in it is the walk's to settle.
      const folder = `${o.relPath}/`;
      for (const k of byWalked.keys()) if (k.startsWith(folder)) return null;
    }
    out.push(...[...byWalked.values()].sort((a, b) => (a.walkedPath < b.walkedPath ? -1 : a.walkedPath > b.walkedPath ? 1 : 0)));
  }
  return out;
}

/** What a run of changed paths looks at (`changedCandidates`). */
interface ChangedCandidates {
  /** The files at the changed paths, the unreadable ones, and the files that claim a key one of those claims. */
  candidates: Candidate[];
  /** Stored live rows whose file is gone, by id. */
  gone: IndexedFile[];
  /** The live rows not among them: files a walk would find unchanged. */
  untouched: number;
}

/**
 * A run of changed paths (`IndexOptions.paths`) on stored rows that are what a walk with this
 * layout and these locales left (`state`: this connection's last run, nothing written since): the
 * candidates a walk would find that can differ from their rows, and only those. The changed paths
 * and the unreadable files are stat'ed, their rows asked of the index by path; where keys come from
 * paths, every file of any locale that claims a key one of them claims (and English's file of that
 * key) is a candidate too, so `resolveDuplicates` settles its group as over a walk. Every other live
 * row stands for an unchanged file. Null when only a walk can say (as `candidatesOfPaths`).
 */
function changedCandidates(
  config: Config,
  locales: string[],
  state: IndexedFile[],
  paths: readonly string[],
  problems: { path: string; message: string }[],
  lookups: IndexedFilesRepository,
): ChangedCandidates | null {
  const layout = config.layout;
  const changed = paths.map((p) => path.resolve(config.root, p));
  const places = locales.map((locale) => {
    const localeRoot = layout.localeRoot(config.root, locale);
    const pathRoot = layout.pathRoot?.(config.root, locale) ?? config.root;
    const under = path.relative(pathRoot, localeRoot).split(path.sep).join('/');
    return { locale, localeRoot, prefix: under === '' ? '' : `${under}/` };
  });
  const placeOf = new Map(places.map((p) => [p.locale, p]));
  // Unreadable files are stat'ed again, as a walk would see them.
  const toStat = new Map<string, Set<string>>(locales.map((l) => [l, new Set()]));
  let live = 0;
  for (const d of state) {
    if (d.deleted_run !== null) continue;
    live++;
    if (!d.unreadable) continue;
    const place = placeOf.get(d.locale);
    if (!place || !d.path.startsWith(place.prefix)) return null;
    toStat.get(d.locale)!.add(d.path.slice(place.prefix.length));
  }
  const byLocale = new Map<string, Map<string, Candidate>>(locales.map((l) => [l, new Map()]));
  const gone = new Map<number, IndexedFile>();
  const claimed = new Set<string>();
  for (const { locale, localeRoot, prefix } of places) {
    const stat = toStat.get(locale)!;
    if (!addChangedUnder(localeRoot, changed, stat)) return null;
    const found = byLocale.get(locale)!;
    for (const o of statFiles(localeRoot, layout.classify, layout.walkFolders ?? [''], stat)) {
      if (o.state === 'folder') return null;
      if (o.state === 'file') {
        found.set(
          o.file.relPath,
          statCandidate(locale, localeRoot, prefix, o.file, (relPath) => lookups.atPath(relPath)),
        );
        claimed.add(o.file.info.key);
        continue;
      }
      if (o.problem) problems.push({ path: path.relative(config.root, path.join(localeRoot, o.problem.relPath)), message: o.problem.message });
      const stored = lookups.atPath(prefix + o.relPath);
      if (stored && stored.deleted_run === null && stored.locale === locale) {
        gone.set(stored.id, stored);
        const info = classifyKept(layout, o.relPath);
        if (info === null) return null;
        claimed.add(info.key);
        continue;
      }
      // Not a stored file: a folder that went away with indexed files in it is the walk's to settle.
      const folder = `${prefix}${o.relPath}/`;
      for (const d of state) if (d.deleted_run === null && d.path.startsWith(folder)) return null;
    }
  }
  if (layout.keysFromPaths) {
    // The other files of each claimed key, in every locale: their group is settled again with the changed ones.
    for (const key of claimed) {
      for (const { locale, localeRoot, prefix } of places) {
        const found = byLocale.get(locale)!;
        for (const d of lookups.claiming(locale, key)) {
          if (gone.has(d.id)) continue;
          if (!d.path.startsWith(prefix)) return null;
          const walkedPath = d.path.slice(prefix.length);
          if (found.has(walkedPath)) continue;
          const info = classifyKept(layout, walkedPath);
          if (info === null) return null;
          if (info.key !== key) continue;
          found.set(walkedPath, { locale, kind: info.kind, key, relPath: d.path, localeRoot, size: d.size, mtimeMs: d.mtime_ms, previous: d, walkedPath });
        }
      }
    }
  }
  const candidates: Candidate[] = [];
  let looked = gone.size;
  for (const locale of locales) {
    const found = [...byLocale.get(locale)!.values()].sort((a, b) => (a.walkedPath < b.walkedPath ? -1 : a.walkedPath > b.walkedPath ? 1 : 0));
    for (const c of found) if (c.previous && c.previous.deleted_run === null) looked++;
    candidates.push(...found);
  }
  return { candidates, gone: [...gone.values()].sort((a, b) => a.id - b.id), untouched: live - looked };
}

/** The site root (or MDN's English source) is not a folder: a typo, not a site whose files were all deleted. */
export class MissingRootError extends ConfigError {
  override name = 'MissingRootError';
}

/** The folders a layout reads English from (any of them may be missing, not all). */
function englishFolders(config: Config): string[] {
  const english = config.layout.localeRoot(config.root, config.layout.sourceLocale);
  return (config.layout.walkFolders ?? ['']).map((f) => path.join(english, f));
}

const isFolder = (dir: string) => fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;

/** Whether the site has its English source where its layout reads it (else `indexSite` fails, loud). */
export function hasEnglishSource(config: Config): boolean {
  return englishFolders(config).some(isFolder);
}

function requireRoots(config: Config): void {
  for (const [what, dir] of [
    ['Site root', config.root],
    ['English source root (sourceRoot)', config.sourceRoot],
  ] as const) {
    if (dir !== null && !isFolder(dir)) {
      throw new MissingRootError(`${what} ${dir} is not a folder: check --root or the config's "${what.startsWith('Site') ? 'root' : 'sourceRoot'}"`);
    }
  }
  // A root that is a folder but not the site (its parent, a checkout of another site, another
  // layout's site) indexed no English and said "0 documents" with exit 0: every finding gone green.
  const { layout } = config;
  if (!hasEnglishSource(config)) {
    const folders = englishFolders(config);
    // Under the root as the root's relative paths; elsewhere (MDN's sourceRoot) whole.
    const where = folders.map((f) => (path.relative(config.root, f).startsWith('..') ? f : path.relative(config.root, f) || '.')).join(', ');
    throw new MissingRootError(
      `No English source in ${config.root}: the ${layout.name} layout reads English from ${where}, which ${folders.length > 1 ? 'are not folders' : 'is not a folder'}; check --root, "sourceRoot" or "layout"`,
    );
  }
}

/**
 * A run may not delete all the indexed documents of the site, nor more than `share` of
 * the site's or of one locale's where it has at least `minDocuments`: a wrong root or a
 * renamed locale folder would otherwise resolve every finding and leave CI green.
 * `index --allow-mass-delete` lets a real removal through.
 */
export const MASS_DELETE = { share: 0.5, minDocuments: 10 } as const;

export class MassDeleteError extends Error {
  override name = 'MassDeleteError';
}

function guardMassDeletion(state: IndexedFile[], goneIds: ReadonlySet<number>): void {
  const live = new Map<string, number>();
  const gone = new Map<string, number>();
  for (const d of state) {
    if (d.deleted_run !== null) continue;
    live.set(d.locale, (live.get(d.locale) ?? 0) + 1);
    if (goneIds.has(d.id)) gone.set(d.locale, (gone.get(d.locale) ?? 0) + 1);
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const tooMany = (deleted: number, of: number) => of >= MASS_DELETE.minDocuments && deleted > of * MASS_DELETE.share;
  const site = { deleted: sum(gone), of: sum(live) };
  const siteWide = (site.deleted > 0 && site.deleted === site.of) || tooMany(site.deleted, site.of);
  const where = siteWide
    ? `${site.deleted} of the site's ${site.of} indexed documents`
    : [...gone]
        .filter(([l, n]) => tooMany(n, live.get(l) ?? 0))
        .map(([l, n]) => `${n} of ${live.get(l)} ${l} documents`)
        .join(', ');
  if (where) {
    throw new MassDeleteError(
      `This run would delete ${where}: their files are not under the root any more. Nothing was changed. Check --root and the locale folders, or pass --allow-mass-delete if they were removed on purpose.`,
    );
  }
}

export class IndexBusyError extends Error {
  override name = 'IndexBusyError';
  constructor(readonly runId: number) {
    super(`Run ${runId} is still indexing; wait for it to finish`);
  }
}

export async function parseInWorkers(
  jobs: ReadJob[],
  settings: ReaderSettings,
  threads: number,
  onResults: (results: ReadResult[]) => void,
  onProgress: (done: number) => void,
  here?: {
    takes: (job: ReadJob) => boolean;
    parse: (job: ReadJob) => ReadResult;
    /** Jobs with one value of this are stored in their order (by one thread): keys from frontmatter go to the first file stored. */
    inOrder?: (job: ReadJob) => string;
  },
  /** Told, each time a thread's answer waits for an earlier batch, how many answers wait (tests). */
  onHeld?: (held: number) => void,
): Promise<void> {
  // On two cores the one parser thread was the run's limit while this thread, storing, sat idle over
  // half of it (CPU profiles of both, 2026-12-05): now this thread parses too, the jobs `here` takes,
  // in slices between storing. A second parser thread instead cost a second heap and language model
  // (446 MB peak on the snapshot against 400) for a slower run.
  // The compiled CLI's threads run its bundle of worker.ts: no TypeScript loader to start in each.
  const entry = (compiledFile('worker.js') ?? new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url)).href;
  const boot = new URL('./worker-boot.mjs', import.meta.url);
  // Batches are bounded in bytes as well as files: a parsed document holds several copies
  // of its text, so 32 files of 1.5 MB in flight per thread cost over a gigabyte.
  const batchesOf = (list: ReadJob[]) => {
    const batches: ReadJob[][] = [];
    let batch: ReadJob[] = [];
    let batchBytes = 0;
    for (const job of list) {
      if (batch.length > 0 && (batch.length >= BATCH || batchBytes + job.size > BATCH_BYTES)) {
        batches.push(batch);
        batch = [];
        batchBytes = 0;
      }
      batch.push(job);
      batchBytes += Math.min(job.size, settings.maxFileBytes);
    }
    if (batch.length > 0) batches.push(batch);
    return batches;
  };
  // Batches only a parser thread takes (they need the language model) go first, in order; the
  // others are groups either side claims, the largest first (a batch, or every batch of one
  // `inOrder` value, parsed front to back by the side that claims it). Largest first, so the last
  // groups claimed are small: with MDN's 11,804 English pages met last, one side had parsed alone
  // for a second at the end of the run.
  const threadOnly = batchesOf(here ? jobs.filter((j) => !here.takes(j)) : jobs);
  const batches = [...threadOnly];
  const pool: { from: number; to: number; bytes: number }[] = [];
  if (here) {
    const shared = jobs.filter((j) => here.takes(j));
    const groups = new Map<string, ReadJob[]>();
    for (const job of here.inOrder ? shared : []) {
      const value = here.inOrder!(job);
      const group = groups.get(value);
      if (group) group.push(job);
      else groups.set(value, [job]);
    }
    for (const group of here.inOrder ? groups.values() : batchesOf(shared)) {
      const from = batches.length;
      batches.push(...(here.inOrder ? batchesOf(group) : [group]));
      pool.push({ from, to: batches.length, bytes: group.reduce((n, j) => n + j.size, 0) });
    }
    // Claimed from the end.
    pool.sort((x, y) => x.bytes - y.bytes);
  }
  // The batches the threads take next, in order: the thread-only ones, then the groups they claim.
  const queue: number[] = threadOnly.map((_, i) => i);
  let queued = 0;
  const nextForThreads = (): number | undefined => {
    if (queued === queue.length) {
      const group = pool.pop();
      for (let k = group?.from ?? 0; k < (group?.to ?? 0); k++) queue.push(k);
    }
    return queued < queue.length ? queue[queued++] : undefined;
  };
  let done = 0;
  const workers = Array.from(
    { length: Math.min(threads, batches.length) },
    () =>
      // A bounded heap makes V8 collect instead of growing: parsed text is short-lived. The young
      // generation is where it dies: at 8 MB, scavenges promoted batches still in use to the old
      // generation and garbage collection took ~20% of the thread's time on the snapshot (CPU
      // profile); 32 MB cut the thread's CPU time by ~10% for ~15 MB more peak RSS. 64 MB took its
      // garbage collection from 18% to 11% of the thread for ~20 MB more peak RSS: on the snapshot
      // 10.5-10.7 s and 340-348 MB against 11.1-11.6 s and 321-331 MB at 48 MB (2026-12-06). A CI
      // run's 440 MB at 64 MB was read through getrusage, which carries a parent's RSS across exec
      // (scripts/peak-rss.mjs), and the storing thread's heap could then grow 4× what it kept alive
      // (bounded since: server/cli/heap.ts).
      new Worker(boot, { workerData: { entry, settings }, resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 64 } }),
  );
  // Set when the run stops (done or failed): this thread's loop stores nothing after that.
  let stopped = false;
  // This thread: between storing what the threads send (their messages are handled before each
  // setImmediate), it parses the groups it claims, a few milliseconds at a time, so a thread's
  // results wait no longer than that to be stored and to be sent its next batch.
  const parseHere = async () => {
    if (!here) return;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const group = stopped ? undefined : pool.pop();
      if (!group) return;
      for (let k = group.from; k < group.to; k++) {
        const b = batches[k]!;
        for (let i = 0; i < b.length;) {
          if (stopped) return;
          const until = performance.now() + SLICE_MS;
          const results: ReadResult[] = [];
          while (i < b.length && performance.now() < until) results.push(here.parse(b[i++]!));
          storeResults(results);
          await new Promise((r) => setImmediate(r));
        }
      }
    }
  };
  // What the threads parsed, stored in the order the batches were sent when `inOrder` asks for it
  // (a batch waits for the ones sent before it), else as it comes. Batches sent and not stored are
  // at most IN_FLIGHT a thread: one slow batch holds the others' results, not ever more of them.
  const window = workers.length * IN_FLIGHT;
  const feeds: (() => void)[] = [];
  const sent: number[] = [];
  const parsed = new Map<number, ReadResult[]>();
  let stored = 0;
  const storeResults = (results: ReadResult[]) => {
    onResults(results);
    done += results.length;
    onProgress(done);
  };
  const storeParsed = (index: number, results: ReadResult[]) => {
    if (!here?.inOrder) return storeResults(results);
    parsed.set(index, results);
    if (index !== sent[stored]) onHeld?.(parsed.size);
    for (let ready = parsed.get(sent[stored]!); ready; ready = parsed.get(sent[stored]!)) {
      parsed.delete(sent[stored++]!);
      storeResults(ready);
    }
  };
  let finished = false;
  try {
    await Promise.all([
      parseHere(),
      ...workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const inFlight: number[] = [];
            const feed = () => {
              while (inFlight.length < IN_FLIGHT && (!here?.inOrder || sent.length - stored < window)) {
                const k = nextForThreads();
                if (k === undefined) break;
                sent.push(k);
                inFlight.push(k);
                w.postMessage(batches[k]);
              }
              if (inFlight.length === 0 && queued === queue.length && pool.length === 0) resolve();
            };
            feeds.push(feed);
            w.on('message', (results: ReadResult[]) => {
              // A thread answers its batches in the order it was sent them.
              try {
                storeParsed(inFlight.shift()!, results);
              } catch (err) {
                reject(err);
                return;
              }
              // What was stored may open the window for a thread that waits on it.
              for (const f of feeds) f();
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (code !== 0) reject(new Error(`Parser thread exited with code ${code}`));
            });
            feed();
          }),
      ),
    ]);
    finished = true;
  } finally {
    stopped = true;
    // Done: each thread is told so and ends on its own (its printed output written out); a run
    // that failed stops them at once.
    await Promise.all(
      workers.map((w) =>
        finished
          ? new Promise<void>((resolve) => {
              // threadId is -1 once a thread has exited.
              if (w.threadId < 0) return resolve();
              w.once('exit', () => resolve());
              w.postMessage(null);
            })
          : w.terminate(),
      ),
    );
  }
}

/**
 * Files of one locale that claim one key (GitHub Docs: `X.md` beside `X/index.md`): the one at
 * the path English has for that key keeps it (else the first by path); the others are marked
 * `duplicate` and get the key with their path appended. Returns the files whose stored key
 * this changes, to be read and stored again.
 */
function resolveDuplicates(candidates: Candidate[], sourceLocale: string): Set<Candidate> {
  const rekey = new Set<Candidate>();
  const storedKey = (c: Candidate) => (c.previous && c.previous.deleted_run === null ? c.previous.key : null);
  // Per locale, the first file of each key; groups only where a second one shows up.
  const firstOf = new Map<string, Map<string, Candidate>>();
  const groups: Candidate[][] = [];
  const groupOf = new Map<Candidate, Candidate[]>();
  for (const c of candidates) {
    let first = firstOf.get(c.locale);
    if (!first) firstOf.set(c.locale, (first = new Map()));
    const holder = first.get(c.key);
    if (holder === undefined) {
      first.set(c.key, c);
      // A file that had another key (the other file of its key is gone): stored again.
      const stored = storedKey(c);
      if (stored !== null && stored !== c.key) rekey.add(c);
      continue;
    }
    let group = groupOf.get(holder);
    if (!group) (groups.push((group = [holder])), groupOf.set(holder, group));
    group.push(c);
  }
  // With no English file to go by, the file that holds the key keeps it (else the first by path):
  // a file added beside it never takes the key, and with it the history, from the original.
  const holding = (group: Candidate[]) => group.find((c) => storedKey(c) === c.key) ?? group[0]!;
  const englishKeepers = new Map<string, Candidate>();
  for (const group of groups) if (group[0]!.locale === sourceLocale) englishKeepers.set(group[0]!.key, holding(group));
  const english = firstOf.get(sourceLocale);
  for (const group of groups) {
    const key = group[0]!.key;
    const englishFile = englishKeepers.get(key) ?? english?.get(key);
    const keeper =
      group[0]!.locale === sourceLocale ? englishKeepers.get(key)! : (group.find((c) => c.walkedPath === englishFile?.walkedPath) ?? holding(group));
    for (const c of group) {
      c.duplicate = c !== keeper;
      const stored = storedKey(c);
      if (stored !== null && stored !== (c.duplicate ? duplicateKey(c.key, c.relPath) : c.key)) rekey.add(c);
      else rekey.delete(c);
    }
  }
  return rekey;
}

/** Adds the changed paths under a locale root to `toStat` (relative, posix); false when the root itself changed (a walk's to settle). */
function addChangedUnder(localeRoot: string, changed: Iterable<string>, toStat: Set<string>): boolean {
  for (const abs of changed) {
    const rel = path.relative(localeRoot, abs);
    if (rel === '') return false;
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) continue;
    toStat.add(rel.split(path.sep).join('/'));
  }
  return true;
}

/** A stat'ed file of a locale as a candidate, with the stored row at its path (`previousAt`). */
function statCandidate(
  locale: string,
  localeRoot: string,
  prefix: string,
  file: WalkedFile<NonNullable<ReturnType<Config['layout']['classify']>>>,
  previousAt: (relPath: string) => IndexedFile | undefined,
): Candidate {
  const relPath = prefix + file.relPath;
  return {
    locale,
    kind: file.info.kind,
    key: file.info.key,
    relPath,
    localeRoot,
    size: file.size,
    mtimeMs: file.mtimeMs,
    previous: previousAt(relPath),
    walkedPath: file.relPath,
  };
}
