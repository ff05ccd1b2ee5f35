/** Pairs English sections with their translated counterparts for the side-by-side view. */

export interface AlignableSection {
  ordinal: number;
  level: number;
  anchor: string;
  skeleton_hash: string;
}

export interface SectionPair {
  english: number | null;
  translation: number | null;
}

// Beyond this many cells the quadratic alignment is not worth it; pair by position.
const MAX_CELLS = 400_000;

/**
 * Heading levels relative to the side's shallowest heading: a translation that demoted
 * every heading (`###` where English has `##`) keeps English's outline. 0 stays the intro.
 */
function relativeLevels(sections: AlignableSection[]): Map<number, number> {
  const headed = sections.filter((s) => s.level > 0).map((s) => s.level);
  const top = headed.length ? Math.min(...headed) : 1;
  return new Map(sections.map((s) => [s.ordinal, s.level > 0 ? s.level - top + 1 : 0]));
}

function score(e: AlignableSection, t: AlignableSection, eLevel: number, tLevel: number): number {
  if (e.anchor && e.anchor === t.anchor) return 5;
  if (eLevel === tLevel) return e.skeleton_hash === t.skeleton_hash ? 3 : 1;
  return e.skeleton_hash === t.skeleton_hash ? 1 : -1;
}

/**
 * Order-preserving alignment (like a diff of the two outlines): same anchor wins,
 * then same (relative) heading level with the same language-neutral skeleton, then same level;
 * sections without a counterpart get a row of their own.
 */
export function alignSections(english: AlignableSection[], translation: AlignableSection[]): SectionPair[] {
  const n = english.length;
  const m = translation.length;
  if (n * m > MAX_CELLS) {
    return Array.from({ length: Math.max(n, m) }, (_, i) => ({ english: english[i]?.ordinal ?? null, translation: translation[i]?.ordinal ?? null }));
  }
  const eLevels = relativeLevels(english);
  const tLevels = relativeLevels(translation);
  const pairScore = (i: number, j: number) => score(english[i]!, translation[j]!, eLevels.get(english[i]!.ordinal)!, tLevels.get(translation[j]!.ordinal)!);
  // best[i][j]: best score aligning english[i..] with translation[j..]
  const best = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = pairScore(i, j);
      const match = s > 0 ? s + best[i + 1]![j + 1]! : -Infinity;
      best[i]![j] = Math.max(match, best[i + 1]![j]!, best[i]![j + 1]!);
    }
  }
  const pairs: SectionPair[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const s = pairScore(i, j);
    if (s > 0 && best[i]![j] === s + best[i + 1]![j + 1]!) {
      pairs.push({ english: english[i]!.ordinal, translation: translation[j]!.ordinal });
      i++;
      j++;
    } else if (best[i]![j] === best[i + 1]![j]) {
      pairs.push({ english: english[i]!.ordinal, translation: null });
      i++;
    } else {
      pairs.push({ english: null, translation: translation[j]!.ordinal });
      j++;
    }
  }
  for (; i < n; i++) pairs.push({ english: english[i]!.ordinal, translation: null });
  for (; j < m; j++) pairs.push({ english: null, translation: translation[j]!.ordinal });
  return pairs;
}
