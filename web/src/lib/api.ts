/** The only module that calls fetch: every view uses the typed functions below. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  } catch {
    throw new ApiError(0, 'The l10n-drift server did not answer. Is it running?');
  }
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  if (!response.ok) throw new ApiError(response.status, body?.message ?? `${response.status} ${response.statusText}`);
  return body as T;
}

export interface LocaleSummary {
  locale: string;
  source: boolean;
  documents: number;
  pages: number;
  reusables: number;
  variables: number;
  parseErrors: number;
}

export interface LocalesResponse {
  sourceLocale: string;
  runId: number | null;
  locales: LocaleSummary[];
}

export function getLocales(): Promise<LocalesResponse> {
  return request<LocalesResponse>('/api/locales');
}
