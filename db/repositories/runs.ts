import type { Db } from '../index.ts';

export interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'complete' | 'failed';
  files_seen: number;
  files_parsed: number;
  files_unchanged: number;
  files_added: number;
  files_deleted: number;
  parse_errors: number;
  duration_ms: number | null;
  source_commit: string | null;
  error: string | null;
}

/** What a finished run records: its row's counts, its duration and (optionally) the source commit. */
export type RunStats = Pick<RunRow, 'files_seen' | 'files_parsed' | 'files_unchanged' | 'files_added' | 'files_deleted' | 'parse_errors'> & {
  duration_ms: number;
  source_commit?: string | null;
};

const COLUMNS =
  'id, started_at, finished_at, status, files_seen, files_parsed, files_unchanged, files_added, files_deleted, parse_errors, duration_ms, source_commit, error';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunsRepository {
  private readonly complete;
  private readonly failOne;
  private readonly running;
  private readonly byId;
  private readonly list;
  private readonly latest;
  private readonly checkCountsOf;

  constructor(private readonly db: Db) {
    this.complete = db.prepare(`UPDATE runs SET status = 'complete', finished_at = @finished_at, files_seen = @files_seen,
      files_parsed = @files_parsed, files_unchanged = @files_unchanged, files_added = @files_added,
      files_deleted = @files_deleted, parse_errors = @parse_errors, duration_ms = @duration_ms,
      source_commit = @source_commit WHERE id = @id`);
    this.failOne = db.prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND status = 'running'");
    this.running = db.prepare("SELECT id, pid FROM runs WHERE status = 'running'");
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM runs WHERE id = ?`);
    this.list = db.prepare(`SELECT ${COLUMNS} FROM runs ORDER BY id DESC LIMIT ? OFFSET ?`);
    this.latest = db.prepare(`SELECT ${COLUMNS} FROM runs WHERE status = 'complete' ORDER BY id DESC LIMIT 1`);
    const hasCheckRuns = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'check_runs'").get() !== undefined;
    this.checkCountsOf = hasCheckRuns
      ? db.prepare(
          // Open as every count has it (dismissed ones left out, a completed claim's stale finding off): the run's locale_stats.
          `SELECT run_id, (SELECT COALESCE(SUM(s.count), 0) FROM locale_stats s WHERE s.run_id = check_runs.run_id) AS open_count, new_count, resolved_count
            FROM check_runs WHERE run_id BETWEEN ? AND ?`,
        )
      : null;
  }

  /**
   * What each run's check pass found (check_runs): open findings after it, new in it, resolved
   * by it. A run without one (index --no-checks, a failed run) is absent: its numbers are unknown.
   */
  checkCounts(runs: readonly RunRow[]): Map<number, { open: number; new: number; resolved: number }> {
    const out = new Map<number, { open: number; new: number; resolved: number }>();
    if (!this.checkCountsOf || runs.length === 0) return out;
    const ids = runs.map((r) => r.id);
    for (const r of this.checkCountsOf.all(Math.min(...ids), Math.max(...ids)) as {
      run_id: number;
      open_count: number;
      new_count: number;
      resolved_count: number;
    }[])
      out.set(r.run_id, { open: r.open_count, new: r.new_count, resolved: r.resolved_count });
    return out;
  }

  /** Runs left 'running' by a process that no longer exists were interrupted: mark them failed. */
  failAbandoned(now: Date): number {
    let n = 0;
    for (const r of this.running.all() as { id: number; pid: number | null }[]) {
      if (r.pid === process.pid || (r.pid && pidAlive(r.pid))) continue;
      n += this.failOne.run(now.toISOString(), 'Interrupted: the indexing process stopped before the run committed', r.id).changes;
    }
    return n;
  }

  activeRun(): { id: number } | undefined {
    return (this.running.all() as { id: number; pid: number | null }[]).find((r) => r.pid && pidAlive(r.pid));
  }

  /** A new running run; `parseKey`: what parses its files (parser-version.ts), when it indexes. */
  start(now: Date, parseKey: string | null = null): number {
    // Prepared here, not with the others: a read-only opener of a file from before migration 024 never writes a run.
    const insert = this.db.prepare("INSERT INTO runs (started_at, status, pid, parse_key) VALUES (?, 'running', ?, ?)");
    return Number(insert.run(now.toISOString(), process.pid, parseKey).lastInsertRowid);
  }

  /** What parsed a run's files (null: a run from before migration 024, or one started without a key: tests, benchmarks). */
  parseKeyOf(id: number): string | null {
    return (this.db.prepare('SELECT parse_key FROM runs WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null;
  }

  finish(id: number, now: Date, stats: RunStats): void {
    this.complete.run({ id, finished_at: now.toISOString(), source_commit: null, ...stats });
  }

  fail(id: number, now: Date, error: string): void {
    this.failOne.run(now.toISOString(), error, id);
  }

  get(id: number): RunRow | undefined {
    return this.byId.get(id) as RunRow | undefined;
  }

  recent(limit = 50, offset = 0): RunRow[] {
    return this.list.all(limit, offset) as RunRow[];
  }

  latestComplete(): RunRow | undefined {
    return this.latest.get() as RunRow | undefined;
  }

  /** The parse key of the last complete run before run `id` (null: none, or a run without a key). */
  parseKeyBefore(id: number): string | null {
    return (
      (this.db.prepare("SELECT parse_key FROM runs WHERE status = 'complete' AND id < ? ORDER BY id DESC LIMIT 1").pluck().get(id) as
        string | null | undefined) ?? null
    );
  }
}
