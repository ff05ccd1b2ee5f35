/**
 * The coverage model's states and counts: the vocabulary server/coverage/model.ts counts with
 * and the API and the dashboard show. Types and constants only, no imports, so the web app
 * imports them from here rather than keeping a copy.
 */

/** What each state means: server/coverage/model.ts, which decides them. */
export const COVERAGE_STATES = ['up-to-date', 'stale', 'base-unknown', 'english-fallback', 'missing', 'orphaned', 'leftover'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

/** One count per state, as every surface (overview, lists, folders, report, CLI) shows them. */
export interface CoverageCounts {
  /** English articles (pages, reusables, variables files): up to date + stale + base unknown + fallback + missing. */
  englishArticles: number;
  /** up to date + stale + base unknown (the list filter state=translated). */
  translated: number;
  /** Translations with a known base and no stale finding. */
  upToDate: number;
  stale: number;
  /** Translations with no stale finding and no base found. */
  baseUnknown: number;
  /** Translation files whose prose is mostly English. */
  englishFallback: number;
  missing: number;
  /** Translations whose English article is gone. */
  orphaned: number;
  /** Copies under a key English moved away from while the moved article is translated already. */
  leftover: number;
}
