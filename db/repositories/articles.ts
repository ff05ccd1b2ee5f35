import type { Db } from '../index.ts';

/** Columns of the article list that can be sorted on. */
export const ARTICLE_SORTS = ['key', 'title', 'englishTitle', 'translated', 'errors', 'warnings', 'infos', 'findings', 'new', 'stale', 'claim'] as const;
export type ArticleSort = (typeof ARTICLE_SORTS)[number];

export const FINDING_SORTS = ['severity', 'check', 'key', 'line', 'firstRun'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

export type FindingStatusFilter = 'new' | 'open' | 'resolved' | 'all';

export interface ArticleFilter {
  sourceLocale: string;
  locale: string;
  check?: string | undefined;
  severity?: string | undefined;
  status?: FindingStatusFilter | undefined;
  stale?: boolean | undefined;
  claimed?: boolean | undefined;
  translated?: boolean | undefined;
  q?: string | undefined;
  sort: ArticleSort;
  desc: boolean;
  limit: number;
  offset: number;
  now: Date;
  latestRun: number;
}

export interface ArticleListRow {
  key: string;
  english_title: string | null;
  title: string | null;
  translated: number;
  errors: number;
  warnings: number;
  infos: number;
  new_findings: number;
  checks_json: string | null;
  stale_json: string | null;
  claim_id: number | null;
  claim_user_id: number | null;
  claim_user_name: string | null;
  claim_claimed_at: string | null;
  claim_expires_at: string | null;
}

export interface FindingListFilter {
  locale?: string | undefined;
  key?: string | undefined;
  check?: string | undefined;
  severity?: string | undefined;
  status: FindingStatusFilter;
  q?: string | undefined;
  sort: FindingSort;
  desc: boolean;
  limit: number;
  offset: number;
  latestRun: number;
}

export interface FindingListRow {
  id: number;
  fingerprint: string;
  locale: string;
  key: string;
  path: string | null;
  check_id: string;
  message_id: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  data_json: string;
  line: number | null;
  section: number | null;
  first_run: number;
  last_run: number;
  resolved_run: number | null;
}

export interface LocaleCoverageRow {
  locale: string;
  translated: number;
  orphaned: number;
}

export interface TrendRow {
  run_id: number;
  finished_at: string;
  locale: string;
  open: number;
  missing: number;
  stale: number;
}

/** `%` and `_` in a search are literal characters, not wildcards. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// The finding filters shared by the article list and its count; all values are bound parameters.
const FINDING_MATCH = `(@check IS NULL AND @severity IS NULL AND @status IS NULL) OR EXISTS (
    SELECT 1 FROM findings x WHERE x.locale = @locale AND x.key = k.key
      AND (@check IS NULL OR x.check_id = @check) AND (@severity IS NULL OR x.severity = @severity)
      AND CASE @status WHEN 'resolved' THEN x.resolved_run IS NOT NULL
                       WHEN 'new' THEN x.resolved_run IS NULL AND x.first_run = @latestRun
                       WHEN 'all' THEN 1
                       ELSE x.resolved_run IS NULL END)`;

const ARTICLE_FROM = `WITH keys(key) AS (
    SELECT key FROM documents WHERE locale = @source AND kind = 'page' AND deleted_run IS NULL
    UNION SELECT key FROM documents WHERE locale = @locale AND kind = 'page' AND deleted_run IS NULL),
  per_check AS (
    SELECT key, check_id, COUNT(*) AS n, SUM(severity = 'error') AS e, SUM(severity = 'warning') AS w,
      SUM(severity = 'info') AS i, SUM(first_run = @latestRun) AS nw
    FROM findings WHERE locale = @locale AND resolved_run IS NULL GROUP BY key, check_id),
  agg AS (
    SELECT key, SUM(e) AS errors, SUM(w) AS warnings, SUM(i) AS infos, SUM(nw) AS new_findings,
      json_group_object(check_id, n) AS checks_json
    FROM per_check GROUP BY key),
  st AS (
    SELECT key, MAX(data_json) AS data_json FROM findings
    WHERE locale = @locale AND check_id = 'stale-translation' AND resolved_run IS NULL GROUP BY key),
  cl AS (
    SELECT c.id, c.key, c.user_id, u.name AS user_name, c.claimed_at, c.expires_at FROM claims c JOIN users u ON u.id = c.user_id
    WHERE c.locale = @locale AND c.status = 'active' AND c.expires_at > @now),
  rows AS (
    SELECT k.key, e.title AS english_title, t.title AS title, t.id IS NOT NULL AS translated,
      COALESCE(a.errors, 0) AS errors, COALESCE(a.warnings, 0) AS warnings, COALESCE(a.infos, 0) AS infos,
      COALESCE(a.new_findings, 0) AS new_findings, a.checks_json, s.data_json AS stale_json,
      cl.id AS claim_id, cl.user_id AS claim_user_id, cl.user_name AS claim_user_name,
      cl.claimed_at AS claim_claimed_at, cl.expires_at AS claim_expires_at
    FROM keys k
    LEFT JOIN documents e ON e.locale = @source AND e.key = k.key AND e.deleted_run IS NULL
    LEFT JOIN documents t ON t.locale = @locale AND t.key = k.key AND t.deleted_run IS NULL
    LEFT JOIN agg a ON a.key = k.key
    LEFT JOIN st s ON s.key = k.key
    LEFT JOIN cl ON cl.key = k.key
    WHERE (${FINDING_MATCH})
      AND (@stale IS NULL OR (s.data_json IS NOT NULL) = @stale)
      AND (@claimed IS NULL OR (cl.id IS NOT NULL) = @claimed)
      AND (@translated IS NULL OR (t.id IS NOT NULL) = @translated)
      AND (@q IS NULL OR k.key LIKE @q ESCAPE '\\' OR e.title LIKE @q ESCAPE '\\' OR t.title LIKE @q ESCAPE '\\'))`;

// Sort value (sv, then sv2) chosen by a bound parameter; empty values sort last in both directions,
// and the key breaks ties so pages never overlap or skip rows.
const ARTICLE_SORT = `SELECT *, CASE @sort
      WHEN 'key' THEN key
      WHEN 'title' THEN lower(title)
      WHEN 'englishTitle' THEN lower(english_title)
      WHEN 'translated' THEN translated
      WHEN 'errors' THEN errors
      WHEN 'warnings' THEN warnings
      WHEN 'infos' THEN infos
      WHEN 'findings' THEN errors + warnings + infos
      WHEN 'new' THEN new_findings
      WHEN 'stale' THEN CASE WHEN stale_json IS NOT NULL THEN COALESCE(json_extract(stale_json, '$.commitsBehind'), 0) END
      WHEN 'claim' THEN lower(claim_user_name)
    END AS sv,
    CASE @sort WHEN 'stale' THEN COALESCE(json_extract(stale_json, '$.daysBehind'), 0)
      WHEN 'title' THEN title WHEN 'englishTitle' THEN english_title END AS sv2
  FROM rows`;

export class ArticlesRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      page: db.prepare(`${ARTICLE_FROM}
        SELECT key, english_title, title, translated, errors, warnings, infos, new_findings, checks_json, stale_json,
          claim_id, claim_user_id, claim_user_name, claim_claimed_at, claim_expires_at
        FROM (${ARTICLE_SORT})
        ORDER BY sv IS NULL, CASE WHEN @desc = 0 THEN sv END ASC, CASE WHEN @desc = 1 THEN sv END DESC,
          CASE WHEN @desc = 0 THEN sv2 END ASC, CASE WHEN @desc = 1 THEN sv2 END DESC, key ASC
        LIMIT @limit OFFSET @offset`),
      count: db.prepare(`${ARTICLE_FROM} SELECT COUNT(*) FROM rows`).pluck(),
      findings: db.prepare(`SELECT id, fingerprint, locale, key, path, check_id, message_id, severity, message, data_json, line, section,
          first_run, last_run, resolved_run
        FROM findings
        WHERE (@locale IS NULL OR locale = @locale) AND (@key IS NULL OR key = @key)
          AND (@check IS NULL OR check_id = @check) AND (@severity IS NULL OR severity = @severity)
          AND CASE @status WHEN 'resolved' THEN resolved_run IS NOT NULL
                           WHEN 'new' THEN resolved_run IS NULL AND first_run = @latestRun
                           WHEN 'all' THEN 1
                           ELSE resolved_run IS NULL END
          AND (@q IS NULL OR key LIKE @q ESCAPE '\\' OR message LIKE @q ESCAPE '\\')
        ORDER BY
          CASE WHEN @desc = 0 THEN CASE @sort WHEN 'severity' THEN CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END
            WHEN 'check' THEN check_id WHEN 'key' THEN key WHEN 'line' THEN line WHEN 'firstRun' THEN first_run END END ASC,
          CASE WHEN @desc = 1 THEN CASE @sort WHEN 'severity' THEN CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END
            WHEN 'check' THEN check_id WHEN 'key' THEN key WHEN 'line' THEN line WHEN 'firstRun' THEN first_run END END DESC,
          locale, key, line, id
        LIMIT @limit OFFSET @offset`),
      findingsCount: db.prepare(`SELECT COUNT(*) FROM findings
        WHERE (@locale IS NULL OR locale = @locale) AND (@key IS NULL OR key = @key)
          AND (@check IS NULL OR check_id = @check) AND (@severity IS NULL OR severity = @severity)
          AND CASE @status WHEN 'resolved' THEN resolved_run IS NOT NULL
                           WHEN 'new' THEN resolved_run IS NULL AND first_run = @latestRun
                           WHEN 'all' THEN 1
                           ELSE resolved_run IS NULL END
          AND (@q IS NULL OR key LIKE @q ESCAPE '\\' OR message LIKE @q ESCAPE '\\')`).pluck(),
      articleOpen: db.prepare(`SELECT id, fingerprint, locale, key, path, check_id, message_id, severity, message, data_json, line, section,
          first_run, last_run, resolved_run
        FROM findings WHERE locale = ? AND key = ? AND resolved_run IS NULL
        ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, check_id, line, id`),
      articleHistory: db.prepare(`SELECT id, fingerprint, locale, key, path, check_id, message_id, severity, message, data_json, line, section,
          first_run, last_run, resolved_run
        FROM findings WHERE locale = ? AND key = ? ORDER BY COALESCE(resolved_run, last_run) DESC, id DESC LIMIT ?`),
      englishPages: db.prepare("SELECT COUNT(*) FROM documents WHERE locale = ? AND kind = 'page' AND deleted_run IS NULL").pluck(),
      coverage: db.prepare(`SELECT t.locale, SUM(e.id IS NOT NULL) AS translated, SUM(e.id IS NULL) AS orphaned
        FROM documents t LEFT JOIN documents e ON e.locale = @source AND e.key = t.key AND e.kind = 'page' AND e.deleted_run IS NULL
        WHERE t.kind = 'page' AND t.deleted_run IS NULL AND t.locale <> @source GROUP BY t.locale`),
      staleByLocale: db.prepare(`SELECT f.locale, COUNT(DISTINCT f.key) AS n FROM findings f
        JOIN documents t ON t.locale = f.locale AND t.key = f.key AND t.kind = 'page' AND t.deleted_run IS NULL
        WHERE f.check_id = 'stale-translation' AND f.resolved_run IS NULL GROUP BY f.locale`),
      openCounts: db.prepare(`SELECT locale, check_id, severity, COUNT(*) AS count FROM findings WHERE resolved_run IS NULL
        GROUP BY locale, check_id, severity`),
      trend: db.prepare(`SELECT s.run_id, r.finished_at, s.locale, SUM(s.count) AS open,
          SUM(CASE WHEN s.check_id = 'missing-translation' THEN s.count ELSE 0 END) AS missing,
          SUM(CASE WHEN s.check_id = 'stale-translation' THEN s.count ELSE 0 END) AS stale
        FROM locale_stats s JOIN runs r ON r.id = s.run_id
        WHERE r.status = 'complete' AND s.run_id IN (SELECT id FROM runs WHERE status = 'complete' ORDER BY id DESC LIMIT ?)
        GROUP BY s.run_id, s.locale ORDER BY s.run_id`),
      pageExists: db.prepare("SELECT 1 FROM documents WHERE locale IN (?, ?) AND key = ? AND kind = 'page' AND deleted_run IS NULL LIMIT 1").pluck(),
    };
  }

  private articleParams(f: ArticleFilter) {
    return {
      source: f.sourceLocale,
      locale: f.locale,
      check: f.check ?? null,
      severity: f.severity ?? null,
      status: f.status ?? null,
      stale: f.stale === undefined ? null : Number(f.stale),
      claimed: f.claimed === undefined ? null : Number(f.claimed),
      translated: f.translated === undefined ? null : Number(f.translated),
      q: f.q ? likePattern(f.q) : null,
      now: f.now.toISOString(),
      latestRun: f.latestRun,
    };
  }

  /** One page of a locale's articles (English pages and the locale's own pages) with totals. */
  list(f: ArticleFilter): { total: number; rows: ArticleListRow[] } {
    const params = this.articleParams(f);
    const rows = this.stmts.page.all({ ...params, sort: f.sort, desc: Number(f.desc), limit: f.limit, offset: f.offset }) as ArticleListRow[];
    // A full first page is the whole answer; otherwise count separately.
    const total = f.offset === 0 && rows.length < f.limit ? rows.length : (this.stmts.count.get(params) as number);
    return { total, rows };
  }

  findings(f: FindingListFilter): { total: number; rows: FindingListRow[] } {
    const params = {
      locale: f.locale ?? null,
      key: f.key ?? null,
      check: f.check ?? null,
      severity: f.severity ?? null,
      status: f.status,
      q: f.q ? likePattern(f.q) : null,
      latestRun: f.latestRun,
    };
    const rows = this.stmts.findings.all({ ...params, sort: f.sort, desc: Number(f.desc), limit: f.limit, offset: f.offset }) as FindingListRow[];
    const total = f.offset === 0 && rows.length < f.limit ? rows.length : (this.stmts.findingsCount.get(params) as number);
    return { total, rows };
  }

  openFindingsOf(locale: string, key: string): FindingListRow[] {
    return this.stmts.articleOpen.all(locale, key) as FindingListRow[];
  }

  historyOf(locale: string, key: string, limit = 200): FindingListRow[] {
    return this.stmts.articleHistory.all(locale, key, limit) as FindingListRow[];
  }

  englishPages(sourceLocale: string): number {
    return this.stmts.englishPages.get(sourceLocale) as number;
  }

  coverage(sourceLocale: string): LocaleCoverageRow[] {
    return this.stmts.coverage.all({ source: sourceLocale }) as LocaleCoverageRow[];
  }

  staleByLocale(): Map<string, number> {
    return new Map((this.stmts.staleByLocale.all() as { locale: string; n: number }[]).map((r) => [r.locale, r.n]));
  }

  openCounts(): { locale: string; check_id: string; severity: 'error' | 'warning' | 'info'; count: number }[] {
    return this.stmts.openCounts.all() as never;
  }

  /** Open findings per locale after each of the last `runs` complete runs, from locale_stats. */
  trend(runs: number): TrendRow[] {
    return this.stmts.trend.all(runs) as TrendRow[];
  }

  /** An article exists when English or the locale has a live page under the key. */
  pageExists(sourceLocale: string, locale: string, key: string): boolean {
    return this.stmts.pageExists.get(sourceLocale, locale, key) !== undefined;
  }
}
