/**
 * The weekly report's JSON shape (REPORT_VERSION in model.ts; documented in README.md here):
 * what `GET /api/reports/weekly?format=json` answers and the web app reads. Types only (and
 * type imports of server/shared only), so the web app imports them from here rather than keeping a copy.
 */
import type { CoverageCounts } from '../shared/coverage.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export interface OpenCounts extends SeverityCounts {
  total: number;
}

/** The coverage model's counts (server/shared/coverage.ts), as /api/locales and the lists count them, with the report's percentages. */
export interface LocaleTotals extends CoverageCounts {
  /** English content pages alive at the run. */
  englishPages: number;
  /** translated of englishArticles, in percent. */
  translatedPct: number;
  /** upToDate of englishArticles, in percent. */
  upToDatePct: number;
  /** Translation effort: English words of the missing articles, words changed over the stale ones, articles without a figure (as /api/locales). */
  words: { toTranslate: number; changed: number; unknown: number };
  open: OpenCounts;
}

export interface LocaleChange {
  translatedPct: number;
  upToDatePct: number;
  stale: number;
  missing: number;
  errors: number;
  open: number;
}

export interface LocaleReport {
  locale: string;
  current: LocaleTotals;
  /** At the end of the previous week (its last run); null when no run came before this week. */
  previous: LocaleTotals | null;
  change: LocaleChange | null;
  /** Open findings at the end of the week per check. */
  findings: Record<string, SeverityCounts>;
}

/** previous + new − resolved = current, per locale and check. */
export interface CheckDelta {
  locale: string;
  check: string;
  previous: number;
  new: number;
  resolved: number;
  current: number;
  error: number;
  warning: number;
  info: number;
}

export interface ArticleCount {
  locale: string;
  key: string;
  count: number;
}

export interface CheckEvents {
  check: string;
  count: number;
  error: number;
  warning: number;
  info: number;
  topArticles: ArticleCount[];
}

export interface FindingEvent {
  event: 'new' | 'resolved';
  locale: string;
  key: string;
  check: string;
  severity: Severity;
  message: string;
  run: number;
}

export interface StaleArticle {
  locale: string;
  key: string;
  title: string | null;
  commitsBehind: number | null;
  daysBehind: number | null;
  changedSections: string[];
  /** The run that first found it stale. */
  sinceRun: number;
}

export type ClaimEventKind = 'opened' | 'completed' | 'released' | 'expired';

/** A finding dismissed in the week (team file; the repository file's entries have no date). */
export interface DismissalEvent {
  fingerprint: string;
  locale: string;
  key: string;
  check: string;
  kind: 'false-alarm' | 'wont-fix' | 'later';
  reason: string;
  by: string;
  at: string;
  /** When it was undone (in the week or later), or null while it stands. */
  undoneAt: string | null;
}

export interface ClaimEvent {
  claimId: number;
  locale: string;
  key: string;
  translator: string;
  event: ClaimEventKind;
  at: string;
}

export interface ClaimCounts {
  opened: number;
  completed: number;
  released: number;
  expired: number;
}

export interface TranslatorClaims extends ClaimCounts {
  translator: string;
}

export interface WorseLocale {
  locale: string;
  reasons: string[];
}

export interface TrendPoint {
  week: string;
  runId: number | null;
  upToDatePct: number | null;
  open: number | null;
}

export interface WeekHistory {
  week: string;
  firstDay: string;
  /** The week's last run with checks; null when no run finished that week. */
  runId: number | null;
  checks: CheckDelta[];
}

export interface RunRef {
  id: number;
  finishedAt: string;
}

export interface WeeklyReport {
  version: number;
  generatedAt: string;
  week: { id: string; start: string; end: string; firstDay: string; lastDay: string; timeZone: string; complete: boolean };
  sourceLocale: string;
  /** The one locale asked for, or null for all. */
  locale: string | null;
  runs: RunRef[];
  baseline: RunRef | null;
  /** Set when the week has no run: the week's sections are then empty, not zero-filled. */
  message: string | null;
  locales: LocaleReport[];
  checks: CheckDelta[];
  newFindings: { total: number; byCheck: CheckEvents[] };
  resolvedFindings: { total: number; byCheck: CheckEvents[] };
  articles: FindingEvent[];
  stale: { total: number; articles: StaleArticle[] };
  claims: { totals: ClaimCounts; byTranslator: TranslatorClaims[]; events: ClaimEvent[] };
  /** Findings dismissed in the week, apart from the counts (a dismissed finding is not open). */
  dismissals: { total: number; byKind: { 'false-alarm': number; 'wont-fix': number; later: number }; events: DismissalEvent[] };
  worse: WorseLocale[];
  trends: { weeks: string[]; locales: { locale: string; points: TrendPoint[] }[] };
  history: WeekHistory[];
}
