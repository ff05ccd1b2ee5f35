import type { Static } from '@sinclair/typebox';
import type { ClaimRow } from '../../db/repositories/claims.ts';
import type { FindingListRow } from '../../db/repositories/articles.ts';
import type { TypedFindingData } from '../shared/finding-data.ts';
import type { ArticleBase, ArticleStale, ClaimInfo, FindingView, StaleSummary } from './schemas.ts';

/** Row → JSON mappings shared by the routes (the repositories speak SQL columns). */

export function claimView(row: ClaimRow): Static<typeof ClaimInfo> {
  return {
    id: row.id,
    locale: row.locale,
    key: row.key,
    userId: row.user_id,
    userName: row.user_name,
    status: row.status,
    claimedAt: row.claimed_at,
    expiresAt: row.expires_at,
    closedAt: row.closed_at,
  };
}

export function parseData(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function findingStatus(row: { resolved_run: number | null; first_run: number }, latestRun: number): 'new' | 'open' | 'resolved' {
  if (row.resolved_run !== null) return 'resolved';
  return row.first_run === latestRun ? 'new' : 'open';
}

/**
 * A stored finding's check, message id and data as the typed union: the checks are compiled
 * against FINDING_DATA, so the data they stored is the one their message declares
 * (test/api/finding-data.test.ts validates every finding of the sample against it).
 */
function findingData(check: string, messageId: string, data: Record<string, unknown>): TypedFindingData {
  return { check, messageId, data } as TypedFindingData;
}

export function findingView(row: FindingListRow, latestRun: number): Static<typeof FindingView> {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    locale: row.locale,
    key: row.key,
    path: row.path,
    ...findingData(row.check_id, row.message_id, parseData(row.data_json)),
    severity: row.severity,
    message: row.message,
    line: row.line,
    section: row.section,
    status: findingStatus(row, latestRun),
    firstRun: row.first_run,
    resolvedRun: row.resolved_run,
    dismissed: row.dismissed === 1,
  };
}

const BASE_SOURCES = new Set(['sourceCommit', 'git', 'index', 'claim']);

const intOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);
const numOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** changedSections is a list (of ordinals, anchors or section objects) or a count. */
export function changedSectionList(data: Record<string, unknown>): unknown[] {
  return Array.isArray(data.changedSections) ? data.changedSections : [];
}

/** The stale verdict stored by stale detection (a 'stale-translation' finding's data). */
export function staleSummary(data: Record<string, unknown>): Static<typeof StaleSummary> {
  const changed = data.changedSections;
  return {
    commitsBehind: intOrNull(data.commitsBehind),
    daysBehind: numOrNull(data.daysBehind),
    changedSections: Array.isArray(changed) ? changed.length : (intOrNull(changed) ?? 0),
    baseSource: (typeof data.baseSource === 'string' && BASE_SOURCES.has(data.baseSource) ? data.baseSource : 'index') as Static<
      typeof StaleSummary
    >['baseSource'],
  };
}

/**
 * The base as the open stale-translation or base-unknown findings store it; a translation
 * with neither has a known base it is current with.
 */
export function articleBase(open: { check_id: string; data_json: string | null }[], known: boolean): Static<typeof ArticleBase> {
  const row =
    open.find((f) => f.check_id === 'base-unknown' && parseData(f.data_json).baseState === 'unknown') ?? open.find((f) => f.check_id === 'stale-translation');
  // No finding says anything about the base: the coverage model's record decides, never "known" by default.
  if (!row) return { state: known ? 'known' : 'unknown', reason: null, source: null, ref: null };
  const data = parseData(row.data_json);
  const ref = data.baseRef;
  return {
    state: data.baseState === 'unknown' ? 'unknown' : 'known',
    reason: typeof data.baseReason === 'string' ? data.baseReason : null,
    source: (typeof data.baseSource === 'string' && BASE_SOURCES.has(data.baseSource) ? data.baseSource : null) as Static<typeof ArticleBase>['source'],
    ref: typeof ref === 'string' ? ref : typeof ref === 'number' ? String(ref) : null,
  };
}

export function articleStale(data: Record<string, unknown>): Static<typeof ArticleStale> {
  const ref = data.baseRef;
  return {
    ...staleSummary(data),
    baseRef: typeof ref === 'string' ? ref : typeof ref === 'number' ? String(ref) : null,
    baseDate: typeof data.baseDate === 'string' ? data.baseDate : null,
    baseSubject: null,
    changedFields: Array.isArray(data.changedFields) ? data.changedFields.filter((f): f is string => typeof f === 'string') : [],
  };
}
