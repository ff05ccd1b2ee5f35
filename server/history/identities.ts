import type { Db } from '../../db/index.ts';
import { BaseIdentitiesRepository, HistoryRepository, type IdentityRow } from '../../db/repositories/history.ts';
import { pairedEnglishKey } from '../shared/documents.ts';

/**
 * Base identities: what each translation's stale-detection base is resolved from, as one string
 * per translation. While the git state of every repository, the completed claims, the history
 * config and the code are those of the last resolution (server/check-with-bases.ts keeps them as
 * one key), a translation with the identity it had then has the base it had then. A base
 * (server/history/bases.ts) reads:
 * - the translation's row (its content, path, kind, sourceCommit: the indexer bumps `changed_run`
 *   whenever it stores one; `first_seen_run` when it comes back) and its git history by path;
 * - which English page it is paired with (`pairedEnglishKey`: English's keys and kinds and the
 *   English redirect entries, computed here as resolveBases does) and that page's row: its
 *   content, path, current sections, redirects (its own rows: the indexer writes each page's
 *   redirect entries with it, under the page's key), its recorded versions (written with a new
 *   `changed_run`, never rewritten or pruned) and its git history by path and old keys;
 * - the rows at the keys the English page redirects from, in the source locale and in the
 *   translation's (index history follows a move the index saw through deleted rows there,
 *   `EnglishIndexHistory.movedFrom`, for English and for a translation moved with it);
 * - run start dates (never change), completed claims (the global key);
 * - in a git work tree, a translation not committed yet may be a move of a file deleted from the
 *   work tree (`workTreeMoves`): which rows of its locale are deleted (`epochs`).
 * Sections of English blobs are cached by blob id and parser version: the same for every run.
 */

/** A translation whose base a resolution gives, and the English page it is paired with. */
export interface BasePair {
  locale: string;
  key: string;
  englishKey: string;
}

/** Each locale's state (HistoryRepository.localeStates) and whether it had a paired translation, at the last resolution. */
export type LocaleRecord = Record<string, [state: string, paired: boolean]>;

export interface IdentityChanges {
  /** The identities of the translations looked at, by document id. */
  identities: Map<number, string>;
  /** Each paired translation looked at, by document id. */
  pairs: Map<number, BasePair>;
  /** Every translation-locale row looked at, by document id. */
  rows: Map<number, IdentityRow>;
  /** Translations (document ids) with another identity than the stored one, or none now. */
  changed: Set<number>;
  /** The locales whose every translation was looked at. */
  read: Set<string>;
  /** What to store once the changed bases are resolved: [document id, locale, English key, identity]. */
  save: [number, string, string | null, string | null][];
  /** The locales' states now, as `before` takes them next time. */
  locales: LocaleRecord;
  /** Every locale with a paired translation (what a full resolution reads git history for). */
  paired: Set<string>;
  /** Rows of the translation locales, deleted or not (what `changed` is measured against). */
  total: number;
  /** How the translations at these (locale, key) pair now, for those that do. */
  pairsAt(at: readonly (readonly [string, string])[]): BasePair[];
}

/**
 * Compares translations' identities with the stored ones (BaseIdentitiesRepository). With
 * `before` (the last resolution's LocaleRecord), only the translations whose identity can have
 * changed are looked at: every one of a locale whose rows changed (HistoryRepository.localeStates),
 * and, when English's rows changed, in the other locales those at the keys the changed English rows
 * (`C`) decide: a translation's English part (its pairing, its English row, the English rows at its
 * English page's old keys) reads English only at its own key, at the key it redirects to (whose
 * row holds that redirect entry), at that page's old keys; so it can change only for a translation
 * at a key in C, in old keys of C (entries C's rows hold now), in G (pages with an old key in C) or
 * in old keys of G, or one that was paired with a page in C (a redirect entry C's row held). Without
 * `before`, every translation. `workTree`: identities include the locale's deleted rows.
 */
export function identityChanges(db: Db, sourceLocale: string, workTree: boolean, before: LocaleRecord | null, force?: ReadonlySet<string>): IdentityChanges {
  const repo = new HistoryRepository(db);
  const stored = new BaseIdentitiesRepository(db);
  const states = repo.localeStates();
  const epoch = (locale: string) => (workTree ? `#${states.get(locale)?.deletions ?? ''}` : '');
  // Redirect entries of English, in the order written: the first entry of a key is where it goes (loadEnglishRedirects).
  const redirects = new Map<string, string>();
  const oldKeys = new Map<string, string[]>();
  for (const { from_key: from, to_key: to } of repo.redirects(sourceLocale)) {
    if (!redirects.has(from)) redirects.set(from, to);
    const list = oldKeys.get(to);
    if (list) list.push(from);
    else oldKeys.set(to, [from]);
  }
  for (const list of oldKeys.values()) list.sort();

  const english = new Map<string, IdentityRow>();
  for (const r of repo.identityRows([sourceLocale])) english.set(r[2], r);
  const state = (r: IdentityRow | undefined) => (r ? `${r[0]},${r[4]},${r[5]},${r[6] ?? ''}` : '');
  const save: IdentityChanges['save'] = [];

  const translationLocales = [...states.keys()].filter((l) => l !== sourceLocale);
  const englishMoved = before === null || before[sourceLocale]?.[0] !== states.get(sourceLocale)?.state;
  const moved = translationLocales.filter((l) => before === null || force?.has(l) || before[l]?.[0] !== states.get(l)?.state);
  // A locale whose rows changed is looked at only around the rows that changed (`since`), unless
  // every identity of it changes with its deletions (a work tree) or its rows cannot be told apart.
  const narrowed = new Map<string, IdentityRow[]>();
  if (before !== null && !workTree) {
    for (const l of moved) {
      if (force?.has(l) || before[l] === undefined) continue;
      const rowsSince = since(repo, l, before[l][0], states.get(l)?.state);
      if (rowsSince) narrowed.set(l, rowsSince);
    }
  }
  const read = new Set(moved.filter((l) => !narrowed.has(l)));
  // English rows whose state changed: C.
  const changedEnglish = new Set<string>();
  if (englishMoved) {
    const storedEnglish = stored.of([sourceLocale]);
    const seen = new Set<number>();
    for (const [key, r] of english) {
      seen.add(r[0]);
      const s = state(r);
      if (storedEnglish.get(r[0]) !== s) {
        changedEnglish.add(key);
        save.push([r[0], sourceLocale, null, s]);
      }
    }
    // Never happens (rows stay, deleted or not), but a stored row that is gone is a change.
    for (const id of storedEnglish.keys()) if (!seen.has(id)) save.push([id, sourceLocale, null, null]);
  }

  // The translations looked at: every one of the locales read, and the candidates of the others.
  const rows: IdentityRow[] = repo.identityRows(read);
  const others = translationLocales.filter((l) => !read.has(l));
  // Rows of the locales not read whole that are looked at.
  const ids = new Set<number>();
  if (before !== null && changedEnglish.size > 0 && others.length > 0) {
    const keys = new Set<string>();
    const pages = new Set<string>();
    for (const k of changedEnglish) pages.add(k);
    for (const [to, froms] of oldKeys) if (froms.some((f) => changedEnglish.has(f))) pages.add(to);
    for (const k of pages) {
      keys.add(k);
      for (const f of oldKeys.get(k) ?? []) keys.add(f);
    }
    for (const r of repo.identityRowsAtKeys(keys, [sourceLocale, ...read])) (rows.push(r), ids.add(r[0]));
    const otherSet = new Set(others);
    const wasPaired = stored.pairedWith(changedEnglish).filter(([id, locale]) => otherSet.has(locale) && !ids.has(id));
    if (wasPaired.length > 0) for (const r of repo.identityRowsById(wasPaired.map(([id]) => id))) (rows.push(r), ids.add(r[0]));
  }
  // In a locale looked at around its changed rows (C), the translations whose identity reads one:
  // a row's own part is its state, and the rows of its locale it reads are those at its English
  // page's old keys; so only a translation at a key in C, or one paired with a page E that has an
  // old key in C (at E, or at one of E's old keys, which pair through their redirect to E).
  if (narrowed.size > 0) {
    const targets = new Map<string, string[]>();
    for (const [to, froms] of oldKeys) for (const f of froms) targets.get(f)?.push(to) ?? targets.set(f, [to]);
    const at: [string, string][] = [];
    for (const [locale, changedRows] of narrowed) {
      const keys = new Set<string>();
      for (const r of changedRows) {
        keys.add(r[2]);
        for (const page of targets.get(r[2]) ?? []) {
          keys.add(page);
          for (const old of oldKeys.get(page) ?? []) keys.add(old);
        }
      }
      for (const k of keys) at.push([locale, k]);
    }
    for (const r of repo.identityRowsAt(at)) if (!ids.has(r[0])) (rows.push(r), ids.add(r[0]));
  }

  // Rows of the translations' locales at the old keys of their English pages, by locale and key.
  const atOld = new Map<string, Map<string, IdentityRow>>();
  const addOld = (r: IdentityRow) => {
    let m = atOld.get(r[1]);
    if (!m) atOld.set(r[1], (m = new Map()));
    m.set(r[2], r);
  };
  const fullLocales = new Set(read);
  for (const r of rows) if (fullLocales.has(r[1]) && redirects.has(r[2])) addOld(r);

  const identities = new Map<number, string>();
  const pairs = new Map<number, BasePair>();
  const rowOf = new Map<number, IdentityRow>();
  const englishKind = (key: string): string | undefined => {
    const r = english.get(key);
    return r && r[6] === null && r[3] !== 'variables' ? r[3] : undefined;
  };
  // Candidates of other locales: their rows at their English pages' old keys, read for those that pair.
  const wanted: [string, string][] = [];
  for (const r of rows) {
    const [id, locale, key, kind, , , deletedRun] = r;
    rowOf.set(id, r);
    // As resolveBases pairs them: live translations, a live English page or reusable (variables files have no base).
    if (deletedRun !== null || kind === 'variables') continue;
    const englishKey = pairedEnglishKey(key, kind, englishKind, (k) => redirects.get(k));
    // An orphan: no base (the orphaned-translation check's business).
    if (englishKey === undefined) continue;
    pairs.set(id, { locale, key, englishKey });
    if (!fullLocales.has(locale)) for (const old of oldKeys.get(englishKey) ?? []) wanted.push([locale, old]);
  }
  if (wanted.length > 0) for (const r of repo.identityRowsAt(wanted)) addOld(r);
  // English's part of an identity, once per English page: its key and row, and English's rows at its old keys.
  const englishParts = new Map<string, string>();
  const englishPart = (key: string): string => {
    let part = englishParts.get(key);
    if (part === undefined) {
      part = `${key}>${state(english.get(key))}`;
      for (const old of oldKeys.get(key) ?? []) {
        const a = english.get(old);
        if (a) part += `|${old}:${state(a)}`;
      }
      englishParts.set(key, part);
    }
    return part;
  };
  for (const [id, { locale, englishKey }] of pairs) {
    let identity = `${state(rowOf.get(id))}>${englishPart(englishKey)}~`;
    // The translation's locale's rows at those old keys.
    const own = atOld.get(locale);
    if (own) {
      for (const old of oldKeys.get(englishKey) ?? []) {
        const b = own.get(old);
        if (b) identity += `|${old}:${state(b)}`;
      }
    }
    identities.set(id, identity + epoch(locale));
  }

  // What differs from the stored identities: of the locales read, every one; of the others, the candidates.
  const storedIds = stored.of(read);
  if (before !== null && rows.length > 0) {
    const others = [...rowOf.values()].filter((r) => !fullLocales.has(r[1])).map((r) => r[0]);
    if (others.length > 0) for (const [id, identity] of stored.ofIds(others)) storedIds.set(id, identity);
  }
  const changed = new Set<number>();
  for (const [id, identity] of identities) {
    if (storedIds.get(id) === identity) continue;
    changed.add(id);
    save.push([id, pairs.get(id)!.locale, pairs.get(id)!.englishKey, identity]);
  }
  // No longer paired (deleted, or an orphan now): no base.
  const unknown = new Set<string>();
  for (const id of storedIds.keys()) {
    if (identities.has(id)) continue;
    changed.add(id);
    const locale = rowOf.get(id)?.[1] ?? '';
    save.push([id, locale, null, null]);
    // A row gone from the table (never by the indexer) was of a locale read whole.
    if (locale !== '' && !read.has(locale)) unknown.add(locale);
  }
  // A locale not read whose candidate lost its pairing may have none left (git reads the locales
  // with one): read it whole.
  if (unknown.size > 0) return identityChanges(db, sourceLocale, workTree, before, new Set([...(force ?? []), ...unknown]));

  const paired = new Set<string>();
  const locales: LocaleRecord = {};
  const pairedNow = new Set<string>();
  for (const p of pairs.values()) pairedNow.add(p.locale);
  for (const [locale, { state: s }] of states) {
    // A locale not read keeps its paired translations (none of its candidates lost its pairing).
    const has = read.has(locale) ? pairedNow.has(locale) : pairedNow.has(locale) || (before?.[locale]?.[1] ?? false);
    locales[locale] = [s, has];
    if (has && locale !== sourceLocale) paired.add(locale);
  }
  const pairsAt = (at: readonly (readonly [string, string])[]): BasePair[] => {
    const out: BasePair[] = [];
    for (const [, locale, key, kind, , , deletedRun] of repo.identityRowsAt(at)) {
      if (locale === sourceLocale || deletedRun !== null || kind === 'variables') continue;
      const englishKey = pairedEnglishKey(key, kind, englishKind, (k) => redirects.get(k));
      if (englishKey !== undefined) out.push({ locale, key, englishKey });
    }
    return out;
  };
  let total = 0;
  for (const l of translationLocales) total += Number(states.get(l)!.state.split(',')[0]);
  return { identities, pairs, rows: rowOf, changed, read, save, locales, paired, total, pairsAt };
}

/**
 * The rows of `locale` that changed since the last resolution, whose state of the locale was
 * `before` (HistoryRepository.localeStates: count, max id, then sum and max of changed_run and
 * of first_seen_run, …) and is `now`: every store, return or deletion of a row writes the run's id,
 * higher than any the rows had then, so the rows with a run counter above the highest then are
 * those. Null (look at the locale whole) when the states cannot say: a count that is not the
 * count then plus the rows added since (a row removed, not marked deleted).
 */
function since(repo: HistoryRepository, locale: string, before: string, now: string | undefined): IdentityRow[] | null {
  const then = before.split(',').map(Number);
  const current = now?.split(',').map(Number);
  if (!current || then.length < 6 || then.some((n) => !Number.isFinite(n)) || then[0]! === 0) return null;
  const rows = repo.identityRowsSince(locale, Math.max(then[3]!, then[5]!));
  const added = rows.filter((r) => r[0] > then[1]!).length;
  return current[0] === then[0]! + added ? rows : null;
}
