import type { Db } from '../index.ts';

export type FindingSeverity = 'error' | 'warning' | 'info';
export type FindingStatus = 'new' | 'open' | 'resolved';

/** A finding as a run produced it, before it is matched with what is stored. */
export interface FindingInput {
  fingerprint: string;
  locale: string;
  key: string;
  path: string | null;
  check_id: string;
  message_id: string;
  severity: FindingSeverity;
  message: string;
  data_json: string;
  line: number | null;
  section: number | null;
}

export interface FindingRow extends FindingInput {
  id: number;
  run_id: number;
  first_run: number;
  last_run: number;
  resolved_run: number | null;
}

export interface FindingWithStatus extends FindingRow {
  status: FindingStatus;
}

export interface CheckRunRow {
  run_id: number;
  finished_at: string;
  duration_ms: number;
  checks: string;
  open_count: number;
  new_count: number;
  resolved_count: number;
}

export interface FindingFilter {
  locale?: string;
  check?: string;
  severity?: FindingSeverity;
  /** new: opened by the given run; open: still open (new included); resolved: closed by any run. */
  status?: FindingStatus;
  key?: string;
  /** Run the status is relative to; defaults to the latest run with checks. */
  run?: number;
  limit?: number;
  offset?: number;
}

export interface SyncResult {
  inserted: number;
  kept: number;
  resolved: number;
}

const COLUMNS = 'id, fingerprint, run_id, locale, key, path, check_id, message_id, severity, message, data_json, line, section, first_run, last_run, resolved_run';
const SEVERITY_ORDER = "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END";

/** The only place with SQL for findings, check runs and locale_stats. */
export class FindingsRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      // A table scan: walking the partial index visits rows in fingerprint order, one random page read each (12 s vs 1 s on 350k findings).
      openAll: db.prepare('SELECT id, fingerprint, path, severity, message_id, message, data_json, line, section FROM findings NOT INDEXED WHERE resolved_run IS NULL'),
      insert: db.prepare(`INSERT INTO findings (fingerprint, run_id, locale, key, path, check_id, message_id, severity, message,
          data_json, line, section, first_run, last_run, resolved_run)
        VALUES (@fingerprint, @run, @locale, @key, @path, @check_id, @message_id, @severity, @message, @data_json, @line, @section, @run, @run, NULL)`),
      keep: db.prepare(`UPDATE findings SET path = @path, severity = @severity, message_id = @message_id,
          message = @message, data_json = @data_json, line = @line, section = @section WHERE id = @id`),
      // Rows already stamped (checks re-run for the same index run) are not rewritten.
      keepAll: db.prepare('UPDATE findings NOT INDEXED SET last_run = @run WHERE resolved_run IS NULL AND last_run <> @run'),
      resolve: db.prepare('UPDATE findings SET resolved_run = ? WHERE id = ?'),
      deleteStats: db.prepare('DELETE FROM locale_stats WHERE run_id = ?'),
      writeStats: db.prepare(`INSERT INTO locale_stats (run_id, locale, check_id, severity, count)
        SELECT ?, locale, check_id, severity, COUNT(*) FROM findings WHERE resolved_run IS NULL GROUP BY locale, check_id, severity`),
      recordCheckRun: db.prepare(`INSERT INTO check_runs (run_id, finished_at, duration_ms, checks, open_count, new_count, resolved_count)
        VALUES (@run_id, @finished_at, @duration_ms, @checks, @open_count, @new_count, @resolved_count)
        ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at, duration_ms = excluded.duration_ms, checks = excluded.checks,
          open_count = excluded.open_count, new_count = excluded.new_count, resolved_count = excluded.resolved_count`),
      checkRun: db.prepare('SELECT * FROM check_runs WHERE run_id = ?'),
      latestCheckRun: db.prepare('SELECT * FROM check_runs ORDER BY run_id DESC LIMIT 1'),
      counts: db.prepare(`SELECT locale, check_id, severity, COUNT(*) AS count FROM findings WHERE resolved_run IS NULL
        GROUP BY locale, check_id, severity ORDER BY locale, check_id, severity`),
      article: db.prepare(`SELECT ${COLUMNS} FROM findings WHERE locale = ? AND key = ?
        ORDER BY resolved_run IS NOT NULL, ${SEVERITY_ORDER}, check_id, line, id`),
      stats: db.prepare('SELECT run_id, locale, check_id, severity, count FROM locale_stats WHERE run_id >= ? ORDER BY run_id, locale, check_id, severity'),
    };
  }

  /**
   * Matches a run's findings with the open ones by fingerprint: new ones are inserted,
   * still-present ones get last_run (and their current line and message), the rest are
   * resolved by this run. Then the run's locale_stats are written. Call inside a transaction.
   */
  sync(runId: number, findings: FindingInput[]): SyncResult {
    const s = this.stmts;
    // Raw rows in OPEN_COLUMNS order: 200k+ open findings on a large site, objects would double the cost.
    const open = new Map<string, unknown[]>();
    for (const r of s.openAll.raw().iterate() as IterableIterator<unknown[]>) open.set(r[1] as string, r);
    let inserted = 0;
    let kept = 0;
    let resolved = 0;
    const seen = new Set<string>();
    for (const f of findings) seen.add(f.fingerprint);
    // Resolve first, so one bulk UPDATE can move last_run of everything still open.
    for (const [fingerprint, row] of open) {
      if (!seen.has(fingerprint)) {
        s.resolve.run(runId, row[0]);
        resolved++;
      }
    }
    s.keepAll.run({ run: runId });
    seen.clear();
    for (const f of findings) {
      if (seen.has(f.fingerprint)) continue;
      seen.add(f.fingerprint);
      const row = open.get(f.fingerprint);
      if (!row) {
        s.insert.run({ ...f, run: runId });
        inserted++;
        continue;
      }
      kept++;
      // Lines move with unrelated edits: rewrite a kept finding only when something shown changed.
      const [id, , path, severity, messageId, message, dataJson, line, section] = row;
      if (line !== f.line || message !== f.message || severity !== f.severity || dataJson !== f.data_json || path !== f.path || section !== f.section || messageId !== f.message_id) {
        s.keep.run({ id, path: f.path, severity: f.severity, message_id: f.message_id, message: f.message, data_json: f.data_json, line: f.line, section: f.section });
      }
    }
    s.deleteStats.run(runId);
    s.writeStats.run(runId);
    return { inserted, kept, resolved };
  }

  recordCheckRun(row: CheckRunRow): void {
    this.stmts.recordCheckRun.run(row);
  }

  checkRun(runId: number): CheckRunRow | undefined {
    return this.stmts.checkRun.get(runId) as CheckRunRow | undefined;
  }

  latestCheckRun(): CheckRunRow | undefined {
    return this.stmts.latestCheckRun.get() as CheckRunRow | undefined;
  }

  /** Open findings counted by locale × check × severity (overview heatmap, /api/locales). */
  openCounts(): { locale: string; check_id: string; severity: FindingSeverity; count: number }[] {
    return this.stmts.counts.all() as never;
  }

  /** Every finding of one article, open ones first, then its history. */
  ofArticle(locale: string, key: string, run?: number): FindingWithStatus[] {
    const current = run ?? this.latestCheckRun()?.run_id ?? 0;
    return (this.stmts.article.all(locale, key) as FindingRow[]).map((r) => withStatus(r, current));
  }

  /** locale_stats rows from a run on (trends). */
  stats(sinceRun = 0): { run_id: number; locale: string; check_id: string; severity: FindingSeverity; count: number }[] {
    return this.stmts.stats.all(sinceRun) as never;
  }

  /** Filtered, paginated findings, most severe first. */
  list(filter: FindingFilter = {}): { total: number; items: FindingWithStatus[] } {
    const current = filter.run ?? this.latestCheckRun()?.run_id ?? 0;
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.locale) (where.push('locale = ?'), params.push(filter.locale));
    if (filter.check) (where.push('check_id = ?'), params.push(filter.check));
    if (filter.severity) (where.push('severity = ?'), params.push(filter.severity));
    if (filter.key) (where.push('key = ?'), params.push(filter.key));
    if (filter.status === 'resolved') where.push('resolved_run IS NOT NULL');
    else if (filter.status === 'open') where.push('resolved_run IS NULL');
    else if (filter.status === 'new') (where.push('resolved_run IS NULL AND first_run = ?'), params.push(current));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = Math.max(1, Math.min(filter.limit ?? 100, 100_000));
    const offset = Math.max(0, filter.offset ?? 0);
    // Filters vary per call: these statements are built per call (the shape set is small).
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM findings ${clause}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM findings ${clause} ORDER BY locale, key, ${SEVERITY_ORDER}, check_id, line, id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as FindingRow[];
    return { total, items: rows.map((r) => withStatus(r, current)) };
  }
}

function withStatus(r: FindingRow, currentRun: number): FindingWithStatus {
  const status: FindingStatus = r.resolved_run !== null ? 'resolved' : r.first_run === currentRun ? 'new' : 'open';
  return { ...r, status };
}
