/**
 * The coverage model: the one rule that says what state each article of a locale is in.
 * Every surface (overview, article lists and their filters, /api/locales, the weekly
 * report, the CLI) counts these states from the rows CoverageRepository.articles returns,
 * so no two surfaces can count differently.
 */
import { COVERAGE_STATES, type CoverageCounts, type CoverageState } from '../shared/coverage.ts';

/**
 * The states and counts live in server/shared/coverage.ts, shared with the web app:
 * - up-to-date: a translation of an English article, with a known base and no stale finding.
 * - stale: English changed since the translation's base (an open stale-translation finding).
 * - base-unknown: no stale finding, but no base was found either, so nobody knows.
 * - english-fallback: a translation file whose prose is mostly English (see isMostlyEnglish).
 * - missing: an English article the locale has no translation of.
 * - orphaned: a translation whose English article is gone (and English redirects it nowhere).
 * - leftover: a copy under a key English moved away from, while the moved article is
 *   translated already (at its new key, or by another old copy).
 */
export { COVERAGE_STATES, type CoverageCounts, type CoverageState };

/** The states that count as translated: an English article a reader sees in the locale's language. */
export const TRANSLATED_STATES: readonly CoverageState[] = ['up-to-date', 'stale', 'base-unknown'];

/**
 * A translation is English fallback when more than half of its prose paragraphs whose language
 * was identified are English (with the english-fallback check's confidence). Paragraphs, not
 * words: Chinese, Japanese and Korean do not separate words, and a paragraph is the unit the
 * indexer judges. Files with no judged prose (variables, code-only pages) are never fallback.
 */
export const FALLBACK_SHARE = 0.5;

export function isMostlyEnglish(englishParagraphs: number, judgedParagraphs: number): boolean {
  return judgedParagraphs > 0 && englishParagraphs / judgedParagraphs > FALLBACK_SHARE;
}

/** How a locale's file is paired with English (the checks' rule, server/checks/run.ts). */
export type Pairing =
  /** English has the same key. */
  | 'own'
  /** Filed under a key English redirects to a page the locale has no file for: paired with it. */
  | 'moved'
  /** Filed under an old key while the moved article is translated already. */
  | 'leftover'
  /** No English article at the key or through a redirect. */
  | 'orphan';

export interface TranslationFacts {
  pairing: Pairing;
  /** An open stale-translation finding that says English changed since the base. */
  stale: boolean;
  /** Stale detection found a usable base for the translation. */
  baseKnown: boolean;
  englishParagraphs: number;
  judgedParagraphs: number;
}

/** The state of a locale's file; English articles with no file in the locale are `missing`. */
export function translationState(f: TranslationFacts): CoverageState {
  if (f.pairing === 'orphan') return 'orphaned';
  if (f.pairing === 'leftover') return 'leftover';
  if (isMostlyEnglish(f.englishParagraphs, f.judgedParagraphs)) return 'english-fallback';
  if (f.stale) return 'stale';
  if (!f.baseKnown) return 'base-unknown';
  return 'up-to-date';
}

const FIELD: Record<CoverageState, keyof CoverageCounts> = {
  'up-to-date': 'upToDate',
  stale: 'stale',
  'base-unknown': 'baseUnknown',
  'english-fallback': 'englishFallback',
  missing: 'missing',
  orphaned: 'orphaned',
  leftover: 'leftover',
};

/** The field of CoverageCounts that counts a state. */
export function countField(state: CoverageState): keyof CoverageCounts {
  return FIELD[state];
}

/** The counts of a list of states, or of how many articles are in each state. */
export function countStates(states: Iterable<CoverageState> | Partial<Record<CoverageState, number>>): CoverageCounts {
  const c: CoverageCounts = { englishArticles: 0, translated: 0, upToDate: 0, stale: 0, baseUnknown: 0, englishFallback: 0, missing: 0, orphaned: 0, leftover: 0 };
  if (Symbol.iterator in states) for (const s of states) c[FIELD[s]]++;
  else for (const [s, n] of Object.entries(states) as [CoverageState, number][]) c[FIELD[s]] += n;
  c.translated = c.upToDate + c.stale + c.baseUnknown;
  c.englishArticles = c.translated + c.englishFallback + c.missing;
  return c;
}

/** Whether a list filter value (a state, or `translated` for the translated states) selects a state. */
export function stateMatches(filter: CoverageState | 'translated', state: CoverageState): boolean {
  return filter === 'translated' ? TRANSLATED_STATES.includes(state) : filter === state;
}

/** A readable title for a file without one (reusables, variables): its file name without extension. */
export function fallbackTitle(path: string): string {
  const name = path.split('/').at(-1) ?? path;
  return name.replace(/\.(md|ya?ml)$/, '');
}

/** One line of a CLI summary: the same counts /api/locales and the weekly report give. */
export function coverageLine(locale: string, c: CoverageCounts): string {
  return (
    `${locale}: ${c.translated}/${c.englishArticles} translated (${c.upToDate} up to date, ${c.stale} stale, ${c.baseUnknown} base unknown), ` +
    `${c.englishFallback} English fallback, ${c.missing} missing, ${c.orphaned} orphaned, ${c.leftover} leftover`
  );
}
