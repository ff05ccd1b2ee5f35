/** The only module that calls fetch: every view uses the typed functions below. */
import type {
  ArticleDetail,
  ArticlesResponse,
  CheckInfo,
  ClaimInfo,
  ClaimStatus,
  FindingStatus,
  Health,
  LocalesResponse,
  Me,
  Run,
  Severity,
} from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
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
    response = await fetch(path, { ...rest, ...(body !== undefined ? { body } : {}), headers: { ...headers, ...((rest.headers as Record<string, string>) ?? {}) } });
  } catch {
    throw new ApiError(0, 'The l10n-drift server did not answer. Is it running?');
  }
  const parsed = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const message = (parsed as { message?: unknown } | null)?.message;
    throw new ApiError(response.status, typeof message === 'string' ? message : `${response.status} ${response.statusText}`);
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

export async function getChecks(): Promise<CheckInfo[]> {
  const body = await request<CheckInfo[] | { checks: CheckInfo[] }>('/api/checks');
  return Array.isArray(body) ? body : body.checks;
}

export interface ArticleQuery {
  locale: string;
  check?: string | null;
  severity?: Severity | null;
  status?: FindingStatus | null;
  stale?: boolean;
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

export function getRuns(limit = 50): Promise<Run[]> {
  return request<{ runs: Run[] }>(`/api/runs${query({ limit })}`).then((b) => b.runs);
}

/** Manager only: starts a re-index; answers with the run record. */
export function startRun(): Promise<Run> {
  return request<Run | { run: Run }>('/api/runs', { method: 'POST', json: {} }).then((b) => ('run' in b ? b.run : b));
}

export function getMe(): Promise<Me> {
  return request<Me>('/api/me');
}

export interface ClaimQuery {
  mine?: boolean;
  locale?: string | null;
  status?: ClaimStatus | null;
}

export function getClaims(q: ClaimQuery = {}): Promise<ClaimInfo[]> {
  return request<ClaimInfo[] | { claims: ClaimInfo[] }>(
    '/api/claims' + query({ mine: q.mine ? 'true' : null, locale: q.locale, status: q.status }),
  ).then((b) => (Array.isArray(b) ? b : b.claims));
}

function unwrapClaim(b: ClaimInfo | { claim: ClaimInfo }): ClaimInfo {
  return 'claim' in b ? b.claim : b;
}

export function claimArticle(locale: string, key: string): Promise<ClaimInfo> {
  return request<ClaimInfo | { claim: ClaimInfo }>('/api/claims', { method: 'POST', json: { locale, key } }).then(unwrapClaim);
}

export function releaseClaim(id: number): Promise<ClaimInfo> {
  return request<ClaimInfo | { claim: ClaimInfo }>(`/api/claims/${id}/release`, { method: 'POST', json: {} }).then(unwrapClaim);
}

export function completeClaim(id: number): Promise<ClaimInfo> {
  return request<ClaimInfo | { claim: ClaimInfo }>(`/api/claims/${id}/complete`, { method: 'POST', json: {} }).then(unwrapClaim);
}
