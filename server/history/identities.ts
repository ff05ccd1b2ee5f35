import type { Db } from '../../db/index.ts';
import { loadEnglishRedirects } from '../../db/repositories/check-documents.ts';
import { HistoryRepository, type IdentityRow } from '../../db/repositories/history.ts';
import { pairedEnglishKey } from '../shared/documents.ts';
import { staleKey } from './index-history.ts';

/** A translation whose base a resolution gives, and the English page it is paired with. */
export interface BasePair {
  locale: string;
  key: string;
  englishKey: string;
}

export interface BaseIdentities {
  /** Each paired translation's identity, by document id. */
  identities: Map<number, string>;
  /** Each paired translation with its English key, by document id. */
  pairs: Map<number, BasePair>;
  /** Every row of the locales read, live or deleted, by document id: [locale, key]. */
  rows: Map<number, readonly [string, string]>;
  /** The locales read that have a paired translation. */
  paired: Set<string>;
}

/**
 * What each translation's base is resolved from, as one string per translation: while the git
 * state of every repository, the completed claims, the history config and the code are those of
 * the last resolution (server/check-with-bases.ts keeps them as one key), a translation with the
 * identity it had then has the base it had then. A base (server/history/bases.ts) reads:
 * - the translation's row (its content, path, kind, sourceCommit: the indexer bumps `changed_run`
 *   whenever it stores one; `first_seen_run` when it comes back) and its git history by path;
 * - which English page it is paired with (`pairedEnglishKey`: English's keys and kinds and the
 *   English redirect entries, computed here as resolveBases does) and that page's row: its
 *   content, path, current sections, redirects (its own rows: the indexer writes each page's
 *   redirect entries with it), its recorded versions (written with a new `changed_run`, never
 *   rewritten or pruned) and its git history by path and old keys;
 * - the rows at the keys the English page redirects from, in the source locale and in the
 *   translation's (index history follows a move the index saw through deleted rows there,
 *   `EnglishIndexHistory.movedFrom`, for English and for a translation moved with it);
 * - run start dates (never change), completed claims (the global key);
 * - in a git work tree, a translation not committed yet may be a move of a file deleted from the
 *   work tree (`workTreeMoves`): which rows of its locale are deleted (`workTree`).
 * Sections of English blobs are cached by blob id and parser version: the same for every run.
 * Only the translations of `locales` are looked at: a translation's identity is made of its own
 * locale's rows and English's, so a locale whose rows and English's are unchanged
 * (HistoryRepository.localeStates) keeps every identity.
 */
export function baseIdentities(db: Db, sourceLocale: string, workTree: boolean, locales: ReadonlySet<string>): BaseIdentities {
  const repo = new HistoryRepository(db);
  const redirects = loadEnglishRedirects(db, sourceLocale);
  const oldKeys = new Map<string, string[]>();
  for (const r of repo.redirects(sourceLocale)) {
    const list = oldKeys.get(r.to_key);
    if (list) list.push(r.from_key);
    else oldKeys.set(r.to_key, [r.from_key]);
  }
  for (const list of oldKeys.values()) list.sort();
  const isOldKey = new Set(redirects.keys());

  const english = new Map<string, IdentityRow>();
  // Rows of the translation locales at keys English redirects from: `locale\0key`.
  const atOldKeys = new Map<string, IdentityRow>();
  const translations: IdentityRow[] = [];
  const rows = new Map<number, readonly [string, string]>();
  // Deleted rows per locale: how many, and the last run that deleted one.
  const deletions = new Map<string, [count: number, last: number]>();
  for (const r of repo.identityRows([sourceLocale, ...locales])) {
    const [id, locale, key, kind, , , deletedRun] = r;
    if (locale === sourceLocale) {
      english.set(key, r);
      continue;
    }
    rows.set(id, [locale, key]);
    if (isOldKey.has(key)) atOldKeys.set(staleKey(locale, key), r);
    if (deletedRun !== null) {
      const d = deletions.get(locale);
      if (d) (d[0]++, (d[1] = Math.max(d[1], deletedRun)));
      else deletions.set(locale, [1, deletedRun]);
    } else if (kind !== 'variables') translations.push(r);
  }
  // As resolveBases pairs them: a live English page or reusable (variables files have no base).
  const englishKind = (key: string): string | undefined => {
    const r = english.get(key);
    return r && r[6] === null && r[3] !== 'variables' ? r[3] : undefined;
  };
  const state = (r: IdentityRow | undefined) => (r ? `${r[0]},${r[4]},${r[5]},${r[6] ?? ''}` : '');

  const identities = new Map<number, string>();
  const pairs = new Map<number, BasePair>();
  const paired = new Set<string>();
  for (const r of translations) {
    const [id, locale, key, kind] = r;
    const englishKey = pairedEnglishKey(key, kind, englishKind, (k) => redirects.get(k));
    // An orphan: no base (the orphaned-translation check's business).
    if (englishKey === undefined) continue;
    let identity = `${state(r)}>${englishKey}>${state(english.get(englishKey))}`;
    for (const old of oldKeys.get(englishKey) ?? []) {
      const a = english.get(old);
      const b = atOldKeys.get(staleKey(locale, old));
      if (a || b) identity += `|${old}:${state(a)}:${state(b)}`;
    }
    if (workTree) {
      const d = deletions.get(locale);
      identity += `#${d ? `${d[0]},${d[1]}` : ''}`;
    }
    identities.set(id, identity);
    pairs.set(id, { locale, key, englishKey });
    paired.add(locale);
  }
  return { identities, pairs, rows, paired };
}
