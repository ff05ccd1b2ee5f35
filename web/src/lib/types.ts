/**
 * The JSON the API answers with: the contract between server/routes (whose TypeBox
 * schemas must produce exactly these shapes) and the web app.
 */

import type { TypedFindingData } from '../../../server/shared/finding-data';
import type { CoverageCounts, CoverageState } from '../../../server/shared/coverage';
import type { ClaimEventKind, ClaimStatus } from '../../../server/shared/claims';
import type { Severity } from '../../../server/shared/findings';
import type { SeverityCounts } from '../../../server/reports/types';
import type { DocumentKind } from '../../../server/indexer/types';

// The server's own vocabulary, under the names the web app uses.
export type { CoverageCounts, CoverageState, ClaimStatus, Severity, SeverityCounts, DocumentKind };

export type FindingStatus = 'new' | 'open' | 'resolved';
export type Role = 'manager' | 'translator';

export interface Health {
  status: 'ok';
  lastRun: { id: number; finishedAt: string | null } | null;
}

export interface Run {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'complete' | 'failed';
  filesSeen: number;
  filesParsed: number;
  filesUnchanged: number;
  filesAdded: number;
  filesDeleted: number;
  parseErrors: number;
  durationMs: number | null;
  error: string | null;
  /** The run's check pass: open after it, new in it, resolved by it; null when it ran none (unknown, not 0). */
  findings: { open: number; new: number; resolved: number } | null;
}

/** GET /api/locales → { sourceLocale, runId, locales: LocaleSummary[] }; the coverage counts are the coverage model's. */
export interface LocaleSummary extends CoverageCounts {
  locale: string;
  /** True for the English source row (its counts describe English itself). */
  source: boolean;
  documents: number;
  pages: number;
  reusables: number;
  variables: number;
  parseErrors: number;
  /** English pages (content files only; same for every locale). */
  englishPages: number;
  activeClaims: number;
  /** Open findings per check id, split by severity. */
  findings: Record<string, SeverityCounts>;
  /** Articles with open findings per check id (the list total under check=…). */
  articlesByCheck: Record<string, number>;
  /** Translation effort: English words of the missing articles, words changed over the stale ones, articles with no figure. */
  words: { toTranslate: number; changed: number; unknown: number };
  /** The heatmap cell per check: its articles (articlesByCheck) split into against + englishToo + info. */
  cells: Record<string, HeatCell>;
  totals: SeverityCounts;
  /** Open findings total after each of the last runs (oldest first), for sparklines. */
  trend: { runId: number; finishedAt: string; open: number; upToDatePct: number }[];
}

export interface LocalesResponse {
  sourceLocale: string;
  runId: number | null;
  locales: LocaleSummary[];
}

/** GET /api/checks */
export interface CheckInfo {
  id: string;
  /** What people call it (server/shared/check-names.ts). */
  name: string;
  /** The doc page's "What it flags", as plain text. */
  summary: string;
  severity: Severity;
  docs: string;
  /** The check's Markdown doc page (server/checks/docs/<id>.md), as text. */
  page: string;
  /** False when the config or the site's layout turns it off everywhere. */
  enabled: boolean;
  /** Why the layout turns it off, else null. */
  offReason: string | null;
  /** Translation locales the config turns it off in. */
  offIn: string[];
}

/** GET /api/locales/:locale/folders: the coverage model's counts of the articles under a folder. */
export type FolderCounts = CoverageCounts;
export interface FolderSummary {
  path: string;
  name: string;
  counts: FolderCounts;
  words: { toTranslate: number; changed: number; unknown: number };
  folders: number;
  articles: number;
}
export interface FoldersResponse {
  locale: string;
  folder: FolderSummary;
  children: FolderSummary[];
}

export interface HeatCell {
  articles: number;
  /** Articles with an error or warning of the translation's own. */
  against: number;
  /** Articles whose findings English has too (tell the English writers). */
  englishToo: number;
  /** Articles with info findings only. */
  info: number;
}

export interface StaleSummary {
  commitsBehind: number | null;
  daysBehind: number | null;
  changedSections: number;
  baseSource: 'sourceCommit' | 'git' | 'index' | 'claim';
}

export interface ClaimInfo {
  id: number;
  locale: string;
  key: string;
  userId: number;
  userName: string;
  status: ClaimStatus;
  claimedAt: string;
  expiresAt: string;
  closedAt: string | null;
}

/** GET /api/articles?locale&check&severity&status&stale&claimed&q&sort&order&page&limit */
export interface ArticleRow {
  locale: string;
  key: string;
  url: string;
  englishTitle: string | null;
  title: string | null;
  kind: DocumentKind;
  /** The locale has a file for the article (false: missing row). */
  translated: boolean;
  state: CoverageState;
  counts: SeverityCounts;
  /** Open findings by check id. */
  checks: Record<string, number>;
  newFindings: number;
  stale: StaleSummary | null;
  /** Translation effort counted at check time: a missing page's English words, a stale one's English words changed since its base; null when not known. */
  words: { toTranslate: number | null; changed: number | null };
  claim: ClaimInfo | null;
}

export interface ArticlesResponse {
  total: number;
  page: number;
  limit: number;
  rows: ArticleRow[];
}

/**
 * A finding: `check`, `messageId` and `data` come as one of the union's members, so narrowing on
 * `check` and `messageId` gives the data that message carries (server/shared/finding-data.ts).
 */
export type FindingView = {
  id: number;
  fingerprint: string;
  locale: string;
  key: string;
  path: string | null;
  severity: Severity;
  message: string;
  line: number | null;
  section: number | null;
  status: FindingStatus;
  firstRun: number;
  resolvedRun: number | null;
  /** Open but dismissed: not counted as open. */
  dismissed: boolean;
} & TypedFindingData;

export type DismissalKind = 'false-alarm' | 'wont-fix' | 'later';

/** POST /api/findings/:fingerprint/dismissal, DELETE, GET /api/dismissals */
export interface DismissalView {
  fingerprint: string;
  locale: string;
  key: string;
  check: string;
  kind: DismissalKind;
  reason: string;
  by: string;
  source: 'team' | 'file';
  createdAt: string | null;
  applies: boolean;
}

/** GET /api/findings → { total, page, limit, rows: FindingView[] } */
export interface FindingsResponse {
  total: number;
  page: number;
  limit: number;
  rows: FindingView[];
}

/** Where a section sits in its file, without its text: the article's section index. */
export interface SectionHead {
  ordinal: number;
  level: number;
  heading: string;
  anchor: string;
  line: number;
  endLine: number;
}

export interface SectionView extends SectionHead {
  source: string;
}

export interface ParagraphView {
  ordinal: number;
  section: number;
  kind: string;
  line: number;
  endLine: number;
  text: string;
  lang: string | null;
  confidence: number;
}

/** One side of an article without its text (that comes per row: SectionRows). */
export interface DocumentSide {
  path: string;
  title: string | null;
  /** The title as the site shows it (server/shared/display-title.ts: displayTitle). */
  titleText: string | null;
  /** The file in its repository; null when neither the layout nor the config knows the repository. */
  fileUrl: string | null;
  frontmatter: Record<string, unknown> | null;
  sections: SectionHead[];
}

/** One aligned row: an English section and its translated counterpart (either may be missing). */
export interface AlignedSection {
  english: number | null;
  translation: number | null;
  /** Both sides set and known to be the same section; false: paired by position between uncertain neighbours, or one side only. */
  certain: boolean;
  /** Stale: the English section changed since the translation's base. */
  changed: boolean;
}

/** A section with its text and the paragraphs the indexer found in it. */
export interface SectionContent extends SectionView {
  paragraphs: ParagraphView[];
}

/** The text of one aligned row (index `row` of the article's alignment). */
export interface SectionRow {
  row: number;
  english: SectionContent | null;
  translation: SectionContent | null;
  /** Word diff of the English section from base to now, when it changed. */
  diff: { added: boolean; removed: boolean; value: string }[] | null;
}

/** GET /api/article-sections/:locale/*?from&limit: rows from … from + rows.length - 1 of `total`. */
export interface SectionRows {
  from: number;
  total: number;
  rows: SectionRow[];
}

/** GET /api/articles/:locale/* */
export interface ArticleDetail {
  locale: string;
  key: string;
  url: string;
  /** The live page; null when neither the layout nor the config knows the site. */
  pageUrl: string | null;
  /** The key of the English page the translation is compared with: not `key` for a translation left at a moved page's old path. */
  englishKey: string | null;
  english: DocumentSide | null;
  translation: DocumentSide | null;
  /** Every aligned row, without text: the section index. */
  alignment: AlignedSection[];
  /** The first page of rows with their text. */
  sections: SectionRows;
  /** The first row of each page of rows (GET /api/article-sections ?from=<start> answers that page). */
  pageStarts: number[];
  findings: FindingView[];
  stale: (StaleSummary & { baseRef: string | null; baseDate: string | null; baseSubject: string | null; changedFields: string[] }) | null;
  /** The English version the translation was made from: `unknown` (with why) is neither up to date nor stale. */
  base: { state: 'known' | 'unknown'; reason: string | null; source: StaleSummary['baseSource'] | null; ref: string | null } | null;
  claim: ClaimInfo | null;
  /** Resolved findings of the article, newest first (at most 200; the open ones are `findings`). */
  history: FindingView[];
}

export interface Me {
  id: number;
  name: string;
  role: Role;
  locales: string[];
}

/** GET /api/reports/weekly?week&format=json */
export interface WeeklyReportSummary {
  version: 1;
  week: string;
  from: string;
  to: string;
  runs: number[];
}

/** GET /api/checks */
export interface ChecksResponse {
  checks: CheckInfo[];
}

/** A claim in the claims list, with its article's titles as stored in the index (null when not indexed). */
export interface ClaimListItem extends ClaimInfo {
  title: string | null;
  englishTitle: string | null;
}

/** GET /api/claims?locale&user(=me)&status&page&limit, newest first */
export interface ClaimsResponse {
  total: number;
  page: number;
  limit: number;
  rows: ClaimListItem[];
}

export type ClaimHistoryKind = ClaimEventKind;

/** One step of a claim's life. */
export interface ClaimHistoryEvent {
  claimId: number;
  event: ClaimHistoryKind;
  at: string;
  locale: string;
  key: string;
  title: string | null;
  englishTitle: string | null;
  /** Who did it; null for an expiry (the clock) and for steps recorded before the history kept authors. */
  by: string | null;
  /** claimed: the claimant; expired: whose claim expired; reassigned: the holder before. */
  holder: string | null;
  /** reassigned: the new holder. */
  to: string | null;
  /** claimed, renewed: the expiry set; expired: when it expired. */
  expiresAt: string | null;
}

/** GET /api/claims/history?locale&user(=me)&claim&page&limit, newest first */
export interface ClaimHistoryResponse {
  total: number;
  page: number;
  limit: number;
  rows: ClaimHistoryEvent[];
}

/** GET /api/claims/claimants?locale: translators who may hold a claim. */
export interface ClaimantsResponse {
  users: { name: string; locales: string[] }[];
}

/** The claim-changed server-sent event. */
export interface ClaimChanged {
  change: Exclude<ClaimHistoryKind, 'expired'>;
  claim: ClaimInfo;
}

/** 409 from POST /api/claims: the article is already claimed. */
export interface ClaimConflict {
  statusCode: 409;
  error: string;
  message: string;
  holder: string;
  claim: ClaimInfo;
}

/** 202 from POST /api/runs (managers): a re-index started. */
export interface RunStarted {
  runId: number;
  status: 'running';
}

/** 409 from POST /api/runs: a run is in progress (here or in a CLI `index`). */
export interface RunBusy {
  statusCode: 409;
  error: string;
  message: string;
  runningRunId: number;
}

/** GET /api/runs?limit&offset, newest first */
export interface RunsResponse {
  runs: Run[];
}

/** Every 4xx/5xx body: what was wrong (for 400, the failing field first); 5xx never carry internals. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/**
 * GET /api/reports/weekly?format=json → WeeklyReport: the server's own types for the report's
 * JSON shape (server/reports/types.ts, documented in server/reports/README.md), under the
 * names the web app uses.
 */
export type {
  ArticleCount,
  CheckDelta,
  CheckEvents,
  ClaimEvent,
  ClaimEventKind,
  FindingEvent,
  StaleArticle,
  TranslatorClaims,
  WeekHistory,
  WeeklyReport,
  WorseLocale,
  ClaimCounts as ReportClaimCounts,
  LocaleChange as ReportLocaleChange,
  LocaleReport as ReportLocale,
  LocaleTotals as ReportLocaleTotals,
  OpenCounts as ReportOpenCounts,
  RunRef as ReportRun,
  TrendPoint as ReportTrendPoint,
} from '../../../server/reports/types';

/** GET /api/english-changes (server/routes/english-changes.ts): what `l10n-drift diff` says of the English changes since a translation's base. */
export interface EnglishChanges {
  locale: string;
  key: string;
  base: {
    source: string;
    ref: string | null;
    date: string | null;
    commitsBehind: number | null;
    state: 'known' | 'unknown';
    reason?: string;
    problem?: string;
  } | null;
  /** Null when it cannot be told (no base, or an unknown one). */
  stale: boolean | null;
  /** English commits since the base that writers marked cosmetic (no translation update needed), newest first. */
  commits: { ref: string; subject: string; cosmetic: true }[];
}
