import { cleanProse } from '../../indexer/parse.ts';
import type { SiteLookups } from '../define.ts';

const LETTER = /\p{L}/gu;
const WORD = /\p{L}[\p{L}'’-]*/gu;

/** Letters in a string (any script). */
export function letterCount(text: string): number {
  return countUpTo(LETTER, text, Infinity);
}

/** Words of letters in a string. */
export function wordCount(text: string): number {
  return countUpTo(WORD, text, Infinity);
}

/**
 * True when a text has at least `words` words and `letters` letters. Stops counting at
 * the thresholds: the checks ask this of every English paragraph of a site each run.
 */
export function hasProse(text: string, words: number, letters: number): boolean {
  return text.length >= letters && countUpTo(WORD, text, words) >= words && countUpTo(LETTER, text, letters) >= letters;
}

/** Matches of a global regex in `text`, counting no further than `max`. */
function countUpTo(re: RegExp, text: string, max: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < max && re.test(text)) n++;
  re.lastIndex = 0;
  return n;
}

// One copy per layout's neutral-terms pattern; `replace` resets a global regex's lastIndex, so sharing is safe.
const neutralCopies = new WeakMap<RegExp, RegExp>();

/** A frontmatter or paragraph text as language identification sees it: no Liquid, URLs or product names. */
export function proseOf(site: SiteLookups, value: string): string {
  const neutral = site.layout.neutralTerms;
  if (!neutral) return cleanProse(value);
  let copy = neutralCopies.get(neutral);
  if (!copy) neutralCopies.set(neutral, (copy = new RegExp(neutral.source, neutral.flags)));
  return cleanProse(value, copy);
}

/** Stable, order-independent JSON for comparing frontmatter values. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Short human form of a value for messages. */
export function brief(value: unknown, max = 80): string {
  const s = typeof value === 'string' ? value : canonicalJson(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
