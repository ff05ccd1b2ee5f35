import crypto from 'node:crypto';
import type { Db } from '../index.ts';
import type { CheckedFinding, Severity } from '../../server/shared/findings.ts';

export type FindingSeverity = Severity;
export type FindingStatus = 'new' | 'open' | 'resolved';

/** A finding as a run produced it, before it is matched with what is stored. */
export type FindingInput = CheckedFinding;

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
  /** Dismissed findings: hidden from open and new (the default), the only ones shown, or shown with the rest. */
  dismissed?: DismissedFilter;
  limit?: number;
  offset?: number;
}

export type DismissedFilter = 'hide' | 'only' | 'include';

export interface SyncResult {
  inserted: number;
  kept: number;
  resolved: number;
}

/**
 * last_run as readers see it: an open finding was seen by the latest check run (sync resolves
 * every open finding a run does not find), so it is not rewritten on each run; a resolved one
 * keeps the last run that saw it, stored when it was resolved.
 */
/**
 * A finding someone dismissed (team file or repository file, the connection's `temp.dismissed`
 * view, db/index.ts): its fingerprint AND its content digest (`content_digest`: what it says,
 * not where; contentDigestOf) match a standing dismissal, so a finding whose content changed
 * since is no longer dismissed, and one that only moved (lines added above it) still is. A
 * dismissal written before content digests (migration 012) holds the finding's full digest:
 * it matches that too. For queries on `findings` without an alias.
 */
export const DISMISSED_SQL =
  'EXISTS (SELECT 1 FROM temp.dismissed d WHERE d.fingerprint = findings.fingerprint AND d.digest IN (findings.content_digest, findings.digest))';
/** Open as every count means it: not resolved and not dismissed. The one definition counts use. */
export const OPEN_SQL = `(resolved_run IS NULL AND NOT ${DISMISSED_SQL})`;
/** Open but dismissed: what the lists' "dismissed" filter shows. */
export const OPEN_DISMISSED_SQL = `(resolved_run IS NULL AND ${DISMISSED_SQL})`;
/**
 * Open counts per locale × check × severity, the dismissed ones subtracted. The same numbers as
 * `COUNT(*) … WHERE OPEN_SQL`, but the open findings are counted from their covering index and
 * only the few dismissed ones are looked up: OPEN_SQL on every row reads each row's fingerprint
 * and digest from the table (measured 35 → 320 ms on 200k open findings).
 */
export const OPEN_COUNTS_SQL = `SELECT locale, check_id, severity, SUM(n) AS count FROM (
    SELECT locale, check_id, severity, COUNT(*) AS n FROM findings WHERE resolved_run IS NULL GROUP BY locale, check_id, severity
    UNION ALL
    SELECT findings.locale, findings.check_id, findings.severity, -COUNT(*) FROM (SELECT DISTINCT fingerprint, digest FROM temp.dismissed) d
      -- CROSS JOIN keeps the few dismissals as the outer loop (a plain JOIN scanned every finding).
      CROSS JOIN findings ON findings.fingerprint = d.fingerprint AND d.digest IN (findings.content_digest, findings.digest) AND findings.resolved_run IS NULL
      GROUP BY findings.locale, findings.check_id, findings.severity)
  GROUP BY locale, check_id, severity HAVING SUM(n) > 0`;

export const LAST_RUN_SQL = 'CASE WHEN resolved_run IS NULL THEN (SELECT MAX(run_id) FROM check_runs) ELSE last_run END AS last_run';
const COLUMNS = `id, fingerprint, run_id, locale, key, path, check_id, message_id, severity, message, data_json, line, section, first_run, ${LAST_RUN_SQL}, resolved_run`;
const SEVERITY_ORDER = "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END";

function prepareStatements(db: Db) {
  return {
    // Read from the covering index findings_open_digest alone: no table page (message, data) is touched.
    // Fingerprints and digests have fixed widths, so each list comes as one string without separators.
    openPacked: db.prepare(`SELECT group_concat(fingerprint, ''), group_concat(COALESCE(digest, '${NO_DIGEST}'), ''), COUNT(*)
      FROM findings INDEXED BY findings_open_digest WHERE resolved_run IS NULL`),
    openRows: db.prepare('SELECT fingerprint, digest FROM findings INDEXED BY findings_open_digest WHERE resolved_run IS NULL'),
    openOfArticle: db.prepare('SELECT fingerprint, digest FROM findings WHERE locale = ? AND key = ? AND resolved_run IS NULL'),
    openDigest: db.prepare('SELECT digest FROM findings WHERE fingerprint = ? AND resolved_run IS NULL'),
    // The run's open findings as every count has them (dismissed ones left out): its locale_stats.
    openTotal: db.prepare('SELECT COALESCE(SUM(count), 0) FROM locale_stats WHERE run_id = ?'),
    insert: db.prepare(`INSERT INTO findings (fingerprint, run_id, locale, key, path, check_id, message_id, severity, message,
        data_json, line, section, first_run, last_run, resolved_run, digest, content_digest)
      VALUES (@fingerprint, @run, @locale, @key, @path, @check_id, @message_id, @severity, @message, @data_json, @line, @section, @run, @run, NULL, @digest,
        @content_digest)`),
    // A fingerprint names at most one open finding (sync never inserts one that is open).
    keep: db.prepare(`UPDATE findings SET key = @key, path = @path, severity = @severity, message_id = @message_id,
        message = @message, data_json = @data_json, line = @line, section = @section, digest = @digest, content_digest = @content_digest
      WHERE fingerprint = @fingerprint AND resolved_run IS NULL`),
    // The last run that saw it: the check run before this one, or the run that first saw it.
    resolve: db.prepare(`UPDATE findings SET resolved_run = @run,
        last_run = MAX(first_run, COALESCE((SELECT MAX(run_id) FROM check_runs WHERE run_id < @run), first_run))
      WHERE fingerprint = @fingerprint AND resolved_run IS NULL`),
    deleteStats: db.prepare('DELETE FROM locale_stats WHERE run_id = ?'),
    writeStats: db.prepare(`INSERT INTO locale_stats (run_id, locale, check_id, severity, count)
      SELECT ?, locale, check_id, severity, count FROM (${OPEN_COUNTS_SQL})`),
    recordCheckRun: db.prepare(`INSERT INTO check_runs (run_id, finished_at, duration_ms, checks, open_count, new_count, resolved_count)
      VALUES (@run_id, @finished_at, @duration_ms, @checks, @open_count, @new_count, @resolved_count)
      ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at, duration_ms = excluded.duration_ms, checks = excluded.checks,
        open_count = excluded.open_count, new_count = excluded.new_count, resolved_count = excluded.resolved_count`),
    checkRun: db.prepare('SELECT * FROM check_runs WHERE run_id = ?'),
    latestCheckRun: db.prepare('SELECT * FROM check_runs ORDER BY run_id DESC LIMIT 1'),
    counts: db.prepare(`${OPEN_COUNTS_SQL} ORDER BY locale, check_id, severity`),
    article: db.prepare(`SELECT ${COLUMNS} FROM findings WHERE locale = ? AND key = ?
      ORDER BY resolved_run IS NOT NULL, ${SEVERITY_ORDER}, check_id, line, id`),
    stats: db.prepare('SELECT run_id, locale, check_id, severity, count FROM locale_stats WHERE run_id >= ? ORDER BY run_id, locale, check_id, severity'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** The only place with SQL for findings, check runs and locale_stats. */
export class FindingsRepository {
  private readonly stmts: Statements;

  constructor(private readonly db: Db) {
    this.stmts = prepareStatements(db);
  }

  /**
   * Matches a run's findings with the open ones by fingerprint: new ones are inserted,
   * still-present ones are rewritten only when what they show changed (their digest), the
   * rest are resolved by this run. Then the run's locale_stats are written. Call inside a
   * transaction.
   */
  sync(runId: number, findings: FindingInput[]): SyncResult {
    const sink = this.startSync(runId);
    for (const f of findings) sink.add(f);
    return sink.finish();
  }

  /**
   * The same as `sync`, a finding at a time: the check runner hands each one over as it is
   * found, so a run's 200k+ findings (their messages and data) never pile up in memory.
   * `finish` resolves the open findings that were not added. Call inside a transaction.
   */
  startSync(runId: number, options: { scoped?: boolean } = {}): FindingSync {
    return new FindingSync(this.stmts, runId, options.scoped ?? false);
  }

  /** Open findings, dismissed ones included (what a check run records as open). */
  /** Open findings after run `runId` (its locale_stats, written by the sync): dismissed ones are not open. */
  openTotal(runId: number): number {
    return this.stmts.openTotal.pluck().get(runId) as number;
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
    const dismissed = filter.dismissed ?? 'hide';
    if (dismissed === 'only') where.push(OPEN_DISMISSED_SQL);
    else if (dismissed === 'hide') where.push(`NOT ${OPEN_DISMISSED_SQL}`);
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

/** One run's findings matched with the open ones as they come (FindingsRepository.startSync). */
export class FindingSync {
  /** Open fingerprint → its place in the open list (SEEN once this run found it). */
  readonly #open = new Map<string, number>();
  /** The digest of the open finding at each place. */
  readonly #digests: (string | null)[] = [];
  #inserted = 0;
  #kept = 0;
  /** The fingerprints found in each locale not closed yet (unscoped syncs: see closeLocale). */
  readonly #foundIn = new Map<string, string[]>();
  readonly #closed = new Set<string>();

  /**
   * `scoped` (an incremental check run): only the open findings of the articles named with
   * `scope` are matched and resolved; the others are carried over untouched.
   */
  constructor(
    private readonly s: Statements,
    private readonly runId: number,
    private readonly scoped = false,
  ) {
    if (scoped) return;
    // The open findings' fingerprints and digests as two strings built by SQLite: 200k+ rows
    // through the driver one by one cost three times as much. No message or data is read.
    const [fingerprints, digests, count] = s.openPacked.raw().get() as [string | null, string | null, number];
    if (fingerprints !== null && digests !== null && fingerprints.length === count * FINGERPRINT_LENGTH && digests.length === count * DIGEST_LENGTH) {
      for (let i = 0; i < count; i++) {
        this.#open.set(fingerprints.slice(i * FINGERPRINT_LENGTH, (i + 1) * FINGERPRINT_LENGTH), i);
        this.#digests.push(digests.slice(i * DIGEST_LENGTH, (i + 1) * DIGEST_LENGTH));
      }
    } else {
      // Fingerprints of another width (none written by this version): row by row.
      for (const [fingerprint, digest] of s.openRows.raw().iterate() as IterableIterator<[string, string | null]>) {
        this.#open.set(fingerprint, this.#digests.length);
        this.#digests.push(digest);
      }
    }
  }

  /** Takes a (locale, key)'s open findings into the run (scoped sync): what it does not find of them is resolved. */
  scope(locale: string, key: string): void {
    // An unscoped sync holds every open finding already, and forgets the found ones of a closed locale (closeLocale).
    if (!this.scoped) throw new Error('FindingSync.scope: only a scoped sync takes articles into the run');
    for (const [fingerprint, digest] of this.s.openOfArticle.raw().iterate(locale, key) as IterableIterator<[string, string | null]>) {
      if (this.#open.has(fingerprint)) continue;
      this.#open.set(fingerprint, this.#digests.length);
      this.#digests.push(digest);
    }
  }

  add(f: FindingInput): void {
    if (this.#closed.has(f.locale)) throw new Error(`FindingSync: a finding of ${f.locale} after its locale was closed`);
    let at = this.#open.get(f.fingerprint);
    if (at === undefined && this.scoped) {
      // Open under another key (a translation moved to its English page's key keeps its fingerprints): the same finding.
      const digest = this.s.openDigest.pluck().get(f.fingerprint) as string | null | undefined;
      if (digest !== undefined) {
        at = this.#digests.length;
        this.#digests.push(digest);
      }
    }
    if (at === SEEN) return; // the same fingerprint twice in one run: the first wins
    this.#open.set(f.fingerprint, SEEN);
    if (!this.scoped) {
      let found = this.#foundIn.get(f.locale);
      if (!found) this.#foundIn.set(f.locale, (found = []));
      found.push(f.fingerprint);
    }
    const digest = digestOf(f);
    if (at === undefined) {
      this.s.insert.run({ ...f, digest, content_digest: contentDigestOf(f), run: this.runId });
      this.#inserted++;
      return;
    }
    this.#kept++;
    // Lines move with unrelated edits: rewrite a kept finding only when something shown changed.
    if (this.#digests[at] !== digest) {
      this.s.keep.run({
        fingerprint: f.fingerprint,
        key: f.key,
        path: f.path,
        severity: f.severity,
        message_id: f.message_id,
        message: f.message,
        data_json: f.data_json,
        line: f.line,
        section: f.section,
        digest,
        content_digest: contentDigestOf(f),
      });
    }
  }

  /**
   * The run adds no finding of `locale` from here on (a later one throws). An unscoped sync forgets
   * the fingerprints found there: only a duplicate in the run would ask for them again, and it would
   * be of the same locale (a fingerprint names its locale). A full run of the snapshot found 133k,
   * ~19 MB held to its end before. A scoped sync keeps them: `scope` may take an article's open
   * findings after its locale is checked, and must see the ones found as found.
   */
  closeLocale(locale: string): void {
    this.#closed.add(locale);
    for (const fingerprint of this.#foundIn.get(locale) ?? []) this.#open.delete(fingerprint);
    this.#foundIn.delete(locale);
  }

  /** Resolves the open findings this run did not find and writes the run's locale_stats. */
  finish(): SyncResult {
    // The ones it found stay as they are: rewriting last_run on 200k rows cost ~1.6 s and ~180 MB of WAL per run (see LAST_RUN_SQL).
    let resolved = 0;
    for (const [fingerprint, at] of this.#open) {
      if (at !== SEEN) {
        this.s.resolve.run({ run: this.runId, fingerprint });
        resolved++;
      }
    }
    this.s.deleteStats.run(this.runId);
    this.s.writeStats.run(this.runId);
    return { inserted: this.#inserted, kept: this.#kept, resolved };
  }
}

const SEEN = -1;
/** Fingerprints are 24 hex digits (fingerprint() in server/checks/run.ts), digests 28 base64 characters. */
const FINGERPRINT_LENGTH = 24;
const DIGEST_LENGTH = 28;
/** Stands for the digest of a finding stored before digests existed: never equal to a real one. */
const NO_DIGEST = ' '.repeat(DIGEST_LENGTH);

/** What a finding shows, as one short string: equal digests mean nothing to rewrite. */
function digestOf(f: FindingInput): string {
  // sha1 measured fastest of md5, sha1 and a JS string hash on these ~500-character inputs.
  return crypto.hash('sha1', `${f.path}\0${f.severity}\0${f.message_id}\0${f.line}\0${f.section}\0${f.message}\0${f.data_json}`, 'base64');
}

/**
 * What a finding says, not where it is: its message and data without the data's line lists
 * (`lines`). A dismissal is of this (DISMISSED_SQL): lines added above a finding move it and
 * leave it dismissed; a change of what it says brings it back. Migration 012 computes it for
 * the findings stored before it, with this function.
 */
export function contentDigestOf(f: Pick<FindingInput, 'message_id' | 'message' | 'data_json'>): string {
  const data = f.data_json.includes('"lines"') ? JSON.stringify(JSON.parse(f.data_json), (k, v: unknown) => (k === 'lines' ? undefined : v)) : f.data_json;
  return crypto.hash('sha1', `${f.message_id}\0${f.message}\0${data}`, 'base64');
}

function withStatus(r: FindingRow, currentRun: number): FindingWithStatus {
  const status: FindingStatus = r.resolved_run !== null ? 'resolved' : r.first_run === currentRun ? 'new' : 'open';
  return { ...r, status };
}
