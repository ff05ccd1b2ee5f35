/** The only module that calls fetch: every view uses the typed functions below. */
import type {
  ArticleDetail,
  SectionRows,
  ArticlesResponse,
  CheckInfo,
  ChecksResponse,
  ApiErrorBody,
  ClaimantsResponse,
  ClaimChanged,
  ClaimConflict,
  ClaimHistoryResponse,
  ClaimInfo,
  ClaimsResponse,
  ClaimStatus,
  CoverageState,
  DismissalKind,
  DismissalView,
  EnglishChanges,
  FindingsResponse,
  FoldersResponse,
  FindingStatus,
  Health,
  LocalesResponse,
  Me,
  Run,
  RunsResponse,
  RunStarted,
  Severity,
  WeeklyReport,
} from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The parsed error body (an ApiErrorBody, or a richer 409 such as ClaimConflict). */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

/** The current holder when a claim lost the race (409 from POST /api/claims). */
export function claimConflict(e: unknown): ClaimConflict | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  const body = e.body as Partial<ClaimConflict> | null;
  return body && typeof body.holder === 'string' && body.claim ? (body as ClaimConflict) : null;
}

/** The indexed locales when a request named a locale the server does not know (400 with knownLocales). */
export function unknownLocale(e: unknown): string[] | null {
  if (!(e instanceof ApiError) || e.status !== 400) return null;
  const known = (e.body as { knownLocales?: unknown } | null)?.knownLocales;
  return Array.isArray(known) && known.every((l) => typeof l === 'string') ? (known as string[]) : null;
}

let authToken: string | null = null;

/** Set by the session module; write requests (and /api/me) carry it as a bearer token. */
export function setAuthToken(token: string | null): void {
  authToken = token;
}

async function request<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authToken) headers['authorization'] = `Bearer ${authToken}`;
  const { json, ...rest } = init;
  let body: BodyInit | undefined;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      ...(body !== undefined ? { body } : {}),
      headers: { ...headers, ...((rest.headers as Record<string, string>) ?? {}) },
    });
  } catch {
    throw new ApiError(0, 'The l10n-drift server did not answer. Is it running?');
  }
  const parsed = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const message = (parsed as Partial<ApiErrorBody> | null)?.message;
    throw new ApiError(response.status, typeof message === 'string' ? message : `${response.status} ${response.statusText}`, parsed);
  }
  return parsed as T;
}

function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '' || v === false) continue;
    search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** A key is a path (`admin/configuration/x`): keep its slashes, encode each segment. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

export function getHealth(): Promise<Health> {
  return request<Health>('/api/health');
}

export function getLocales(): Promise<LocalesResponse> {
  return request<LocalesResponse>('/api/locales');
}

export function getChecks(): Promise<CheckInfo[]> {
  return request<ChecksResponse>('/api/checks').then((b) => b.checks);
}

export interface ArticleQuery {
  locale: string;
  check?: string | null;
  severity?: Severity | null;
  status?: FindingStatus | 'all' | null;
  stale?: boolean;
  /** The coverage state (server/coverage/model.ts); 'translated' = up to date, stale or base unknown. */
  state?: CoverageState | 'translated' | null;
  /** false: only articles nobody has claimed. */
  claimed?: boolean | null;
  q?: string | null;
  sort?: string | null;
  order?: 'asc' | 'desc' | null;
  page?: number;
  limit?: number;
}

export function getArticles(q: ArticleQuery): Promise<ArticlesResponse> {
  return request<ArticlesResponse>(
    '/api/articles' +
      query({
        locale: q.locale,
        check: q.check,
        severity: q.severity,
        status: q.status,
        stale: q.stale ? 'true' : null,
        state: q.state,
        claimed: q.claimed === null || q.claimed === undefined ? null : String(q.claimed),
        q: q.q,
        sort: q.sort,
        order: q.order,
        page: q.page,
        limit: q.limit,
      }),
  );
}

export function getArticle(locale: string, key: string): Promise<ArticleDetail> {
  return request<ArticleDetail>(`/api/articles/${encodeURIComponent(locale)}/${encodeKey(key)}`);
}

/** What `l10n-drift diff` says of English since the translation's base: among it, the commits writers marked cosmetic. */
export function getEnglishChanges(locale: string, key: string): Promise<EnglishChanges> {
  return request<EnglishChanges>('/api/english-changes' + query({ locale, key }));
}

/** Rows from … from + limit - 1 of an article's alignment, with their text (the article view's lazy sections). */
export function getArticleSections(locale: string, key: string, from: number, limit: number): Promise<SectionRows> {
  return request<SectionRows>(`/api/article-sections/${encodeURIComponent(locale)}/${encodeKey(key)}${query({ from, limit })}`);
}

export function getRuns(limit = 50): Promise<Run[]> {
  return request<RunsResponse>(`/api/runs${query({ limit })}`).then((b) => b.runs);
}

/** Manager only: starts a re-index in the background (409 while another run is going). */
export function startRun(): Promise<RunStarted> {
  return request<RunStarted>('/api/runs', { method: 'POST' });
}

/**
 * Calls `onFinished` with each index run that ends on the server (GET /api/events: `serve --watch`
 * after a saved file, or a manager's re-index). The browser reconnects by itself, sending the last
 * run id it saw, so a run that ended meanwhile still arrives. Returns the unsubscribe.
 */
/** Listens to GET /api/events: index runs that finished, and claims that changed (anyone's). */
export function subscribeEvents(on: { runFinished: (run: Run) => void; claimChanged: (change: ClaimChanged) => void }): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource('/api/events');
  source.addEventListener('run-finished', (e) => {
    const body = JSON.parse((e as MessageEvent<string>).data) as { run: Run };
    on.runFinished(body.run);
  });
  source.addEventListener('claim-changed', (e) => {
    on.claimChanged(JSON.parse((e as MessageEvent<string>).data) as ClaimChanged);
  });
  return () => source.close();
}

export function getMe(): Promise<Me> {
  return request<Me>('/api/me');
}

export interface ClaimQuery {
  /** Only the signed-in user's claims. */
  mine?: boolean;
  /** Only this user's claims (by name); ignored with `mine`. */
  user?: string | null;
  locale?: string | null;
  status?: ClaimStatus | null;
  page?: number;
  limit?: number;
}

export function getClaims(q: ClaimQuery = {}): Promise<ClaimsResponse> {
  return request<ClaimsResponse>('/api/claims' + query({ user: q.mine ? 'me' : q.user, locale: q.locale, status: q.status, page: q.page, limit: q.limit }));
}

export function claimArticle(locale: string, key: string): Promise<ClaimInfo> {
  return request<ClaimInfo>('/api/claims', { method: 'POST', json: { locale, key } });
}

export interface ClaimHistoryQuery {
  mine?: boolean;
  user?: string | null;
  locale?: string | null;
  claim?: number | null;
  page?: number;
  limit?: number;
}

/** Every step of the matching claims (claimed, renewed, released, completed, reassigned, expired), newest first. */
export function getClaimHistory(q: ClaimHistoryQuery = {}): Promise<ClaimHistoryResponse> {
  return request<ClaimHistoryResponse>(
    '/api/claims/history' + query({ user: q.mine ? 'me' : q.user, locale: q.locale, claim: q.claim, page: q.page, limit: q.limit }),
  );
}

/** Translators who may hold a claim (of one locale): the translator filter's and reassignment's choices. */
export function getClaimants(locale?: string | null): Promise<ClaimantsResponse> {
  return request<ClaimantsResponse>('/api/claims/claimants' + query({ locale }));
}

/** Extends a claim by the configured expiry from now (the holder or a manager). */
export function renewClaim(id: number): Promise<ClaimInfo> {
  return request<ClaimInfo>(`/api/claims/${id}/renew`, { method: 'POST' });
}

/** Gives an active claim to another translator of its locale (managers). */
export function reassignClaim(id: number, to: string): Promise<ClaimInfo> {
  return request<ClaimInfo>(`/api/claims/${id}/reassign`, { method: 'POST', json: { to } });
}

export function releaseClaim(id: number): Promise<ClaimInfo> {
  return request<ClaimInfo>(`/api/claims/${id}/release`, { method: 'POST' });
}

/** Dismisses an open finding (as it shows now) with a kind and a reason. */
export function dismissFinding(fingerprint: string, kind: DismissalKind, reason: string): Promise<DismissalView> {
  return request<DismissalView>(`/api/findings/${encodeURIComponent(fingerprint)}/dismissal`, { method: 'POST', json: { kind, reason } });
}

/** Undoes a team dismissal: the finding counts as open again. */
export function undismissFinding(fingerprint: string): Promise<DismissalView> {
  return request<DismissalView>(`/api/findings/${encodeURIComponent(fingerprint)}/dismissal`, { method: 'DELETE' });
}

/** Standing dismissals (team and repository file) of a locale, or of all. */
export function getDismissals(locale?: string): Promise<DismissalView[]> {
  return request<DismissalView[]>('/api/dismissals' + query({ locale }));
}

/** One folder of a locale's per-folder progress and its subfolders ('' for the top). */
export function getFolders(locale: string, folder = ''): Promise<FoldersResponse> {
  return request<FoldersResponse>(`/api/locales/${encodeURIComponent(locale)}/folders` + query({ folder: folder || undefined }));
}

/** Open findings of one check, across locales or in one (the Runs page's "Parse errors N" link). */
export function getFindings(q: { check: string; locale?: string | null; page?: number; limit?: number }): Promise<FindingsResponse> {
  return request<FindingsResponse>(
    '/api/findings' + query({ check: q.check, locale: q.locale ?? undefined, page: q.page ?? 1, limit: q.limit ?? 100, sort: 'key' }),
  );
}

/** The open findings of a locale someone dismissed (the list's "dismissed" filter). */
export function getDismissedFindings(locale: string, page = 1): Promise<FindingsResponse> {
  return request<FindingsResponse>('/api/findings' + query({ locale, dismissed: 'only', page, limit: 200 }));
}

export function completeClaim(id: number): Promise<ClaimInfo> {
  return request<ClaimInfo>(`/api/claims/${id}/complete`, { method: 'POST' });
}

export type ReportFormat = 'md' | 'csv' | 'json' | 'html';

export interface ReportQuery {
  /** `2026-W47`; the server defaults to the last full week. */
  week?: string | null;
  locale?: string | null;
}

export function getWeeklyReport(q: ReportQuery = {}): Promise<WeeklyReport> {
  return request<WeeklyReport>('/api/reports/weekly' + query({ week: q.week, locale: q.locale, format: 'json' }));
}

/** A download link (an <a download>, not a fetch): the server names the file; `view` asks for it shown in the browser instead. */
export function weeklyReportUrl(q: ReportQuery & { format: ReportFormat; table?: 'checks' | 'articles'; view?: boolean }): string {
  return (
    '/api/reports/weekly' +
    query({
      week: q.week,
      locale: q.locale,
      format: q.format,
      table: q.table && q.table !== 'checks' ? q.table : null,
      download: q.view ? 'false' : q.format === 'json' ? true : null,
    })
  );
}

/** One article's mechanical fixes (GET /api/fix.patch): a git patch, with how many findings it fixes and how many it cannot. */
export interface FixPatch {
  patch: string;
  fixed: number;
  skipped: number;
}

/** The patch as a download link (an <a download>): the server names the file. */
export function fixPatchUrl(locale: string, key: string): string {
  return '/api/fix.patch' + query({ locale, key });
}

export async function getFixPatch(locale: string, key: string): Promise<FixPatch> {
  const headers: Record<string, string> = { accept: 'text/x-diff, application/json' };
  if (authToken) headers['authorization'] = `Bearer ${authToken}`;
  let response: Response;
  try {
    response = await fetch(fixPatchUrl(locale, key), { headers });
  } catch {
    throw new ApiError(0, 'The l10n-drift server did not answer. Is it running?');
  }
  if (!response.ok) {
    const parsed = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
    throw new ApiError(response.status, typeof parsed?.message === 'string' ? parsed.message : `${response.status} ${response.statusText}`, parsed);
  }
  return {
    patch: await response.text(),
    fixed: Number(response.headers.get('x-fixes-fixed') ?? 0),
    skipped: Number(response.headers.get('x-fixes-skipped') ?? 0),
  };
}
