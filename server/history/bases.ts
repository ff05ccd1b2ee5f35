import path from 'node:path';
import type { Db } from '../../db/index.ts';
import { versionSections } from '../../db/repositories/documents.ts';
import { HistoryRepository, type HistoryDocument } from '../../db/repositories/history.ts';
import type { StaleBase } from '../checks/define.ts';
import type { Config } from '../config.ts';
import { languageOfLocale } from '../indexer/language.ts';
import { parseDocument } from '../indexer/parse.ts';
import { applyClaimBases, type ClaimBaseRecord } from './claims.ts';
import { catFiles, gitToplevel, resolveCommits } from './git.ts';
import { GitHistory, type ChainEntry } from './git-history.ts';
import { EnglishIndexHistory, staleKey } from './index-history.ts';

export { staleKey };

export interface ResolveOptions {
  /** Resolve only these translations (the article view); every translation when omitted. */
  only?: { locale: string; key: string }[];
  /** Read git history when the site root is a git work tree (default true). */
  git?: boolean;
  /** Bases recorded when claims were completed (the claims table provides them). */
  claims?: ClaimBaseRecord[];
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
}

// Days behind: from the base to the newest English change it misses.
const DAY = 86_400;

/** `l10n.sourceCommit` (MDN) or a top-level `sourceCommit`, when the translation names one. */
export function sourceCommitOf(frontmatterJson: string | null): string | null {
  if (!frontmatterJson) return null;
  const fm = JSON.parse(frontmatterJson) as Record<string, unknown>;
  const l10n = fm.l10n as Record<string, unknown> | undefined;
  const value = (l10n && typeof l10n === 'object' ? l10n.sourceCommit : undefined) ?? fm.sourceCommit;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/**
 * The English version each translation was made from, keyed by `locale\0key`, in the
 * order of DESIGN.md: `sourceCommit` in frontmatter → git (the English file at the last
 * commit that changed the translation) → index history → a completed claim's base.
 * Reads git in one log pass, one rename-detection pass where needed and one
 * `cat-file --batch`; never a git process per file.
 */
export function resolveBases(db: Db, config: Config, options: ResolveOptions = {}): Map<string, StaleBase> {
  const layout = config.layout;
  const repo = new HistoryRepository(db);
  const sourceLocale = layout.sourceLocale;
  const english = new Map<string, HistoryDocument>();
  const translations: HistoryDocument[] = [];
  if (options.only) {
    for (const { locale, key } of options.only) {
      const t = repo.liveDocument(locale, key);
      const e = repo.liveDocument(sourceLocale, key);
      if (e) english.set(key, e);
      if (t && e && locale !== sourceLocale) translations.push(t);
    }
  } else {
    const all = repo.liveDocuments();
    for (const d of all) if (d.locale === sourceLocale) english.set(d.key, d);
    // Orphans (no English page under the key) are the orphaned-translation check's business.
    for (const d of all) if (d.locale !== sourceLocale && english.has(d.key)) translations.push(d);
  }

  const bases = new Map<string, StaleBase>();
  const top = options.git === false ? null : gitToplevel(config.root);
  if (top) resolveFromGit(top, config, repo, english, translations, bases);

  const index = new EnglishIndexHistory(repo, sourceLocale, english);
  for (const t of translations) {
    const id = staleKey(t.locale, t.key);
    if (bases.has(id)) continue;
    const base = index.baseOf(t);
    if (base) bases.set(id, base);
  }
  if (options.claims?.length) applyClaimBases(bases, options.claims, index, repo);
  return bases;
}

function resolveFromGit(top: string, config: Config, repo: HistoryRepository, english: Map<string, HistoryDocument>, translations: HistoryDocument[], bases: Map<string, StaleBase>): void {
  const layout = config.layout;
  const sourceLocale = layout.sourceLocale;
  const toTop = (rel: string) => path.relative(top, path.join(config.root, rel)).split(path.sep).join('/');
  const englishRoot = toTop(path.relative(config.root, layout.localeRoot(config.root, sourceLocale)) || '.');
  const localeRoots = [...new Set(translations.map((t) => t.locale))].map((l) => toTop(path.relative(config.root, layout.localeRoot(config.root, l))));
  const englishPathspecs = [englishRoot === '' ? '.' : englishRoot, ...localeRoots.filter((r) => englishRoot === '' || englishRoot === '.' || r.startsWith(englishRoot + '/')).map((r) => `:(exclude)${r}`)];
  const englishRootPrefix = englishRoot === '' || englishRoot === '.' ? '' : englishRoot + '/';
  const insideLocale = (p: string) => localeRoots.some((r) => p.startsWith(r + '/'));
  const isEnglish = (p: string) => p.startsWith(englishRootPrefix) && !insideLocale(p) && layout.classify(p.slice(englishRootPrefix.length)) !== null;

  const history = GitHistory.read(top);

  // Redirects say which keys an English page had before a move.
  const oldKeys = new Map<string, Set<string>>();
  for (const r of repo.redirects(sourceLocale)) {
    let set = oldKeys.get(r.to_key);
    if (!set) oldKeys.set(r.to_key, (set = new Set()));
    set.add(r.from_key);
  }
  const chains = new Map<string, ChainEntry[]>();
  const needsGit = new Set<number>();
  const chainOf = (e: HistoryDocument): ChainEntry[] => {
    let chain = chains.get(e.key);
    if (!chain) {
      const keys = oldKeys.get(e.key);
      const isOldPath = (p: string) => {
        if (!keys || !p.startsWith(englishRootPrefix)) return false;
        const c = layout.classify(p.slice(englishRootPrefix.length));
        return c !== null && keys.has(c.key);
      };
      chain = history.chain(toTop(e.path), isOldPath, isEnglish, needsGit);
      chains.set(e.key, chain);
    }
    return chain;
  };

  // sourceCommit names are resolved in one cat-file call; commits off the first-parent line are placed by their time.
  const named = new Map<HistoryDocument, string>();
  for (const t of translations) {
    const name = sourceCommitOf(t.frontmatter_json);
    if (name) named.set(t, name);
  }
  const resolved = resolveCommits(top, [...new Set(named.values())]);
  const offLine = [...new Set(resolved.values())].filter((sha) => history.position(sha) === undefined);
  const offLineTime = new Map<string, number>();
  for (const [sha, body] of catFiles(top, offLine)) {
    const m = body ? /^committer .* (\d+) [+-]\d{4}$/m.exec(body.toString('utf8')) : null;
    if (m?.[1]) offLineTime.set(sha, Number(m[1]));
  }

  const pending: GitBase[] = [];
  const place = (t: HistoryDocument): GitBase | null => {
    const e = english.get(t.key)!;
    const name = named.get(t);
    if (name !== undefined) {
      const sha = resolved.get(name);
      if (!sha) return null;
      const at = history.position(sha) ?? history.positionAtTime(offLineTime.get(sha) ?? Number.NaN);
      if (at === undefined) return null;
      return { translation: t, english: e, source: 'sourceCommit', ref: sha, at, time: offLineTime.get(sha) ?? history.commits[at]!.time, chain: chainOf(e) };
    }
    const at = lastContentChange(history, toTop(t.path), insideLocale);
    // Not committed yet, or deleted in HEAD and back in the work tree: git does not know the base.
    if (at === undefined) return null;
    const commit = history.commits[at]!;
    return { translation: t, english: e, source: 'git', ref: commit.sha, at, time: commit.time, chain: chainOf(e) };
  };

  for (const t of translations) {
    const name = named.get(t);
    if (name !== undefined && !resolved.has(name)) {
      bases.set(staleKey(t.locale, t.key), {
        source: 'sourceCommit',
        ref: name,
        date: null,
        sections: null,
        commitsBehind: null,
        daysBehind: null,
        problem: `sourceCommit ${name} is not a commit in the English history`,
      });
      continue;
    }
    const base = place(t);
    if (base) pending.push(base);
  }

  // Additions that may be renames only git recognises: ask once, then rebuild those chains.
  const unresolved = (b: GitBase) => !b.chain.some((c) => c.at >= b.at);
  if (needsGit.size > 0 && pending.some(unresolved)) {
    const wanted = new Set<number>();
    for (const b of pending) {
      const last = b.chain[b.chain.length - 1];
      if (unresolved(b) && last && needsGit.has(last.at) && last.at < b.at) wanted.add(last.at);
    }
    if (wanted.size > 0) {
      history.detectRenames(wanted, englishPathspecs);
      const stale = new Set(pending.filter(unresolved).map((b) => b.english.key));
      for (const key of stale) chains.delete(key);
      for (const b of pending) if (stale.has(b.english.key)) b.chain = chainOf(b.english);
    }
  }

  const needed = new Map<string, HistoryDocument>();
  const current = new Map<number, StaleBase['sections']>();
  const currentOf = (e: HistoryDocument) => {
    if (!current.has(e.id)) current.set(e.id, repo.currentSections(e.id));
    return current.get(e.id)!;
  };
  const placed: { base: GitBase; blob: string | null; behind: number; newest: ChainEntry | undefined }[] = [];
  for (const b of pending) {
    const entry = b.chain.find((c) => c.at >= b.at);
    // The English file did not exist (under any known name) at the base: leave it to index history.
    if (!entry) continue;
    const behind = b.chain.filter((c) => c.at < b.at);
    const blob = behind.length === 0 || entry.change.blob === b.chain[0]?.change.blob ? null : entry.change.blob;
    if (blob) needed.set(blob, b.english);
    placed.push({ base: b, blob, behind: behind.length, newest: behind[0] });
  }

  const parsed = new Map<string, StaleBase['sections']>();
  const parseOptions = {
    language: languageOfLocale(sourceLocale),
    detectLanguages: false,
    maxFileBytes: config.limits.maxFileBytes,
    maxSections: config.limits.maxSections,
    ...(layout.neutralTerms ? { neutralTerms: layout.neutralTerms } : {}),
  };
  for (const [sha, bytes] of history.blobs([...needed.keys()])) {
    const e = needed.get(sha)!;
    if (!bytes) {
      parsed.set(sha, null);
      continue;
    }
    const doc = parseDocument(e.path, bytes, { ...parseOptions, kind: e.kind });
    parsed.set(sha, doc.error && doc.sections.length === 0 ? null : versionSections(doc.sections));
  }

  for (const { base, blob, behind, newest } of placed) {
    const newestTime = newest ? history.commits[newest.at]!.time : base.time;
    bases.set(staleKey(base.translation.locale, base.translation.key), {
      source: base.source,
      ref: base.ref,
      date: new Date(base.time * 1000).toISOString(),
      sections: blob ? (parsed.get(blob) ?? null) : currentOf(base.english),
      commitsBehind: behind,
      daysBehind: behind > 0 ? Math.max(0, Math.floor((newestTime - base.time) / DAY)) : 0,
    });
  }
}


/**
 * The commit of a translation's last content change. A move that keeps the bytes (the
 * same blob deleted and added, as when a translation follows its English page to a new
 * path) is not a new translation, so its history is followed to the old path.
 */
function lastContentChange(history: GitHistory, path: string, isTranslationPath: (p: string) => boolean): number | undefined {
  const first = history.changesOf(path)[0];
  if (first === undefined || history.change(first, path)?.status === 'D') return undefined;
  const chain = history.chain(path, () => false, isTranslationPath);
  for (let i = 0; i < chain.length; i++) {
    const entry = chain[i]!;
    const older = chain[i + 1];
    if (older && older.change.blob === entry.change.blob) continue;
    return entry.at;
  }
  return chain[chain.length - 1]?.at;
}
