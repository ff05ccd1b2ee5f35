import path from 'node:path';
import type { Db } from '../../db/index.ts';
import { versionSections, type VersionSection } from '../../db/document-rows.ts';
import { BlobSectionsRepository, HistoryRepository, type HistoryDocument } from '../../db/repositories/history.ts';
import type { BaseUnknownReason, StaleBase } from '../checks/define.ts';
import type { Config } from '../config.ts';
import { languageOfLocale } from '../indexer/language.ts';
import { frontmatterOf, parseDocument } from '../indexer/parse.ts';
import { parserVersion } from '../indexer/parser-version.ts';
import { readRegularFile } from '../indexer/read-file.ts';
import { loadEnglishRedirects } from '../../db/repositories/check-documents.ts';
import { pairedEnglishKey } from '../shared/documents.ts';
import { contentFields, fieldValues } from './fields.ts';
import { applyClaimBases, type ClaimBaseRecord } from './claims.ts';
import {
  catFiles,
  gitToplevel,
  modifiedPaths,
  objectNames,
  openSourceRepository,
  parentsOf,
  readLog,
  resolveCommits,
  startsHistory,
  workTreeMoves,
  yieldToGit,
  type SourceRepository,
} from './git.ts';
import type { GitHistory, ChainEntry } from './git-history.ts';
import { readHistory } from './log-cache.ts';
import { EnglishIndexHistory, staleKey } from './index-history.ts';
import type { BasePair } from './identities.ts';
import { malformedSourceCommitOfJson, sourceCommitOf, sourceCommitOfJson } from './source-commit.ts';
import { cosmeticCommits, type CosmeticCommit } from './skip.ts';

export { sourceCommitOf, staleKey };

export interface ResolveOptions {
  /** Resolve only these translations (the article view); every translation when omitted. */
  only?: { locale: string; key: string }[];
  /** Read git history when the site root is a git work tree (default true). */
  git?: boolean;
  /**
   * A check run's resolution, whose bases are read in the transaction the documents are read in:
   * the current English sections a base points at read their text on first access
   * (`HistoryRepository` `lazySources`), as the checks read English's.
   */
  lazySources?: boolean;
  /** Bases recorded when claims were completed (the claims table provides them). */
  claims?: ClaimBaseRecord[];
  /** Called with each phase's duration (benchmarks). */
  onPhase?: (phase: string, ms: number) => void;
  /**
   * A check run's partial resolution: only these translations, paired as a full resolution pairs
   * them (history/identities.ts), with git read as a full resolution reads it: the log of
   * `locales` (every locale with a paired translation), kept for the next run. Throws
   * PartialResolutionUnsafe where the result could depend on the other translations (git's
   * rename detection, which a full resolution runs for the commits all pages need).
   */
  pairs?: { pairs: readonly BasePair[]; locales: ReadonlySet<string> };
}

/** A partial resolution (`pairs`) whose bases could differ from a full one's: resolve them all. */
export class PartialResolutionUnsafe extends Error {
  override name = 'PartialResolutionUnsafe';
}

/** Where the git base of one translation points, before its English blob is parsed. */
interface GitBase {
  translation: HistoryDocument;
  english: HistoryDocument;
  source: 'sourceCommit' | 'git';
  ref: string;
  at: number;
  time: number;
  chain: ChainEntry[];
  /** Set when the translation is older than the history (last changed in its first commit). */
  unknown?: BaseUnknownReason;
  /**
   * The English blob the translator saw when it is not the one on the main line at `at`: a
   * translation merged from a branch was made against the English of its branch commit.
   */
  blob?: string | null;
}

// Days behind: from the base to the newest English change it misses.
const DAY = 86_400;

/**
 * The English version each translation was made from, keyed by `locale\0key`, in the
 * order of DESIGN.md: `sourceCommit` in frontmatter → git (the English file at the last
 * commit that changed the translation) → index history → a completed claim's base.
 * Reads git in one log pass, one rename-detection pass where needed and one
 * `cat-file --batch`; never a git process per file.
 */
export async function resolveBases(db: Db, config: Config, options: ResolveOptions = {}): Promise<Map<string, StaleBase>> {
  const layout = config.layout;
  const repo = new HistoryRepository(db, { lazySources: options.lazySources === true });
  const sourceLocale = layout.sourceLocale;
  const useSource = options.git !== false && !!config.sourceRepository;
  const top = options.git === false || useSource ? null : await gitToplevel(config.root);
  // The history is read (or brought up to date from the last run's, log-cache.ts) while the
  // documents are read: its pathspecs need only the locales, which one cheap query gives
  // (checked against the documents' own once they are read).
  let early: EarlyLog | null = null;
  if (top && !options.only) {
    const pathspecs = logPathspecs(top, config, new Set(repo.liveLocales().filter((l) => l !== sourceLocale)));
    const log = readHistory(db, top, pathspecs);
    // Not wanted after all (other pathspecs): its failure is nobody's business.
    log.catch(() => {});
    early = { pathspecs, log };
  }
  const english = new Map<string, HistoryDocument>();
  const translations: HistoryDocument[] = [];
  // A translation filed under a key English moved away from is compared with the moved page, as
  // the checks pair them (pairedEnglishKey): its English is found under its own key too.
  let redirects: Map<string, string> | null = null;
  const movedEnglish = (t: HistoryDocument, englishOf: (key: string) => HistoryDocument | undefined): HistoryDocument | undefined => {
    redirects ??= loadEnglishRedirects(db, sourceLocale);
    const to = pairedEnglishKey(
      t.key,
      t.kind,
      (k) => englishOf(k)?.kind,
      (k) => redirects!.get(k),
    );
    return to === undefined || to === t.key ? undefined : englishOf(to);
  };
  if (options.pairs) {
    for (const { locale, key, englishKey } of options.pairs.pairs) {
      const t = repo.liveDocument(locale, key);
      const e = repo.liveDocument(sourceLocale, englishKey);
      // Paired from the same documents (one transaction, or the caller checks the data version).
      if (!t || !e) throw new PartialResolutionUnsafe(`${locale} ${key} is no longer paired with English ${englishKey}`);
      english.set(key, e);
      translations.push(t);
    }
  } else if (options.only) {
    for (const { locale, key } of options.only) {
      const t = repo.liveDocument(locale, key);
      const e = repo.liveDocument(sourceLocale, key) ?? (t && locale !== sourceLocale ? movedEnglish(t, (k) => repo.liveDocument(sourceLocale, k)) : undefined);
      if (e) english.set(key, e);
      if (t && e && locale !== sourceLocale) translations.push(t);
    }
  } else {
    const all = repo.liveDocuments();
    for (const d of all) if (d.locale === sourceLocale) english.set(d.key, d);
    const byKey = new Map(english);
    // Orphans (no English page under the key, and none it moved to) are the orphaned-translation check's business.
    for (const d of all) {
      if (d.locale === sourceLocale) continue;
      if (!byKey.has(d.key)) {
        const moved = movedEnglish(d, (k) => byKey.get(k));
        if (!moved) continue;
        english.set(d.key, moved);
      }
      translations.push(d);
    }
  }

  const bases = new Map<string, StaleBase>();
  let t = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    options.onPhase?.(phase, now - t);
    t = now;
  };
  let sourceAvailable = false;
  const partial = options.pairs ? { locales: options.pairs.locales } : null;
  if (useSource) {
    // English in a repository of its own (MDN): sourceCommit names its commits, not the site's.
    // An unavailable repository leaves every translation to index history.
    const source = await openSourceRepository(config.sourceRepository!);
    sourceAvailable = source !== null;
    if (source) await resolveFromSourceRepository({ db, config, repo, english, translations, bases, lap, keep: !options.only, partial }, source);
  } else if (top) {
    // The site's git cannot resolve commits of the English source's repository (the layout says
    // sourceCommit names those): such translations are left to index history, with their reason.
    // (A full resolution then reads the log of the locales with such translations only: a partial one cannot know them.)
    if (partial && layout.sourceCommits === 'source-repository') throw new PartialResolutionUnsafe('sourceCommit without its repository');
    const resolvable =
      layout.sourceCommits === 'source-repository' ? translations.filter((t) => sourceCommitOfJson(t.frontmatter_json) === null) : translations;
    await resolveFromGit({ db, config, repo, english, translations: resolvable, bases, lap, keep: !options.only, partial }, top, early);
  }
  // sourceCommit names a commit of the English source's repository, and there is none to read it in.
  const noSourceRepository = options.git !== false && layout.sourceCommits === 'source-repository' && !sourceAvailable;

  const index = new EnglishIndexHistory(repo, sourceLocale, english, layout.frontmatter, (options.pairs?.pairs.length ?? Infinity) < FEW);
  // Why a translation that git (or its sourceCommit) could not place has no known base.
  const reasonOf = (t: HistoryDocument): BaseUnknownReason => {
    if (malformedSourceCommitOfJson(t.frontmatter_json)) return 'malformed-source-commit';
    const named = sourceCommitOfJson(t.frontmatter_json) !== null;
    if (named && noSourceRepository) return 'no-source-repository';
    if (useSource && !sourceAvailable) return 'no-git-history';
    if (useSource) return named ? 'unknown-commit' : 'no-source-commit';
    return top ? (named ? 'unknown-commit' : 'not-committed') : 'no-git-history';
  };
  for (const t of translations) {
    const id = staleKey(t.locale, t.key);
    if (bases.has(id)) continue;
    const base = index.baseOf(t);
    // Index history that starts with the translation already there cannot say which English it was made from.
    if (base?.baseState === 'unknown') base.reason = reasonOf(t);
    bases.set(id, base ?? unknownBase(reasonOf(t)));
  }
  lap('index history');
  if (options.claims?.length) applyClaimBases(bases, options.claims, index, repo);
  return bases;
}

/** Up to this many translations, a partial resolution reads index history page by page (EnglishIndexHistory `few`). */
const FEW = 256;

/** No English version is known as the translation's base, and none is known to have come after it. */
function unknownBase(reason: BaseUnknownReason): StaleBase {
  return { source: 'index', baseState: 'unknown', reason, ref: null, date: null, sections: null, commitsBehind: null, daysBehind: null };
}

/** What every git resolution works on: the run's documents in, the bases it finds out. */
interface Resolution {
  db: Db;
  config: Config;
  repo: HistoryRepository;
  english: Map<string, HistoryDocument>;
  translations: HistoryDocument[];
  /** Filled in by the resolver, keyed by staleKey. */
  bases: Map<string, StaleBase>;
  lap: (phase: string) => void;
  /** Keep the git log read for the next run (check runs; not one article's diff). */
  keep: boolean;
  /** A check run's partial resolution (ResolveOptions.pairs): every paired translation's locale. */
  partial: { locales: ReadonlySet<string> } | null;
}

async function resolveFromGit(
  { db, config, repo, english, translations, bases, lap, keep, partial }: Resolution,
  top: string,
  early: EarlyLog | null,
): Promise<void> {
  const layout = config.layout;
  const sourceLocale = layout.sourceLocale;
  const toTop = topRelative(top, config.root);
  const englishRoot = toTop(path.relative(config.root, layout.localeRoot(config.root, sourceLocale)) || '.');
  // Every locale on disk, indexed or not: their files are never English.
  // A partial resolution reads as a full one does: the locales of every paired translation.
  const translationLocales = partial?.locales ?? new Set(translations.map((t) => t.locale));
  const allLocales = [...new Set([...layout.discoverLocales(config.root), ...translationLocales])].filter((l) => l !== sourceLocale);
  const localeRoots = allLocales.map((l) => toTop(path.relative(config.root, layout.localeRoot(config.root, l))));
  const englishPathspecs = [
    englishRoot === '' ? '.' : englishRoot,
    ...localeRoots.filter((r) => englishRoot === '' || englishRoot === '.' || r.startsWith(englishRoot + '/')).map((r) => `:(exclude)${r}`),
  ];
  const englishRootPrefix = englishRoot === '' || englishRoot === '.' ? '' : englishRoot + '/';
  const locales = allLocales.map((l) => ({ locale: l, prefix: toTop(path.relative(config.root, layout.localeRoot(config.root, l))) + '/' }));
  // `locale\0key` of a repository path, or null when it is no document of the site.
  const keyOf = (p: string): string | null => {
    const owner = locales.find((l) => p.startsWith(l.prefix));
    const rel = owner ? p.slice(owner.prefix.length) : p.startsWith(englishRootPrefix) ? p.slice(englishRootPrefix.length) : null;
    if (rel === null) return null;
    const c = layout.classify(rel);
    return c ? `${owner ? owner.locale : sourceLocale}\0${c.key}` : null;
  };

  // Only the English side and the indexed locales: other locales' changes are never read.
  const pathspecs = logPathspecs(top, config, new Set(translationLocales));
  const history = early && sameList(early.pathspecs, pathspecs) ? await early.log : await readHistory(db, top, pathspecs, { keep });
  lap('git log');

  const { chains, needsGit, chainOf } = englishChains(repo, sourceLocale, history, toTop, keyOf);
  const named = namedSourceCommits(translations);
  const { resolved, placeAt } = await placeSourceCommits(top, named, history);

  const pending: GitBase[] = [];
  // `from`: the path whose history is the translation's (its own, or where it was moved from in the work tree).
  const place = async (t: HistoryDocument, from = toTop(t.path)): Promise<GitBase | null> => {
    const e = english.get(t.key)!;
    const name = named.get(t);
    if (name !== undefined) {
      const sha = resolved.get(name);
      return sha ? placeAt(t, e, sha, chainOf) : null;
    }
    const at = lastContentChange(history, from, keyOf);
    // Not committed yet, or deleted in HEAD and back in the work tree: git does not know the base.
    if (at === undefined) return null;
    const commit = history.commits[at]!;
    // Last changed where the history starts (a snapshot's first commit, a shallow clone's boundary): older than the history.
    const unknown = at === history.commits.length - 1 && (await startsAt()) ? ('before-history' as const) : undefined;
    return { translation: t, english: e, source: 'git', ref: commit.sha, at, time: commit.time, chain: chainOf(e), ...(unknown ? { unknown } : {}) };
  };
  let starts: Promise<boolean> | undefined;
  const startsAt = () =>
    (starts ??= history.commits.length > 0 ? startsHistory(top, history.commits[history.commits.length - 1]!.sha) : Promise.resolve(false));

  const uncommitted: HistoryDocument[] = [];
  for (const t of translations) {
    const name = named.get(t);
    if (name !== undefined && !resolved.has(name)) {
      bases.set(staleKey(t.locale, t.key), unknownSourceCommit(name));
      continue;
    }
    const base = await place(t);
    if (base) pending.push(base);
    else if (name === undefined) uncommitted.push(t);
  }
  // A translation moved in the work tree with its content unchanged (git mv, or mv) is no new
  // translation: its base is the one its old path's history gives, as it will be once committed.
  if (uncommitted.length > 0) {
    const moved = await workTreeMoves(
      top,
      uncommitted.map((t) => toTop(t.path)),
      localeRoots.filter((r) => uncommitted.some((t) => toTop(t.path).startsWith(r + '/'))),
      (o, n) => {
        const ko = keyOf(o);
        const kn = keyOf(n);
        return ko !== null && kn !== null && ko.slice(0, ko.indexOf('\0')) === kn.slice(0, kn.indexOf('\0'));
      },
    );
    for (const t of uncommitted) {
      const from = moved.get(toTop(t.path));
      const base = from ? await place(t, from) : null;
      if (base) pending.push(base);
    }
  }

  await branchBases(top, history, pending, toTop);
  lap('place');
  await finishBases(
    db,
    config,
    repo,
    history,
    pending,
    chains,
    chainOf,
    needsGit,
    englishPathspecs,
    (e) => path.join(config.root, e.path),
    bases,
    lap,
    partial !== null,
  );
}

/**
 * A translation whose last change on the main line is a merge was made on the merged
 * branch: its base is the English file in the tree of the branch commit that last changed
 * the translation, not the English of the merge (English changes on the main line between
 * the branch point and the merge would be lost). One `cat-file` for the parents of the
 * commits involved, one `git log` of the branch per merge, one `cat-file` for the English blobs.
 */
async function branchBases(top: string, history: GitHistory, pending: GitBase[], toTop: (rel: string) => string): Promise<void> {
  const atMerge = pending.filter((b) => b.source === 'git');
  if (atMerge.length === 0) return;
  const parents = await parentsOf(top, [...new Set(atMerge.map((b) => b.ref))]);
  const merges = new Map<string, GitBase[]>();
  for (const b of atMerge) {
    if ((parents.get(b.ref)?.length ?? 0) < 2) continue;
    const list = merges.get(b.ref);
    if (list) list.push(b);
    else merges.set(b.ref, [b]);
  }
  if (merges.size === 0) return;
  const found: { base: GitBase; commit: { sha: string; time: number }; englishPath: string }[] = [];
  for (const [merge, group] of merges) {
    const paths = [...new Set(group.map((b) => toTop(b.translation.path)))];
    let branch: Awaited<ReturnType<typeof readLog>>;
    try {
      // The branch's own first-parent line, down to where it left the main line.
      branch = await readLog(top, { range: `${merge}^1..${merge}^2`, pathspecs: paths });
    } catch {
      continue;
    }
    for (const b of group) {
      const p = toTop(b.translation.path);
      const commit = branch.find((c) => c.changes.some((ch) => ch.path === p && ch.status !== 'D'));
      const entry = b.chain.find((c) => c.at >= b.at);
      if (commit && entry) found.push({ base: b, commit, englishPath: entry.path });
    }
  }
  const blobs = await objectNames(
    top,
    found.map((f) => `${f.commit.sha}:${f.englishPath}`),
  );
  for (const { base, commit, englishPath } of found) {
    base.ref = commit.sha;
    base.time = commit.time;
    // Null: English did not exist in the branch's tree under the name it had at the merge.
    base.blob = blobs.get(`${commit.sha}:${englishPath}`) ?? null;
  }
}

/** A git log started before the documents were read, with the pathspecs it was started for. */
interface EarlyLog {
  pathspecs: string[];
  log: Promise<GitHistory>;
}

/** Blobs read per cat-file batch: a small first one, so parsing starts soon, then larger ones. */
function inBatches(shas: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0, size = 64; i < shas.length; i += size, size = Math.min(size * 2, 512)) out.push(shas.slice(i, i + size));
  return out;
}

const UNPLAIN = /\\|(?:^|\/)\.{0,2}(?:\/|$)/;

/**
 * Maps a path relative to the site root to one relative to the repository's top folder,
 * with forward slashes. Document paths are plain (`a/b.md`: no `.`, `..` or empty
 * segments), which only need the root's own prefix: no path resolution per document.
 */
function topRelative(top: string, root: string): (rel: string) => string {
  const slow = (rel: string) => path.relative(top, path.join(root, rel)).split(path.sep).join('/');
  const prefix = slow('.');
  if (prefix.startsWith('..') || path.isAbsolute(prefix)) return slow;
  return (rel) => (rel === '' || path.isAbsolute(rel) || UNPLAIN.test(rel) ? slow(rel) : prefix === '' ? rel : `${prefix}/${rel}`);
}

/**
 * Pathspecs of the one git log pass: the English side and the indexed locales (those with
 * translations to resolve); other locales' changes are never read.
 */
function logPathspecs(top: string, config: Config, indexed: ReadonlySet<string>): string[] {
  const layout = config.layout;
  const sourceLocale = layout.sourceLocale;
  const toTop = topRelative(top, config.root);
  const rootOf = (l: string) => toTop(path.relative(config.root, layout.localeRoot(config.root, l)));
  const englishRoot = toTop(path.relative(config.root, layout.localeRoot(config.root, sourceLocale)) || '.');
  const allLocales = [...new Set([...layout.discoverLocales(config.root), ...indexed])].filter((l) => l !== sourceLocale);
  const englishInclude = englishRoot === '' ? '.' : englishRoot;
  const inEnglishRoot = (r: string) => englishInclude === '.' || r.startsWith(englishInclude + '/');
  return [
    englishInclude,
    ...allLocales.filter((l) => !indexed.has(l) && inEnglishRoot(rootOf(l))).map((l) => `:(exclude)${rootOf(l)}`),
    ...[...indexed].map(rootOf).filter((r) => !inEnglishRoot(r)),
  ];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Bases from `l10n.sourceCommit` when English lives in another repository (config
 * `sourceRepository`: a work tree or a bare git directory). Only translations that name a
 * sourceCommit get a base here; the others fall back to index history. Paths of English
 * documents are relative to the English root (`pathRoot`), which is the repository's
 * top folder for a bare repository and a folder inside the work tree otherwise.
 * A sourceCommit missing from a shallow clone (older than its boundary) still gets the
 * English changes the clone does have as commits behind (a lower bound), with no sections:
 * the check then says the section diff is unavailable.
 */
async function resolveFromSourceRepository(
  { db, config, repo, english, translations, bases, lap, keep, partial }: Resolution,
  source: SourceRepository,
): Promise<void> {
  const layout = config.layout;
  const sourceLocale = layout.sourceLocale;
  const posix = (p: string) => p.split(path.sep).join('/');
  const englishPathRoot = layout.pathRoot?.(config.root, sourceLocale) ?? config.root;
  // Where the English root sits in the repository: its top for a bare repository (whose tree is that root).
  const inTop = source.bare ? '' : posix(path.relative(source.top, englishPathRoot));
  const prefix = inTop === '' || inTop.startsWith('..') || path.isAbsolute(inTop) ? '' : inTop + '/';
  const toRepo = (rel: string) => prefix + posix(rel);
  const englishRoot = toRepo(path.relative(englishPathRoot, layout.localeRoot(config.root, sourceLocale))).replace(/\/$/, '') || '.';
  const englishRootPrefix = englishRoot === '.' ? '' : englishRoot + '/';
  const keyOf = (p: string): string | null => {
    if (!p.startsWith(englishRootPrefix)) return null;
    const c = layout.classify(p.slice(englishRootPrefix.length));
    return c ? staleKey(sourceLocale, c.key) : null;
  };

  const named = namedSourceCommits(translations);
  if (named.size === 0) return;
  const englishPathspecs = [englishRoot];
  const history = await readHistory(db, source.top, englishPathspecs, { keep });
  lap('git log (source repository)');

  const { chains, needsGit, chainOf } = englishChains(repo, sourceLocale, history, toRepo, keyOf);
  const { resolved, placeAt } = await placeSourceCommits(source.top, named, history);
  const boundary = new Set<number>();
  for (const sha of source.shallow) {
    const at = history.position(sha);
    if (at !== undefined) boundary.add(at);
  }

  const pending: GitBase[] = [];
  for (const [t, name] of named) {
    const e = english.get(t.key)!;
    const sha = resolved.get(name);
    if (!sha) {
      if (source.shallow.size > 0) {
        // Older than the shallow clone: every English change the clone has came after it.
        // A boundary commit shows each file as added, which is no change of the page.
        const behind = chainOf(e).filter((c) => !boundary.has(c.at));
        // Without changes, an unknown commit in a shallow clone may simply be older than the clone.
        bases.set(staleKey(t.locale, t.key), {
          source: 'sourceCommit',
          baseState: 'unknown',
          reason: 'before-history',
          ref: name,
          date: null,
          sections: null,
          commitsBehind: behind.length > 0 ? behind.length : null,
          daysBehind: null,
        });
        continue;
      }
      bases.set(staleKey(t.locale, t.key), unknownSourceCommit(name));
      continue;
    }
    const base = placeAt(t, e, sha, chainOf);
    if (base) pending.push(base);
  }
  lap('place');
  await finishBases(
    db,
    config,
    repo,
    history,
    pending,
    chains,
    chainOf,
    needsGit,
    englishPathspecs,
    (e) => path.join(englishPathRoot, e.path),
    bases,
    lap,
    partial !== null,
  );
}

/**
 * Each English page's chain of changes in `history`, built on first use and kept by key: the
 * page's path as `toRepo` maps it into the repository, and the keys the source locale's
 * redirects say it had before a move. Additions git alone can tell from renames go to `needsGit`.
 */
function englishChains(
  repo: HistoryRepository,
  sourceLocale: string,
  history: GitHistory,
  toRepo: (p: string) => string,
  keyOf: (p: string) => string | null,
): { chains: Map<string, ChainEntry[]>; needsGit: Set<number>; chainOf: (e: HistoryDocument) => ChainEntry[] } {
  // Redirects say which keys an English page had before a move.
  const oldKeys = new Map<string, Set<string>>();
  for (const r of repo.redirects(sourceLocale)) {
    let set = oldKeys.get(r.to_key);
    if (!set) oldKeys.set(r.to_key, (set = new Set()));
    set.add(staleKey(sourceLocale, r.from_key));
  }
  const chains = new Map<string, ChainEntry[]>();
  const needsGit = new Set<number>();
  const chainOf = (e: HistoryDocument): ChainEntry[] => {
    let chain = chains.get(e.key);
    if (!chain) {
      chain = history.chain(toRepo(e.path), oldKeys.get(e.key), keyOf, needsGit);
      chains.set(e.key, chain);
    }
    return chain;
  };
  return { chains, needsGit, chainOf };
}

/** Each translation that names a sourceCommit, with that name. */
function namedSourceCommits(translations: HistoryDocument[]): Map<HistoryDocument, string> {
  const named = new Map<HistoryDocument, string>();
  for (const t of translations) {
    const name = sourceCommitOfJson(t.frontmatter_json);
    if (name) named.set(t, name);
  }
  return named;
}

/**
 * sourceCommit names resolved in one cat-file call (`resolved`: name → full sha, for the names
 * that are commits); commits off the first-parent line are placed by their committer time.
 * `placeAt` is a translation's base at a resolved commit, or null when history cannot place it.
 */
async function placeSourceCommits(
  top: string,
  named: Map<HistoryDocument, string>,
  history: GitHistory,
): Promise<{
  resolved: Map<string, string>;
  placeAt: (t: HistoryDocument, e: HistoryDocument, sha: string, chainOf: (e: HistoryDocument) => ChainEntry[]) => GitBase | null;
}> {
  const resolved = await resolveCommits(top, [...new Set(named.values())]);
  const offLine = [...new Set(resolved.values())].filter((sha) => history.position(sha) === undefined);
  const offLineTime = new Map<string, number>();
  for (const [sha, body] of await catFiles(top, offLine)) {
    const m = body ? /^committer .* (\d+) [+-]\d{4}$/m.exec(body.toString('utf8')) : null;
    if (m?.[1]) offLineTime.set(sha, Number(m[1]));
  }
  const placeAt = (t: HistoryDocument, e: HistoryDocument, sha: string, chainOf: (e: HistoryDocument) => ChainEntry[]): GitBase | null => {
    const at = history.position(sha) ?? history.positionAtTime(offLineTime.get(sha) ?? Number.NaN);
    if (at === undefined) return null;
    return { translation: t, english: e, source: 'sourceCommit', ref: sha, at, time: offLineTime.get(sha) ?? history.commits[at]!.time, chain: chainOf(e) };
  };
  return { resolved, placeAt };
}

/** The base of a translation whose sourceCommit names no commit of the English history. */
function unknownSourceCommit(name: string): StaleBase {
  return {
    source: 'sourceCommit',
    baseState: 'unknown',
    reason: 'unknown-commit',
    ref: name,
    date: null,
    sections: null,
    commitsBehind: null,
    daysBehind: null,
    problem: `sourceCommit ${name} is not a commit in the English history`,
  };
}

/**
 * The second half of every git resolution: renames only git recognises, the English blob
 * at each base parsed into sections (or null when the object store lacks it: a partial
 * clone), and the bases with commits and days behind.
 */
async function finishBases(
  db: Db,
  config: Config,
  repo: HistoryRepository,
  history: GitHistory,
  pending: GitBase[],
  chains: Map<string, ChainEntry[]>,
  chainOf: (e: HistoryDocument) => ChainEntry[],
  needsGit: Set<number>,
  englishPathspecs: string[],
  englishFile: (e: HistoryDocument) => string,
  bases: Map<string, StaleBase>,
  lap: (phase: string) => void,
  partial: boolean,
): Promise<void> {
  const layout = config.layout;
  const sourceLocale = layout.sourceLocale;
  // Additions that may be renames only git recognises: ask once, then rebuild those chains.
  // git runs meanwhile the other pages' old versions are read and parsed.
  const unresolved = (b: GitBase) => !b.chain.some((c) => c.at >= b.at);
  // A full resolution asks git for the commits every page's chain stops at, and builds the chains
  // of every page with an unresolved base again with all of them: a page of a partial one could
  // then reach further than its own commits alone take it.
  if (partial && pending.some(unresolved)) throw new PartialResolutionUnsafe('a base needs git rename detection');
  let renames: Promise<{ record(): void }> | null = null;
  let stale = new Set<string>();
  if (needsGit.size > 0 && pending.some(unresolved)) {
    const wanted = new Set<number>();
    for (const b of pending) {
      const last = b.chain[b.chain.length - 1];
      if (unresolved(b) && last && needsGit.has(last.at) && last.at < b.at) wanted.add(last.at);
    }
    if (wanted.size > 0) {
      renames = history.detectRenames(wanted, englishPathspecs);
      // Awaited below; a failure there is the run's, not an unhandled rejection meanwhile.
      renames.catch(() => {});
      stale = new Set(pending.filter(unresolved).map((b) => b.english.key));
    }
  }

  const current = new Map<number, StaleBase['sections']>();
  const currentOf = (e: HistoryDocument) => {
    if (!current.has(e.id)) current.set(e.id, repo.currentSections(e.id));
    return current.get(e.id)!;
  };
  const parseOptions = {
    language: languageOfLocale(sourceLocale),
    detectLanguages: false,
    // Stale detection compares sections only: paragraphs and frontmatter values of old versions are never read.
    paragraphs: false,
    frontmatter: false,
    maxFileBytes: config.limits.maxFileBytes,
    maxLineLength: config.limits.maxLineLength,
    maxSections: config.limits.maxSections,
    ...(layout.neutralTerms ? { neutralTerms: layout.neutralTerms } : {}),
  };
  const bodies = new Map<number, Buffer | null>();
  const currentBody = (e: HistoryDocument) => {
    if (!bodies.has(e.id)) {
      const bytes = readRegularFile(englishFile(e));
      bodies.set(e.id, bytes ? bodyOf(bytes) : null);
    }
    return bodies.get(e.id);
  };
  const cache = new BlobSectionsRepository(db);
  // Cached fields are only as good as the list they were read with (the config may change it).
  const version = `${parserVersion()}:${contentFields(layout.frontmatter).join(',')}`;
  const parsed = new Map<string, StaleBase['sections']>();
  const fresh = new Map<string, VersionSection[]>();
  const counts = { read: 0, cached: 0 };
  const parsedBlobs = new Set<string>();
  type Placed = {
    base: GitBase;
    blob: string | null;
    behind: number;
    newest: ChainEntry | undefined;
    uncommitted: boolean;
    cosmetic: CosmeticCommit[];
    /** English before the newest run of cosmetic commits: sections they alone changed are not stale. */
    tip: string | null;
  };
  // English commits since any base that writers marked cosmetic (a subject keyword or a trailer), read in one cat-file.
  const since = new Set<string>();
  for (const b of pending) for (const c of b.chain) if (c.at < b.at) since.add(history.commits[c.at]!.sha);
  const cosmeticRead = cosmeticCommits(history.top, [...since], { keyword: config.history.skipKeyword, trailer: config.history.skipTrailer });
  // English files edited in the work tree and not committed: a change since every base, whatever its commit.
  const [cosmetic, uncommitted] = await Promise.all([
    cosmeticRead,
    pending.length > 0 ? modifiedPaths(history.top, englishPathspecs) : Promise.resolve(new Set<string>()),
  ]);
  const placements = new Map<GitBase, Placed>();
  // The English page whose current body a blob was compared with: the last base to need it.
  const decidedBy = new Map<string, HistoryDocument>();

  // Content fields (title, intro …) of each English blob read: a frontmatter-only change can be one readers see.
  const fieldsOf = new Map<string, Record<string, string>>();
  const decide = (sha: string, bytes: Buffer, e: HistoryDocument) => {
    decidedBy.set(sha, e);
    fieldsOf.set(sha, fieldValues(frontmatterOf(bytes.subarray(0, bytes.length - bodyOf(bytes).length).toString('utf8')), layout.frontmatter));
    // A frontmatter-only change (new `versions`, `redirect_from`) leaves every section as it is now.
    const now = currentBody(e);
    if (now && bodyOf(bytes).equals(now)) {
      parsed.set(sha, currentOf(e));
      fresh.delete(sha);
      parsedBlobs.delete(sha);
      return;
    }
    parsedBlobs.add(sha);
    // The blob name stands for the content hash, which old versions do not need.
    const doc = parseDocument(e.path, bytes, { ...parseOptions, kind: e.kind }, sha);
    const sections = doc.error && doc.sections.length === 0 ? null : versionSections(doc.sections);
    parsed.set(sha, sections);
    if (sections) fresh.set(sha, sections);
    else fresh.delete(sha);
  };

  /** Places a group of bases on their chains and gets the sections of the English blobs they need. */
  const readGroup = async (group: GitBase[]) => {
    const needed = new Map<string, HistoryDocument>();
    for (const b of group) {
      const entry = b.chain.find((c) => c.at >= b.at);
      // The English file did not exist (under any known name) at the base: leave it to index history.
      if (!entry) continue;
      let behind = b.chain.filter((c) => c.at < b.at);
      let baseBlob = entry.change.blob;
      if (b.blob) {
        // Made on a branch: behind are the main-line changes since the English it saw (newest
        // first, up to that version), or, when the main line never had it, those up to the merge.
        const seen = b.chain.findIndex((c) => c.change.blob === b.blob);
        behind = seen >= 0 ? b.chain.slice(0, seen) : b.chain.filter((c) => c.at <= b.at);
        baseBlob = b.blob;
      }
      // Cosmetic commits right after the base move it forward (the translation needs nothing
      // from them); the newest ones, after real changes, are compared away (`tip`); others in
      // between are not counted but their edits still show in the comparison.
      const isCosmetic = (c: ChainEntry) => cosmetic.has(history.commits[c.at]!.sha);
      const marked = cosmetic.size > 0 ? behind.filter(isCosmetic) : [];
      let tip: string | null = null;
      if (marked.length > 0) {
        let i = behind.length - 1;
        if (!b.blob) for (; i >= 0 && isCosmetic(behind[i]!) && behind[i]!.change.blob; i--) baseBlob = behind[i]!.change.blob;
        const head = behind.findIndex((c) => !isCosmetic(c));
        if (!b.blob && head > 0 && head <= i) tip = behind[head]!.change.blob;
        behind = behind.slice(0, i + 1).filter((c) => !isCosmetic(c));
      }
      const edited = b.chain[0] !== undefined && uncommitted.has(b.chain[0].path);
      const blob = !edited && (behind.length === 0 || baseBlob === b.chain[0]?.change.blob) ? null : baseBlob;
      if (blob && !parsed.has(blob)) needed.set(blob, b.english);
      if (blob === null || edited) tip = null;
      if (tip && !parsed.has(tip)) needed.set(tip, b.english);
      // A move or rename that keeps the bytes is no change a translator has to make.
      const changes = behind.filter((c) => c.change.blob !== b.chain[b.chain.indexOf(c) + 1]?.change.blob);
      placements.set(b, {
        base: b,
        blob,
        behind: changes.length + (edited ? 1 : 0),
        newest: changes[0],
        uncommitted: edited,
        cosmetic: marked.map((c) => cosmetic.get(history.commits[c.at]!.sha)!),
        tip,
      });
    }
    for (const sha of [...needed.keys()]) {
      const cached = cache.entry(sha, version);
      if (cached?.fields) {
        parsed.set(sha, cached.sections);
        fieldsOf.set(sha, cached.fields);
        needed.delete(sha);
        counts.cached++;
      }
    }
    counts.read += needed.size;
    // Read in batches, the next one running while this one is parsed.
    const batches = inBatches([...needed.keys()]);
    let reading = batches.length > 0 ? history.blobs(batches[0]!) : null;
    for (let i = 0; reading; i++) {
      const blobs = await reading;
      reading = i + 1 < batches.length ? history.blobs(batches[i + 1]!) : null;
      reading?.catch(() => {});
      let n = 0;
      for (const [sha, bytes] of blobs) {
        if (bytes) decide(sha, bytes, needed.get(sha)!);
        else parsed.set(sha, null);
        // The next batch's output is read between parses, so git never waits on a full pipe.
        if (reading && ++n % 16 === 0) await yieldToGit();
      }
    }
  };

  // Pages whose chains rename detection may change wait for it; the rest are final now.
  await readGroup(stale.size > 0 ? pending.filter((b) => !stale.has(b.english.key)) : pending);
  if (renames) {
    (await renames).record();
    for (const key of stale) chains.delete(key);
    const later = pending.filter((b) => stale.has(b.english.key));
    for (const b of later) b.chain = chainOf(b.english);
    await readGroup(later);
    // A blob two pages share (identical files) is compared with the last one's body, as if all
    // bases had been placed at once: decided again where the group read first chose another.
    const owner = new Map<string, HistoryDocument>();
    for (const b of pending) {
      const placed = placements.get(b);
      // The English before cosmetic commits (`tip`) is decided like a base blob.
      for (const blob of [placed?.tip, placed?.blob]) if (blob) owner.set(blob, b.english);
    }
    const redo = [...decidedBy].filter(([sha, e]) => owner.has(sha) && owner.get(sha) !== e).map(([sha]) => sha);
    for (const [sha, bytes] of await history.blobs(redo)) if (bytes) decide(sha, bytes, owner.get(sha)!);
  }
  saveQuietly(db, () =>
    cache.save(
      [...fresh].map(([blob, sections]) => ({ blob, sections, fields: fieldsOf.get(blob) })),
      version,
    ),
  );

  lap(
    `renames and blobs (${counts.read} read, ${parsedBlobs.size} parsed, ${counts.cached} cached${renames ? `, ${stale.size} pages waited for rename detection` : ''})`,
  );
  for (const b of pending) {
    const placed = placements.get(b);
    if (!placed) continue;
    const { base, blob, behind, newest, uncommitted: edited, cosmetic: marked, tip } = placed;
    let sections = blob ? (parsed.get(blob) ?? null) : currentOf(base.english);
    const tipSections = tip ? parsed.get(tip) : null;
    if (sections && tipSections) sections = withoutCosmetic(sections, tipSections, currentOf(base.english));
    const newestTime = newest ? history.commits[newest.at]!.time : base.time;
    bases.set(staleKey(base.translation.locale, base.translation.key), {
      source: base.source,
      baseState: base.unknown ? 'unknown' : 'known',
      ...(base.unknown ? { reason: base.unknown } : {}),
      ref: base.ref,
      date: new Date(base.time * 1000).toISOString(),
      sections,
      commitsBehind: behind,
      daysBehind: behind > 0 ? Math.max(0, Math.floor((newestTime - base.time) / DAY)) : 0,
      ...(edited ? { uncommitted: true } : {}),
      fields: blob ? (fieldsOf.get(blob) ?? null) : null,
      ...(marked.length > 0 ? { cosmetic: marked } : {}),
    });
  }
}

type Sections = NonNullable<StaleBase['sections']>;

/**
 * The base's sections with the edits of the newest cosmetic commits taken as made: a base
 * section still as it was before those commits (`tip`) gets its current text, so only the
 * real changes since the base compare as changed. Sections match by anchor (a heading level change keeps it).
 */
function withoutCosmetic(base: Sections, tip: Sections, now: Sections): Sections {
  const id = (s: Sections[number]) => s.anchor;
  const tipBy = new Map(tip.map((s) => [id(s), s]));
  const nowBy = new Map(now.map((s) => [id(s), s]));
  return base.map((s) => {
    const t = tipBy.get(id(s));
    const n = nowBy.get(id(s));
    if (!t || !n || t.textHash !== s.textHash || t.skeletonHash !== s.skeletonHash) return s;
    return { ordinal: s.ordinal, level: s.level, heading: n.heading, anchor: s.anchor, textHash: n.textHash, skeletonHash: n.skeletonHash, source: n.source };
  });
}

/**
 * The commit of a translation's last content change. A move that keeps the bytes (the
 * same blob deleted and added, as when a translation follows its English page to a new
 * path) is not a new translation, so its history is followed to the old path.
 */
function lastContentChange(history: GitHistory, path: string, keyOf: (p: string) => string | null): number | undefined {
  const first = history.changesOf(path)[0];
  if (first === undefined || history.change(first, path)?.status === 'D') return undefined;
  const chain = history.chain(path, undefined, keyOf);
  for (let i = 0; i < chain.length; i++) {
    const entry = chain[i]!;
    const older = chain[i + 1];
    if (older && older.change.blob === entry.change.blob) continue;
    return entry.at;
  }
  return chain[chain.length - 1]?.at;
}

/**
 * What follows a file's frontmatter (the whole file when it has none), compared as bytes:
 * old versions are not decoded just to be found equal.
 */
export function bodyOf(bytes: Buffer): Buffer {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes[start] !== DASH || bytes[start + 1] !== DASH || bytes[start + 2] !== DASH) return bytes;
  let i = skipBlanks(bytes, start + 3);
  if (bytes[i] === CR) i++;
  if (bytes[i] !== LF) return bytes;
  // The first line of `---` (blanks after it allowed) on a line of its own closes it.
  for (let j = bytes.indexOf('\n---', i + 1); j >= 0; j = bytes.indexOf('\n---', j + 1)) {
    const k = skipBlanks(bytes, j + 4);
    if (k === bytes.length) return bytes.subarray(k);
    if (bytes[k] === LF) return bytes.subarray(k + 1);
    if (bytes[k] === CR && bytes[k + 1] === LF) return bytes.subarray(k + 2);
  }
  return bytes;
}

const DASH = 0x2d;
const CR = 0x0d;
const LF = 0x0a;

function skipBlanks(bytes: Buffer, at: number): number {
  while (bytes[at] === 0x20 || bytes[at] === 0x09) at++;
  return at;
}

/** A read-only database (a reader process) simply does not keep the cache. */
function saveQuietly(db: Db, save: () => void): void {
  try {
    db.transaction(save)();
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_READONLY') throw err;
  }
}
