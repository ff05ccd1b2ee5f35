import type { Db } from '../index.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface CheckedRun {
  id: number;
  finished_at: string;
}

export interface StatRow {
  locale: string;
  check_id: string;
  severity: Severity;
  count: number;
}

export interface FindingEventRow {
  id: number;
  locale: string;
  key: string;
  check_id: string;
  severity: Severity;
  message: string;
  first_run: number;
  resolved_run: number | null;
}

export interface FindingCountRow {
  locale: string;
  check_id: string;
  count: number;
}

export interface StaleRow {
  locale: string;
  key: string;
  data_json: string;
  first_run: number;
}

export interface ClaimEventRow {
  id: number;
  locale: string;
  key: string;
  /** The holder (when closed: who held it then). */
  user_name: string;
  /** Who claimed it: differs from user_name after a manager's reassignment. */
  opened_by: string;
  /** Status as of `now`: an active claim past its expiry reads as expired. */
  status: 'active' | 'completed' | 'released' | 'expired';
  claimed_at: string;
  closed_at: string | null;
}

/**
 * Reads for the weekly report. Past states are rebuilt from the history every table
 * keeps: documents alive at run R (first_seen_run ≤ R < deleted_run), findings open at R
 * (first_run ≤ R < resolved_run) and the per-run locale_stats.
 */
export interface DismissalEventRow {
  fingerprint: string;
  locale: string;
  key: string;
  check_id: string;
  kind: 'false-alarm' | 'wont-fix' | 'later';
  reason: string;
  by_name: string;
  created_at: string;
  undone_at: string | null;
}

export class ReportsRepository {
  private readonly stmts;

  constructor(db: Db) {
    // Only runs whose checks completed have findings and stats to report.
    this.stmts = {
      runsBetween: db.prepare(`SELECT r.id, r.finished_at FROM runs r JOIN check_runs c ON c.run_id = r.id
        WHERE r.status = 'complete' AND r.finished_at >= ? AND r.finished_at < ? ORDER BY r.id`),
      lastRunBefore: db.prepare(`SELECT r.id, r.finished_at FROM runs r JOIN check_runs c ON c.run_id = r.id
        WHERE r.status = 'complete' AND r.finished_at < ? ORDER BY r.id DESC LIMIT 1`),
      stats: db.prepare('SELECT locale, check_id, severity, count FROM locale_stats WHERE run_id = ? ORDER BY locale, check_id, severity'),
      englishPages: db
        .prepare(
          `SELECT COUNT(*) FROM documents WHERE locale = @source AND kind = 'page'
        AND first_seen_run <= @run AND (deleted_run IS NULL OR deleted_run > @run)`,
        )
        .pluck(),
      latestCheckedRun: db.prepare(`SELECT r.id, r.finished_at FROM runs r JOIN check_runs c ON c.run_id = r.id
        WHERE r.status = 'complete' ORDER BY r.id DESC LIMIT 1`),
      staleAt: db.prepare(`SELECT locale, key, MAX(data_json) AS data_json, MIN(first_run) AS first_run FROM findings
        WHERE check_id = 'stale-translation' AND message_id IN ('stale', 'fields', 'behind')
          AND first_run <= @run AND (resolved_run IS NULL OR resolved_run > @run)
        GROUP BY locale, key`),
      opened: db.prepare(`SELECT id, locale, key, check_id, severity, message, first_run, resolved_run FROM findings
        WHERE first_run > ? AND first_run <= ? ORDER BY locale, check_id, key, id`),
      resolved: db.prepare(`SELECT id, locale, key, check_id, severity, message, first_run, resolved_run FROM findings
        WHERE resolved_run > ? AND resolved_run <= ? ORDER BY locale, check_id, key, id`),
      openedCounts: db.prepare(`SELECT locale, check_id, COUNT(*) AS count FROM findings
        WHERE first_run > ? AND first_run <= ? GROUP BY locale, check_id`),
      resolvedCounts: db.prepare(`SELECT locale, check_id, COUNT(*) AS count FROM findings
        WHERE resolved_run > ? AND resolved_run <= ? GROUP BY locale, check_id`),
      // The team file's table (or the empty stand-in db/index.ts makes when a read-only team file has none).
      dismissals: db.prepare(`SELECT fingerprint, locale, key, check_id, kind, reason, by_name, created_at, undone_at FROM dismissals
        WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id`),
      // Opened by whoever claimed it (claim_events), closed by its holder then: a manager may have reassigned it between.
      claims: db.prepare(`SELECT * FROM (SELECT c.id, c.locale, c.key, u.name AS user_name,
            COALESCE((SELECT uo.name FROM claim_events e JOIN users uo ON uo.id = e.by_user
              WHERE e.claim_id = c.id AND e.kind = 'claimed' ORDER BY e.id LIMIT 1), u.name) AS opened_by,
            CASE WHEN c.status = 'active' AND c.expires_at <= @now THEN 'expired' ELSE c.status END AS status,
            c.claimed_at,
            CASE WHEN c.status = 'active' AND c.expires_at <= @now THEN c.expires_at ELSE c.closed_at END AS closed_at
          FROM claims c JOIN users u ON u.id = c.user_id)
        WHERE (claimed_at >= @from AND claimed_at < @to) OR (closed_at >= @from AND closed_at < @to)
        ORDER BY COALESCE(closed_at, claimed_at), id`),
    };
  }

  /** Runs with completed checks that finished in [from, to), oldest first. */
  runsBetween(from: Date, to: Date): CheckedRun[] {
    return this.stmts.runsBetween.all(from.toISOString(), to.toISOString()) as CheckedRun[];
  }

  /** The last run with completed checks that finished before `at`. */
  lastRunBefore(at: Date): CheckedRun | undefined {
    return this.stmts.lastRunBefore.get(at.toISOString()) as CheckedRun | undefined;
  }

  /** Open findings per locale × check × severity right after a run (stored when its checks ran). */
  stats(runId: number): StatRow[] {
    return this.stmts.stats.all(runId) as StatRow[];
  }

  englishPages(runId: number, source: string): number {
    return this.stmts.englishPages.get({ run: runId, source }) as number;
  }

  /** Open stale-translation findings that say English changed, at a run (one row per article; titles and states come from the coverage model). */
  staleAt(runId: number): StaleRow[] {
    return this.stmts.staleAt.all({ run: runId }) as StaleRow[];
  }

  /** The latest run whose checks completed. */
  latestCheckedRun(): CheckedRun | undefined {
    return this.stmts.latestCheckedRun.get() as CheckedRun | undefined;
  }

  /** Findings first seen by a run in (afterRun, uptoRun]. */
  opened(afterRun: number, uptoRun: number): FindingEventRow[] {
    return this.stmts.opened.all(afterRun, uptoRun) as FindingEventRow[];
  }

  /** Findings resolved by a run in (afterRun, uptoRun]. */
  resolved(afterRun: number, uptoRun: number): FindingEventRow[] {
    return this.stmts.resolved.all(afterRun, uptoRun) as FindingEventRow[];
  }

  openedCounts(afterRun: number, uptoRun: number): FindingCountRow[] {
    return this.stmts.openedCounts.all(afterRun, uptoRun) as FindingCountRow[];
  }

  resolvedCounts(afterRun: number, uptoRun: number): FindingCountRow[] {
    return this.stmts.resolvedCounts.all(afterRun, uptoRun) as FindingCountRow[];
  }

  /** Claims opened or closed (completed, released, expired) in [from, to), as of `now`. */
  /** Dismissals made in [from, to) in the team file, undone ones included (with when). */
  dismissalEvents(from: Date, to: Date): DismissalEventRow[] {
    return this.stmts.dismissals.all(from.toISOString(), to.toISOString()) as DismissalEventRow[];
  }

  claimEvents(from: Date, to: Date, now: Date): ClaimEventRow[] {
    return this.stmts.claims.all({ from: from.toISOString(), to: to.toISOString(), now: now.toISOString() }) as ClaimEventRow[];
  }
}
