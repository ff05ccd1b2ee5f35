import { pairedEnglishKey } from '../../server/shared/documents.ts';
import { countStates, stateMatches, type CoverageCounts, type CoverageState } from '../../server/coverage/model.ts';
import type { Db } from '../index.ts';
import { CoverageRepository, type CoverageOptions } from './coverage.ts';
import { sumWords, type ArticleWords, type LocaleWords } from '../../server/coverage/words.ts';
import { LAST_RUN_SQL, OPEN_COUNTS_SQL, OPEN_DISMISSED_SQL, OPEN_SQL, type DismissedFilter, type FindingRow } from './findings.ts';

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
  state?: CoverageState | 'translated' | undefined;
  q?: string | undefined;
  sort: ArticleSort;
  desc: boolean;
  limit: number;
  offset: number;
  now: Date;
  latestRun: number;
}

export interface FindingListFilter {
  locale?: string | undefined;
  key?: string | undefined;
  check?: string | undefined;
  severity?: string | undefined;
  status: FindingStatusFilter;
  /** Dismissed open findings: hidden (the default), the only ones, or shown with the rest. */
  dismissed?: DismissedFilter | undefined;
  q?: string | undefined;
  sort: FindingSort;
  desc: boolean;
  limit: number;
  offset: number;
  latestRun: number;
}

/** A stored finding as the list and article queries select it: every column but run_id. */
export type FindingListRow = Omit<FindingRow, 'run_id'> & { /** 1 when open and dismissed. */ dismissed: number };

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

/** Open findings of one article and check, by severity, and how many are new in the latest run. */
export interface CheckCounts {
  error: number;
  warning: number;
  info: number;
  new: number;
  newBySeverity: { error: number; warning: number; info: number };
  /** Errors and warnings that count against the translation (not ones English has too). */
  against: number;
  /** Findings whose data says English has the same problem (`inEnglish`: tell the English writers). */
  englishToo: number;
}

/**
 * One heatmap cell: the articles with open findings of a check in a locale (the list total
 * under check=…), split by what they say of the translation. Each article counts once:
 * `against` when it has an error or warning of the translation's own, else `englishToo` when
 * English has the problem too, else `info`.
 */
export interface CheckCell {
  articles: number;
  against: number;
  englishToo: number;
  info: number;
}

/** One article of a locale as of the latest run (claims are joined per request). */
export interface ArticleBase {
  key: string;
  english_title: string | null;
  title: string | null;
  kind: 'page' | 'reusable' | 'variables';
  /** The locale has a file for it. */
  translated: boolean;
  state: CoverageState;
  errors: number;
  warnings: number;
  infos: number;
  new_findings: number;
  checks: Map<string, CheckCounts>;
  stale_json: string | null;
  stale_commits: number | null;
  stale_days: number | null;
  /** Translation effort (null: not known, or not this state): see ArticleWords. */
  words: ArticleWords;
}

export interface ActiveClaimRow {
  id: number;
  key: string;
  user_id: number;
  user_name: string;
  claimed_at: string;
  expires_at: string;
}

export interface ArticlePageRow extends ArticleBase {
  claim: ActiveClaimRow | null;
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** Empty sort values go last in both directions; the key breaks ties so pages never overlap or skip rows. */
function sortArticles(rows: ArticleBase[], sort: ArticleSort, desc: boolean, claims: Map<string, ActiveClaimRow>): ArticleBase[] {
  const value = (r: ArticleBase): [string | number | null, string | number | null] => {
    switch (sort) {
      case 'key':
        return [r.key, null];
      case 'title':
        return [r.title?.toLowerCase() ?? null, r.title];
      case 'englishTitle':
        return [r.english_title?.toLowerCase() ?? null, r.english_title];
      case 'translated':
        return [Number(r.translated), null];
      case 'errors':
        return [r.errors, null];
      case 'warnings':
        return [r.warnings, null];
      case 'infos':
        return [r.infos, null];
      case 'findings':
        return [r.errors + r.warnings + r.infos, null];
      case 'new':
        return [r.new_findings, null];
      case 'stale':
        return [r.stale_commits, r.stale_days];
      case 'claim':
        return [claims.get(r.key)?.user_name.toLowerCase() ?? null, null];
    }
  };
  const dir = desc ? -1 : 1;
  return rows
    .map((r) => ({ r, v: value(r) }))
    .sort((a, b) => {
      const [a1, a2] = a.v;
      const [b1, b2] = b.v;
      if ((a1 === null) !== (b1 === null)) return a1 === null ? 1 : -1;
      if (a1 !== null && b1 !== null && a1 !== b1) return dir * cmp(a1, b1);
      if (a2 !== null && b2 !== null && a2 !== b2) return dir * cmp(a2, b2);
      return cmp(a.r.key, b.r.key);
    })
    .map((x) => x.r);
}

/** The filters of the findings list; its rows and its count must select the same findings. */
const FINDINGS_WHERE = `
        WHERE (@locale IS NULL OR locale = @locale) AND (@key IS NULL OR key = @key)
          AND (@check IS NULL OR check_id = @check) AND (@severity IS NULL OR severity = @severity)
          AND CASE @status WHEN 'resolved' THEN resolved_run IS NOT NULL
                           WHEN 'new' THEN resolved_run IS NULL AND first_run = @latestRun
                           WHEN 'all' THEN 1
                           ELSE resolved_run IS NULL END
          AND CASE @dismissed WHEN 'only' THEN ${OPEN_DISMISSED_SQL} WHEN 'include' THEN 1 ELSE NOT ${OPEN_DISMISSED_SQL} END
          AND (@q IS NULL OR key LIKE @q ESCAPE '\\' OR message LIKE @q ESCAPE '\\')`;

export class ArticlesRepository {
  private readonly stmts;

  private readonly hasCheckRuns: boolean;

  private readonly coverageRepo: CoverageRepository;

  constructor(
    private readonly db: Db,
    options: { titleVersion?: CoverageOptions['titleVersion'] } = {},
  ) {
    this.coverageRepo = new CoverageRepository(db, { titleVersion: options.titleVersion });
    this.hasCheckRuns = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'check_runs'").get() !== undefined;
    this.stmts = {
      // Everything below is read once per run and locale (see localeArticles), not per request.
      // inEnglish: the finding data's flag (server/shared/finding-data.ts) that English has the same link.
      baseCounts: db.prepare(`SELECT key, check_id, SUM(severity = 'error') AS e, SUM(severity = 'warning') AS w,
          SUM(severity = 'info') AS i, SUM(first_run = @latestRun) AS nw,
          SUM(json_extract(data_json, '$.inEnglish') = 1) AS en,
          SUM(severity IN ('error', 'warning') AND json_extract(data_json, '$.inEnglish') IS NOT 1) AS ag, SUM(first_run = @latestRun AND severity = 'error') AS ne,
          SUM(first_run = @latestRun AND severity = 'warning') AS nwa, SUM(first_run = @latestRun AND severity = 'info') AS ni
        FROM findings WHERE locale = @locale AND ${OPEN_SQL} GROUP BY key, check_id`),
      baseStale: db.prepare(`SELECT key, MAX(data_json) AS data_json FROM findings
        WHERE locale = ? AND check_id = 'stale-translation' AND ${OPEN_SQL} GROUP BY key`),
      resolvedKeys: db
        .prepare(
          `SELECT DISTINCT key FROM findings WHERE locale = @locale AND resolved_run IS NOT NULL
        AND (@check IS NULL OR check_id = @check) AND (@severity IS NULL OR severity = @severity)`,
        )
        .pluck(),
      activeClaims: db.prepare(`SELECT c.id, c.key, c.user_id, u.name AS user_name, c.claimed_at, c.expires_at
        FROM claims c JOIN users u ON u.id = c.user_id WHERE c.locale = ? AND c.status = 'active' AND c.expires_at > ?`),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      // Dismissals live in the team file and the repository file: data_version of the index does not see them.
      dismissedVersion: db.prepare("SELECT COALESCE(group_concat(fingerprint || digest, ','), '') FROM temp.dismissed").pluck(),
      latestRunId: db.prepare("SELECT MAX(id) FROM runs WHERE status = 'complete'").pluck(),
      latestCheckRun: db.prepare("SELECT COALESCE(MAX(run_id) || ':' || MAX(finished_at), '') FROM check_runs").pluck(),
      findings: db.prepare(`SELECT id, fingerprint, locale, key, path, check_id, message_id, severity, message, data_json, line, section,
          first_run, ${LAST_RUN_SQL}, resolved_run, ${OPEN_DISMISSED_SQL} AS dismissed
        FROM findings ${FINDINGS_WHERE}
        ORDER BY
          CASE WHEN @desc = 0 THEN CASE @sort WHEN 'severity' THEN CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END
            WHEN 'check' THEN check_id WHEN 'key' THEN key WHEN 'line' THEN line WHEN 'firstRun' THEN first_run END END ASC,
          CASE WHEN @desc = 1 THEN CASE @sort WHEN 'severity' THEN CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END
            WHEN 'check' THEN check_id WHEN 'key' THEN key WHEN 'line' THEN line WHEN 'firstRun' THEN first_run END END DESC,
          locale, key, line, id
        LIMIT @limit OFFSET @offset`),
      findingsCount: db.prepare(`SELECT COUNT(*) FROM findings ${FINDINGS_WHERE}`).pluck(),
      articleOpen: db.prepare(`SELECT id, fingerprint, locale, key, path, check_id, message_id, severity, message, data_json, line, section,
          first_run, ${LAST_RUN_SQL}, resolved_run, ${OPEN_DISMISSED_SQL} AS dismissed
        FROM findings WHERE locale = ? AND key = ? AND resolved_run IS NULL
        ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, check_id, line, id`),
      articleHistory: db.prepare(`SELECT id, fingerprint, locale, key, path, check_id, message_id, severity, message, data_json, line, section,
          first_run, ${LAST_RUN_SQL}, resolved_run, ${OPEN_DISMISSED_SQL} AS dismissed
        FROM findings WHERE locale = ? AND key = ? AND resolved_run IS NOT NULL ORDER BY resolved_run DESC, id DESC LIMIT ?`),
      englishKind: db.prepare('SELECT kind FROM documents WHERE locale = ? AND key = ? AND deleted_run IS NULL').pluck(),
      englishRedirect: db.prepare('SELECT to_key FROM redirects WHERE locale = ? AND from_key = ? ORDER BY rowid LIMIT 1').pluck(),
      openCounts: db.prepare(OPEN_COUNTS_SQL),
      trend: db.prepare(`SELECT s.run_id, r.finished_at, s.locale, SUM(s.count) AS open,
          SUM(CASE WHEN s.check_id = 'missing-translation' THEN s.count ELSE 0 END) AS missing,
          SUM(CASE WHEN s.check_id = 'stale-translation' THEN s.count ELSE 0 END) AS stale
        FROM locale_stats s JOIN runs r ON r.id = s.run_id
        WHERE r.status = 'complete' AND s.run_id IN (SELECT id FROM runs WHERE status = 'complete' ORDER BY id DESC LIMIT ?)
        GROUP BY s.run_id, s.locale ORDER BY s.run_id`),
      articleExists: db.prepare('SELECT 1 FROM documents WHERE locale IN (?, ?) AND key = ? AND deleted_run IS NULL LIMIT 1').pluck(),
      variablesFiles: db.prepare("SELECT key, frontmatter_json FROM documents WHERE locale = ? AND kind = 'variables' AND deleted_run IS NULL"),
    };
  }

  private readonly cache = new Map<string, { version: string; value: unknown }>();
  /** Writes through this repository (a completed claim settling its article): this connection's own commits leave data_version as it is. */
  private writes = 0;

  /**
   * A completed claim makes its article current at once, not at the next run: the article's
   * open stale-translation finding and base-unknown verdict are resolved in the latest check
   * run, and that run's counts (locale_stats) follow; a translation of unknown base gets the claim as its base.
   * Returns how many findings it resolved (plus one when it recorded the base), or
   * null when the index file is being written (a re-index): the caller tries again later.
   */
  settleCompleted(locale: string, key: string): number | null {
    // Never wait for the index file: a re-index holds its write lock for a whole run, and a busy
    // wait here would hold the event loop. Deferred, not IMMEDIATE, which would lock the team file too.
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    let resolved: number;
    try {
      resolved = this.db
        .transaction(() => {
          const run = this.db.prepare('SELECT MAX(run_id) FROM check_runs').pluck().get() as number | null;
          if (run === null) return 0;
          const open = this.db
            .prepare(
              `SELECT id, check_id, severity FROM findings WHERE locale = ? AND key = ? AND resolved_run IS NULL
            AND (check_id = 'stale-translation' OR (check_id = 'base-unknown' AND message_id IN ('baseUnknown', 'unknownSourceCommit', 'noSourceRepository')))`,
            )
            .all(locale, key) as { id: number; check_id: string; severity: string }[];
          const resolve = this.db.prepare('UPDATE findings SET resolved_run = @run, last_run = @run WHERE id = @id AND resolved_run IS NULL');
          const uncount = this.db.prepare(
            'UPDATE locale_stats SET count = count - 1 WHERE run_id = @run AND locale = @locale AND check_id = @check AND severity = @severity',
          );
          const dropEmpty = this.db.prepare(
            'DELETE FROM locale_stats WHERE run_id = @run AND locale = @locale AND check_id = @check AND severity = @severity AND count <= 0',
          );
          for (const f of open) {
            resolve.run({ run, id: f.id });
            const at = { run, locale, check: f.check_id, severity: f.severity };
            uncount.run(at);
            dropEmpty.run(at);
          }
          // A translation whose base was unknown has one now: the English it was completed against.
          const translated = this.db.prepare('SELECT 1 FROM documents WHERE locale = ? AND key = ? AND deleted_run IS NULL').pluck().get(locale, key);
          const based = translated ? this.coverageRepo.recordClaimBase(run, locale, key, null) : false;
          return open.length + (based ? 1 : 0);
        })
        .deferred();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) return null;
      throw err;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
    if (resolved > 0) this.writes++;
    return resolved;
  }

  /**
   * What changes the cached aggregates: another connection's commit (data_version), a new
   * run, or checks re-run on a run. Claims are never cached, so claiming does not invalidate.
   */
  version(): string {
    const dataVersion = this.stmts.dataVersion.get() as number;
    const checkRun = this.hasCheckRuns ? (this.stmts.latestCheckRun.get() as string) : '';
    return `${dataVersion}:${this.stmts.latestRunId.get() as number | null}:${checkRun}:${this.writes}:${this.stmts.dismissedVersion.get() as string}`;
  }

  /** Computes a value once per data version (a run, or a commit by another process). */
  cached<T>(name: string, compute: () => T): T {
    const version = this.version();
    const hit = this.cache.get(name);
    if (hit && hit.version === version) return hit.value as T;
    const value = compute();
    this.cache.set(name, { version, value });
    return value;
  }

  /**
   * The English key a translation filed under `key` is compared with, by the checks' rule
   * (pairedEnglishKey): its own key, or where English redirects it (the first entry of a key in
   * the order written, as loadEnglishRedirects reads them). A few index lookups: loading every
   * English key and redirect once per run cost ~25 ms of the first answer after each watched save.
   */
  englishKeyFor(sourceLocale: string, key: string, kind: string): string | undefined {
    return pairedEnglishKey(
      key,
      kind,
      (k) => this.stmts.englishKind.get(sourceLocale, k) as string | undefined,
      (k) => this.stmts.englishRedirect.get(sourceLocale, k) as string | undefined,
    );
  }

  /** Whether stale detection (or a completed claim) found a usable base for a translation: the coverage model's record. */
  baseKnown(locale: string, key: string): boolean {
    return this.coverageRepo.baseKnown(locale, key);
  }

  /**
   * Every article of a locale (pages, reusables and variables files: the coverage model's rows,
   * CoverageRepository.articles, each with its state) with its open findings, once per run.
   */
  localeArticles(sourceLocale: string, locale: string, latestRun: number): ArticleBase[] {
    return this.cached(`articles\0${sourceLocale}\0${locale}`, () => {
      const rows = new Map<string, ArticleBase>();
      for (const a of this.coverageRepo.articles(sourceLocale, locale)) {
        rows.set(a.key, {
          key: a.key,
          kind: a.kind,
          english_title: a.englishTitle,
          title: a.title,
          translated: a.hasFile,
          state: a.state,
          errors: 0,
          warnings: 0,
          infos: 0,
          new_findings: 0,
          checks: new Map(),
          stale_json: null,
          stale_commits: null,
          stale_days: null,
          words: a.words,
        });
      }
      for (const c of this.stmts.baseCounts.all({ locale, latestRun }) as {
        key: string;
        check_id: string;
        e: number;
        w: number;
        i: number;
        nw: number;
        ne: number;
        nwa: number;
        ni: number;
        en: number;
        ag: number;
      }[]) {
        const row = rows.get(c.key);
        if (!row) continue;
        row.checks.set(c.check_id, {
          error: c.e,
          warning: c.w,
          info: c.i,
          new: c.nw,
          newBySeverity: { error: c.ne, warning: c.nwa, info: c.ni },
          against: c.ag,
          englishToo: c.en,
        });
        row.errors += c.e;
        row.warnings += c.w;
        row.infos += c.i;
        row.new_findings += c.nw;
      }
      for (const st of this.stmts.baseStale.all(locale) as { key: string; data_json: string }[]) {
        const row = rows.get(st.key);
        if (!row) continue;
        row.stale_json = st.data_json;
        try {
          const data = JSON.parse(st.data_json) as { commitsBehind?: unknown; daysBehind?: unknown };
          row.stale_commits = typeof data.commitsBehind === 'number' ? data.commitsBehind : 0;
          row.stale_days = typeof data.daysBehind === 'number' ? data.daysBehind : 0;
        } catch {
          row.stale_commits = 0;
          row.stale_days = 0;
        }
      }
      return [...rows.values()];
    });
  }

  /**
   * One page of a locale's articles: filters, search and sort run over the per-run
   * snapshot in memory; claims are read live. Empty sort values go last in both
   * directions and the key breaks ties, so pages never overlap or skip rows.
   */
  list(f: ArticleFilter): { total: number; rows: ArticlePageRow[] } {
    const base = this.localeArticles(f.sourceLocale, f.locale, f.latestRun);
    const claims = new Map((this.stmts.activeClaims.all(f.locale, f.now.toISOString()) as ActiveClaimRow[]).map((c) => [c.key, c]));
    const status = f.status ?? (f.check || f.severity ? 'open' : null);
    let resolved: Set<string> | null = null;
    if (status === 'resolved' || status === 'all') {
      resolved = new Set(this.stmts.resolvedKeys.all({ locale: f.locale, check: f.check ?? null, severity: f.severity ?? null }) as string[]);
    }
    const sev = f.severity as 'error' | 'warning' | 'info' | undefined;
    const matchesOpen = (row: ArticleBase, onlyNew: boolean): boolean => {
      const counts = f.check ? [row.checks.get(f.check)].filter((c): c is CheckCounts => c !== undefined) : [...row.checks.values()];
      if (onlyNew) return counts.some((c) => (sev ? c.newBySeverity[sev] : c.new) > 0);
      return counts.some((c) => (sev ? c[sev] : c.error + c.warning + c.info) > 0);
    };
    const q = f.q?.toLowerCase();
    const keep = (row: ArticleBase): boolean => {
      if (status === 'open' && !matchesOpen(row, false)) return false;
      if (status === 'new' && !matchesOpen(row, true)) return false;
      if (status === 'resolved' && !resolved!.has(row.key)) return false;
      if (status === 'all' && !resolved!.has(row.key) && !matchesOpen(row, false)) return false;
      if (f.stale !== undefined && (row.stale_json !== null) !== f.stale) return false;
      if (f.claimed !== undefined && claims.has(row.key) !== f.claimed) return false;
      if (f.translated !== undefined && row.translated !== f.translated) return false;
      if (f.state !== undefined && !stateMatches(f.state, row.state)) return false;
      if (q && !row.key.toLowerCase().includes(q) && !row.english_title?.toLowerCase().includes(q) && !row.title?.toLowerCase().includes(q)) return false;
      return true;
    };
    // Sorted once per run and order (claims change between requests: that sort is done per request).
    const sorted =
      f.sort === 'claim'
        ? sortArticles(base, f.sort, f.desc, claims)
        : this.cached(`sorted\0${f.sourceLocale}\0${f.locale}\0${f.sort}\0${f.desc}`, () => sortArticles(base, f.sort, f.desc, claims));
    let total = 0;
    const rows: ArticlePageRow[] = [];
    for (const row of sorted) {
      if (!keep(row)) continue;
      if (total >= f.offset && rows.length < f.limit) rows.push({ ...row, claim: claims.get(row.key) ?? null });
      total++;
    }
    return { total, rows };
  }

  findings(f: FindingListFilter): { total: number; rows: FindingListRow[] } {
    const params = {
      locale: f.locale ?? null,
      key: f.key ?? null,
      check: f.check ?? null,
      severity: f.severity ?? null,
      status: f.status,
      dismissed: f.dismissed ?? 'hide',
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

  /** Resolved findings of an article, newest first. */
  historyOf(locale: string, key: string, limit = 200): FindingListRow[] {
    return this.stmts.articleHistory.all(locale, key, limit) as FindingListRow[];
  }

  /**
   * The coverage counts of every locale (the source included, all up to date) and the articles
   * with open findings per check: counted from the rows the list filters, so each number equals
   * a list total.
   */
  localeCoverage(
    sourceLocale: string,
    latestRun: number,
  ): Map<string, { counts: CoverageCounts; articlesByCheck: Record<string, number>; cells: Record<string, CheckCell>; words: LocaleWords }> {
    return this.cached(`coverage\0${sourceLocale}`, () => {
      const out = new Map<string, { counts: CoverageCounts; articlesByCheck: Record<string, number>; cells: Record<string, CheckCell>; words: LocaleWords }>();
      for (const locale of this.coverageRepo.locales()) {
        const rows = this.localeArticles(sourceLocale, locale, latestRun);
        const articlesByCheck: Record<string, number> = {};
        const cells: Record<string, CheckCell> = {};
        for (const r of rows)
          for (const [check, c] of r.checks) {
            if (c.error + c.warning + c.info === 0) continue;
            articlesByCheck[check] = (articlesByCheck[check] ?? 0) + 1;
            const cell = (cells[check] ??= { articles: 0, against: 0, englishToo: 0, info: 0 });
            cell.articles++;
            if (c.against > 0) cell.against++;
            else if (c.englishToo > 0) cell.englishToo++;
            else cell.info++;
          }
        out.set(locale, { counts: countStates(rows.map((r) => r.state)), articlesByCheck, cells, words: sumWords(rows) });
      }
      return out;
    });
  }

  openCounts(): { locale: string; check_id: string; severity: 'error' | 'warning' | 'info'; count: number }[] {
    return this.stmts.openCounts.all() as never;
  }

  /** Open findings per locale after each of the last `runs` complete runs, from locale_stats. */
  trend(runs: number): TrendRow[] {
    return this.stmts.trend.all(runs) as TrendRow[];
  }

  /** A locale's variables files (key → their data), once per run: titles show variables by their value. */
  variablesFiles(locale: string): Map<string, Record<string, unknown>> {
    return this.cached(`variables\0${locale}`, () => {
      const out = new Map<string, Record<string, unknown>>();
      for (const r of this.stmts.variablesFiles.all(locale) as { key: string; frontmatter_json: string | null }[]) {
        try {
          const data = r.frontmatter_json ? (JSON.parse(r.frontmatter_json) as unknown) : null;
          if (data && typeof data === 'object' && !Array.isArray(data)) out.set(r.key, data as Record<string, unknown>);
        } catch {
          /* a variables file whose data did not parse names no value */
        }
      }
      return out;
    });
  }

  /** An article exists when English or the locale has a live file (page, reusable, variables) under the key. */
  articleExists(sourceLocale: string, locale: string, key: string): boolean {
    return this.stmts.articleExists.get(sourceLocale, locale, key) !== undefined;
  }
}
