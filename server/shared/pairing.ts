import { pairedEnglishKey } from './documents.ts';

/** How a locale's file is paired with English (one rule for the checks and the coverage model). */
export type Pairing =
  /** English has the same key. */
  | 'own'
  /** Filed under a key English redirects to a page the locale has no file for: paired with it. */
  | 'moved'
  /**
   * Filed under an old key while the moved article is translated already: at its new key, or by
   * the old copy that is its predecessor (English merged several pages into one).
   */
  | 'leftover'
  /** No English article at the key or through a redirect. */
  | 'orphan';

export interface PairedFile {
  englishKey: string | null;
  pairing: Pairing;
  /** For a leftover: the key of the locale's file that translates the English page (its own key or its predecessor's). */
  pairedKey?: string;
}

/**
 * Pairs every file of a locale with its English page. A file under a key English redirects to
 * page P is P's translation when the locale has no file at P; when several old files lead to P
 * (English merged several pages into P), only P's predecessor is: of the files whose last key
 * segment is P's (`…/creating-an-issue` for `issues/…/creating-an-issue`), or of all when none
 * is, the one filed under P's most recent old key (the latest of English's redirect entries,
 * `redirectRank`), else the first by key. The others are copies of pages that no longer exist on
 * their own, or older copies of P: leftovers, to delete.
 */
export function pairFiles(
  files: Iterable<{ key: string; kind: string }>,
  englishKindOf: (key: string) => string | undefined,
  englishRedirect: (fromKey: string) => string | undefined,
  redirectRank: (fromKey: string) => number | undefined = () => undefined,
): Map<string, PairedFile> {
  const out = new Map<string, PairedFile>();
  const own = new Set<string>();
  const movedTo = new Map<string, string[]>();
  const list = [...files];
  for (const f of list) if (englishKindOf(f.key) !== undefined) own.add(f.key);
  for (const f of list) {
    const englishKey = pairedEnglishKey(f.key, f.kind, englishKindOf, englishRedirect) ?? null;
    if (englishKey === null) out.set(f.key, { englishKey, pairing: 'orphan' });
    else if (englishKey === f.key) out.set(f.key, { englishKey, pairing: 'own' });
    else if (own.has(englishKey)) out.set(f.key, { englishKey, pairing: 'leftover', pairedKey: englishKey });
    else {
      const keys = movedTo.get(englishKey);
      if (keys) keys.push(f.key);
      else movedTo.set(englishKey, [f.key]);
    }
  }
  for (const [englishKey, keys] of movedTo) {
    const predecessor = predecessorOf(englishKey, keys, redirectRank);
    for (const key of keys) {
      out.set(key, key === predecessor ? { englishKey, pairing: 'moved' } : { englishKey, pairing: 'leftover', pairedKey: predecessor });
    }
  }
  return out;
}

/** Of the old keys that lead to `englishKey`, the one filed under its page's latest earlier name (see pairFiles). */
function predecessorOf(englishKey: string, keys: string[], redirectRank: (fromKey: string) => number | undefined): string {
  if (keys.length === 1) return keys[0]!;
  const name = lastSegment(englishKey);
  const sameName = keys.filter((k) => lastSegment(k) === name);
  const candidates = [...(sameName.length > 0 ? sameName : keys)].sort();
  let best = candidates[0]!;
  let bestRank = redirectRank(best) ?? -1;
  for (const k of candidates.slice(1)) {
    const rank = redirectRank(k) ?? -1;
    if (rank > bestRank) [best, bestRank] = [k, rank];
  }
  return best;
}

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/**
 * Where each old key's redirect entry stands among English's redirects, in the order the index
 * stored them (a page's `redirect_from` in its own order: later entries are later moves).
 */
export function redirectRanks(redirects: Map<string, string>): (fromKey: string) => number | undefined {
  let ranks: Map<string, number> | undefined;
  return (fromKey) => {
    if (!ranks) {
      ranks = new Map();
      let i = 0;
      for (const from of redirects.keys()) ranks.set(from, i++);
    }
    return ranks.get(fromKey);
  };
}
