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
  /** Each paired translation's identity, by `locale\0key`. */
  identities: Map<string, string>;
  /** Each paired translation with its English key, by `locale\0key`. */
  pairs: Map<string, BasePair>;
  /** The locales with a paired translation (what a full resolution reads git history for). */
  locales: Set<string>;
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
 */
export function baseIdentities(db: Db, sourceLocale: string, workTree: boolean): BaseIdentities {
  const rows = new HistoryRepository(db).identityRows();
  const byKey = new Map<string, IdentityRow>();
  // Deleted rows per locale: how many, and the last run that deleted one.
  const deletions = new Map<string, [count: number, last: number]>();
  for (const r of rows) {
    byKey.set(staleKey(r[1], r[2]), r);
    if (r[6] !== null) {
      const d = deletions.get(r[1]);
      if (d) (d[0]++, (d[1] = Math.max(d[1], r[6])));
      else deletions.set(r[1], [1, r[6]]);
    }
  }
  // As resolveBases pairs them: a live English page or reusable (variables files have no base).
  const englishKind = (key: string): string | undefined => {
    const r = byKey.get(staleKey(sourceLocale, key));
    return r && r[6] === null && r[3] !== 'variables' ? r[3] : undefined;
  };
  const redirects = loadEnglishRedirects(db, sourceLocale);
  const oldKeys = new Map<string, string[]>();
  for (const r of new HistoryRepository(db).redirects(sourceLocale)) {
    const list = oldKeys.get(r.to_key);
    if (list) list.push(r.from_key);
    else oldKeys.set(r.to_key, [r.from_key]);
  }
  for (const list of oldKeys.values()) list.sort();
  const state = (r: IdentityRow | undefined) => (r ? `${r[0]},${r[4]},${r[5]},${r[6] ?? ''}` : '');

  const identities = new Map<string, string>();
  const pairs = new Map<string, BasePair>();
  const locales = new Set<string>();
  for (const r of rows) {
    const [, locale, key, kind] = r;
    if (locale === sourceLocale || r[6] !== null || kind === 'variables') continue;
    const englishKey = pairedEnglishKey(key, kind, englishKind, (k) => redirects.get(k));
    // An orphan: no base (the orphaned-translation check's business).
    if (englishKey === undefined) continue;
    const english = byKey.get(staleKey(sourceLocale, englishKey))!;
    let identity = `${state(r)}>${englishKey}>${state(english)}`;
    for (const old of oldKeys.get(englishKey) ?? []) {
      const a = byKey.get(staleKey(sourceLocale, old));
      const b = byKey.get(staleKey(locale, old));
      if (a || b) identity += `|${old}:${state(a)}:${state(b)}`;
    }
    if (workTree) {
      const d = deletions.get(locale);
      identity += `#${d ? `${d[0]},${d[1]}` : ''}`;
    }
    const id = staleKey(locale, key);
    identities.set(id, identity);
    pairs.set(id, { locale, key, englishKey });
    locales.add(locale);
  }
  return { identities, pairs, locales };
}
