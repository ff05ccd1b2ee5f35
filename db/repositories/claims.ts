import type { ClaimEventKind, ClaimStatus } from '../../server/shared/claims.ts';
import { teamWriter, type Db } from '../index.ts';

export type { ClaimEventKind, ClaimStatus };

export interface ClaimRow {
  id: number;
  locale: string;
  key: string;
  user_id: number;
  user_name: string;
  status: ClaimStatus;
  claimed_at: string;
  expires_at: string;
  closed_at: string | null;
  closed_by: number | null;
  base_hash: string | null;
  base_run: number | null;
}

/** A listed claim with its article's titles (translation and English) from the index, null when unindexed. */
export interface ClaimListRow extends ClaimRow {
  title: string | null;
  english_title: string | null;
}

export interface ClaimFilter {
  locale?: string | undefined;
  userId?: number | undefined;
  status?: ClaimStatus | undefined;
  /** The site's source locale: the English title is read from its document. */
  sourceLocale: string;
  limit: number;
  offset: number;
}

/** One step of a claim's life. `expired` steps come from the claims table (expiry is by the clock), the rest from claim_events. */
export interface ClaimEventRow {
  event_id: number | null;
  claim_id: number;
  kind: ClaimEventKind;
  at: string;
  locale: string;
  key: string;
  title: string | null;
  english_title: string | null;
  /** Who did it: null for an expiry and for a step recorded before the history whose author was not kept. */
  by_name: string | null;
  /** The holder the step concerns: the claimant, the one whose claim expired, or (reassigned) the old holder. */
  holder_name: string | null;
  /** reassigned: the new holder. */
  to_name: string | null;
  /** claimed, renewed: the expiry set; expired: when. */
  expires_at: string | null;
}

export interface ClaimHistoryFilter {
  locale?: string | undefined;
  /** Steps of claims this user held, or steps they took. */
  userId?: number | undefined;
  claimId?: number | undefined;
  sourceLocale: string;
  limit: number;
  offset: number;
}

/** What changed, for listeners (the server's event stream): the claim as it is after the change. */
export type ClaimChange = { kind: Exclude<ClaimEventKind, 'expired'>; claim: ClaimRow };

export type CreateResult = { created: ClaimRow } | { conflict: ClaimRow };

/** Why a close/renew did not happen: the claim is gone, or no longer active (with its status). */
/** `notHolder`: the change was asked for the holder `holder` and the claim is someone else's now (reassigned meanwhile). */
export type ChangeResult = { claim: ClaimRow } | { missing: true } | { notActive: ClaimRow } | { notHolder: ClaimRow };

/** The article's titles: the translation's and English's documents of the index file (main). */
const titles = (claim: string) => `LEFT JOIN main.documents dt ON dt.locale = ${claim}.locale AND dt.key = ${claim}.key AND dt.deleted_run IS NULL
  LEFT JOIN main.documents de ON de.locale = @source AND de.key = ${claim}.key AND de.deleted_run IS NULL`;

const SELECT = `SELECT c.id, c.locale, c.key, c.user_id, u.name AS user_name, c.status, c.claimed_at, c.expires_at,
  c.closed_at, c.closed_by, c.base_hash, c.base_run FROM claims c JOIN users u ON u.id = c.user_id`;

/**
 * Claims with lazy expiry: every read and write first turns due claims into 'expired'
 * inside the same transaction, so an expiry and a complete racing on one claim end in
 * exactly one recorded outcome (SQLite runs one writer at a time).
 *
 * Writes go through the team file's own connection (teamWriter): they take that file's
 * lock only, never the index's, which a re-index holds for its whole run. A write that
 * finds the team file busy (another process writing a claim or a user) throws SQLITE_BUSY
 * at once when the server set its timeout to 0; the routes retry it asynchronously.
 */
export class ClaimsRepository {
  private readonly stmts;
  private readonly writer: Db;

  constructor(db: Db) {
    const w = (this.writer = teamWriter(db));
    this.stmts = {
      expireDue: w.prepare("UPDATE claims SET status = 'expired', closed_at = expires_at WHERE status = 'active' AND expires_at <= ?"),
      insert: w.prepare("INSERT INTO claims (locale, key, user_id, status, claimed_at, expires_at) VALUES (?, ?, ?, 'active', ?, ?) RETURNING id"),
      byId: db.prepare(`${SELECT} WHERE c.id = ?`),
      // Inside a write transaction: what the writer's connection sees, its own changes included.
      byIdWriting: w.prepare(`${SELECT} WHERE c.id = ?`),
      activeOfWriting: w.prepare(`${SELECT} WHERE c.locale = ? AND c.key = ? AND c.status = 'active' AND c.expires_at > ?`),
      activeOf: db.prepare(`${SELECT} WHERE c.locale = ? AND c.key = ? AND c.status = 'active' AND c.expires_at > ?`),
      close: w.prepare(`UPDATE claims SET status = @status, closed_at = @now, closed_by = @by, base_hash = @base_hash, base_run = @base_run
        WHERE id = @id AND status = 'active' AND expires_at > @now`),
      renew: w.prepare("UPDATE claims SET expires_at = ? WHERE id = ? AND status = 'active' AND expires_at > ?"),
      reassign: w.prepare("UPDATE claims SET user_id = ? WHERE id = ? AND status = 'active' AND expires_at > ?"),
      event: w.prepare(`INSERT INTO claim_events (claim_id, kind, at, by_user, from_user, to_user, expires_at)
        VALUES (@claim, @kind, @at, @by, @from, @to, @expires)`),
      // Recorded steps, and each claim's expiry (by the clock: a due claim reads as expired before a write records it).
      history: db.prepare(`SELECT p.event_id, p.claim_id, p.kind, p.at, c.locale, c.key, dt.title AS title, de.title AS english_title,
          ub.name AS by_name, uh.name AS holder_name, ut.name AS to_name, p.expires_at
        FROM (
          -- The page first; titles and names are looked up for its rows only.
          SELECT h.* FROM (
            SELECT e.id AS event_id, e.claim_id, e.kind, e.at, e.by_user,
              CASE e.kind WHEN 'reassigned' THEN e.from_user WHEN 'claimed' THEN e.by_user ELSE NULL END AS holder, e.to_user, e.expires_at
            FROM claim_events e
            UNION ALL
            SELECT NULL, c.id, 'expired', c.expires_at, NULL, c.user_id, NULL, c.expires_at FROM claims c
            WHERE c.status = 'expired' OR (c.status = 'active' AND c.expires_at <= @now)
          ) h
          JOIN claims c ON c.id = h.claim_id
          WHERE (@locale IS NULL OR c.locale = @locale) AND (@claim IS NULL OR h.claim_id = @claim)
            AND (@user IS NULL OR c.user_id = @user
              OR EXISTS (SELECT 1 FROM claim_events x WHERE x.claim_id = c.id AND (x.by_user = @user OR x.from_user = @user OR x.to_user = @user)))
          ORDER BY h.at DESC, h.event_id IS NULL, h.event_id DESC LIMIT @limit OFFSET @offset
        ) p
        JOIN claims c ON c.id = p.claim_id ${titles('c')}
        LEFT JOIN users ub ON ub.id = p.by_user LEFT JOIN users uh ON uh.id = p.holder LEFT JOIN users ut ON ut.id = p.to_user
        ORDER BY p.at DESC, p.event_id IS NULL, p.event_id DESC`),
      historyCount: db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM claim_events e JOIN claims c ON c.id = e.claim_id
              WHERE (@locale IS NULL OR c.locale = @locale) AND (@claim IS NULL OR c.id = @claim) AND (@user IS NULL OR c.user_id = @user
                OR EXISTS (SELECT 1 FROM claim_events x WHERE x.claim_id = c.id AND (x.by_user = @user OR x.from_user = @user OR x.to_user = @user))))
            + (SELECT COUNT(*) FROM claims c WHERE (c.status = 'expired' OR (c.status = 'active' AND c.expires_at <= @now))
              AND (@locale IS NULL OR c.locale = @locale) AND (@claim IS NULL OR c.id = @claim) AND (@user IS NULL OR c.user_id = @user
                OR EXISTS (SELECT 1 FROM claim_events x WHERE x.claim_id = c.id AND (x.by_user = @user OR x.from_user = @user OR x.to_user = @user))))`,
        )
        .pluck(),
      // Reads never write: a claim past its expiry reads as expired before the next write records it.
      list: db.prepare(`SELECT p.*, u.name AS user_name, dt.title AS title, de.title AS english_title FROM (
          -- The page first; names and titles are looked up for its rows only.
          SELECT * FROM (SELECT c.id, c.locale, c.key, c.user_id,
            CASE WHEN c.status = 'active' AND c.expires_at <= @now THEN 'expired' ELSE c.status END AS status,
            c.claimed_at, c.expires_at,
            CASE WHEN c.status = 'active' AND c.expires_at <= @now THEN c.expires_at ELSE c.closed_at END AS closed_at,
            c.closed_by, c.base_hash, c.base_run
          FROM claims c WHERE (@locale IS NULL OR c.locale = @locale) AND (@user IS NULL OR c.user_id = @user))
          WHERE (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit OFFSET @offset
        ) p JOIN users u ON u.id = p.user_id ${titles('p')}
        ORDER BY p.id DESC`),
      count: db
        .prepare(
          `SELECT COUNT(*) FROM claims c WHERE (@locale IS NULL OR c.locale = @locale) AND (@user IS NULL OR c.user_id = @user)
        AND (@status IS NULL OR (CASE WHEN c.status = 'active' AND c.expires_at <= @now THEN 'expired' ELSE c.status END) = @status)`,
        )
        .pluck(),
      nextExpiry: db.prepare("SELECT MIN(expires_at) FROM claims WHERE status = 'active' AND expires_at > ?").pluck(),
      activeByLocale: db.prepare("SELECT locale, COUNT(*) AS n FROM claims WHERE status = 'active' AND expires_at > ? GROUP BY locale"),
      lastCompleted: db.prepare(`${SELECT} WHERE c.locale = ? AND c.key = ? AND c.status = 'completed' ORDER BY c.closed_at DESC, c.id DESC LIMIT 1`),
      englishVersion: db.prepare(`SELECT d.content_hash AS hash,
          (SELECT MAX(v.run_id) FROM document_versions v WHERE v.document_id = d.id AND v.content_hash = d.content_hash) AS run
        FROM documents d WHERE d.locale = ? AND d.key = ? AND d.deleted_run IS NULL`),
    };
  }

  private writes = 0;
  private readonly listeners = new Set<(change: ClaimChange) => void>();

  /** Calls `listener` after each committed change made through this repository; returns the unsubscribe. */
  onChange(listener: (change: ClaimChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed<T extends CreateResult | ChangeResult>(kind: ClaimChange['kind'], result: T): T {
    const claim = 'created' in result ? result.created : 'claim' in result ? result.claim : null;
    if (claim) for (const listener of this.listeners) listener({ kind, claim });
    return result;
  }

  private record(claim: number, kind: ClaimChange['kind'], at: Date, by: number, extra: { from?: number; to?: number; expires?: Date } = {}): void {
    this.stmts.event.run({
      claim,
      kind,
      at: at.toISOString(),
      by,
      from: extra.from ?? null,
      to: extra.to ?? null,
      expires: extra.expires?.toISOString() ?? null,
    });
  }

  /**
   * Changes whenever what readers see of claims may have changed: a write through this
   * repository, or the next active claim reaching its expiry. Other processes' writes are
   * seen through the database's data_version (ArticlesRepository.version).
   */
  version(now: Date): string {
    return `${this.writes}:${(this.stmts.nextExpiry.get(now.toISOString()) as string | null) ?? ''}`;
  }

  /** Marks every claim past its expiry as expired; returns how many. */
  expireDue(now: Date): number {
    this.writes++;
    return this.stmts.expireDue.run(now.toISOString()).changes;
  }

  get(id: number): ClaimRow | undefined {
    return this.stmts.byId.get(id) as ClaimRow | undefined;
  }

  active(locale: string, key: string, now: Date): ClaimRow | undefined {
    return this.stmts.activeOf.get(locale, key, now.toISOString()) as ClaimRow | undefined;
  }

  /** Claims (locale, key) for a user; the partial UNIQUE index decides between racing claimers. */
  create(locale: string, key: string, userId: number, now: Date, expiresAt: Date): CreateResult {
    this.writes++;
    const result = this.writer
      .transaction((): CreateResult => {
        this.stmts.expireDue.run(now.toISOString());
        try {
          const { id } = this.stmts.insert.get(locale, key, userId, now.toISOString(), expiresAt.toISOString()) as { id: number };
          this.record(id, 'claimed', now, userId, { expires: expiresAt });
          return { created: this.stmts.byIdWriting.get(id) as ClaimRow };
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
          return { conflict: this.stmts.activeOfWriting.get(locale, key, now.toISOString()) as ClaimRow };
        }
      })
      .immediate();
    return this.changed('claimed', result);
  }

  /**
   * Releases or completes an active claim; completing records the English version as the new base.
   * `holder`: only while that user holds it (a translator's own change; null for a manager's).
   */
  close(id: number, status: 'released' | 'completed', byUser: number, now: Date, sourceLocale: string, holder: number | null = null): ChangeResult {
    this.writes++;
    const claimed = this.get(id);
    // The English version as of the last complete run: read from the index (WAL: never waits),
    // before the team file's write lock is taken. The article of a claim never changes.
    const base: { hash: string | null; run: number | null } = (status === 'completed' && claimed
      ? (this.stmts.englishVersion.get(sourceLocale, claimed.key) as { hash: string; run: number | null } | undefined)
      : undefined) ?? { hash: null, run: null };
    return this.changeActive(
      id,
      status,
      now,
      byUser,
      holder,
      () => this.stmts.close.run({ id, status, now: now.toISOString(), by: byUser, base_hash: base.hash, base_run: base.run }).changes,
    );
  }

  /** Extends an active claim to `expiresAt`; a claim already past its expiry is expired first (one outcome). `holder` as for close. */
  renew(id: number, byUser: number, now: Date, expiresAt: Date, holder: number | null = null): ChangeResult {
    this.writes++;
    return this.changeActive(
      id,
      'renewed',
      now,
      byUser,
      holder,
      () => this.stmts.renew.run(expiresAt.toISOString(), id, now.toISOString()).changes,
      () => ({ expires: expiresAt }),
    );
  }

  /** Moves an active claim to another user (a manager's decision; the route checks who may hold it). Its expiry stays. */
  reassign(id: number, toUser: number, byUser: number, now: Date): ChangeResult {
    this.writes++;
    return this.changeActive(
      id,
      'reassigned',
      now,
      byUser,
      null,
      () => this.stmts.reassign.run(toUser, id, now.toISOString()).changes,
      (claim) => ({ from: claim.user_id, to: toUser }),
    );
  }

  /**
   * The one skeleton of every change to an active claim, in one immediate transaction of the
   * team file: expire what is due, load the claim (missing → `missing`), run `update` (which
   * changes only an active, unexpired claim: 0 rows → `notActive` with the claim as it is),
   * record the step (`event` gives its from/to/expiry from the claim as it was) and tell the
   * listeners after the commit. With `holder`, a claim someone else holds by then (reassigned
   * while the request waited for the team file) is left as it is: `notHolder`.
   */
  private changeActive(
    id: number,
    kind: Exclude<ClaimChange['kind'], 'claimed'>,
    now: Date,
    byUser: number,
    holder: number | null,
    update: () => number,
    event: (before: ClaimRow) => { from?: number; to?: number; expires?: Date } = () => ({}),
  ): ChangeResult {
    const result = this.writer
      .transaction((): ChangeResult => {
        this.stmts.expireDue.run(now.toISOString());
        const claim = this.stmts.byIdWriting.get(id) as ClaimRow | undefined;
        if (!claim) return { missing: true };
        if (holder !== null && claim.user_id !== holder) return { notHolder: claim };
        if (!update()) return { notActive: claim };
        this.record(id, kind, now, byUser, event(claim));
        return { claim: this.stmts.byIdWriting.get(id) as ClaimRow };
      })
      .immediate();
    return this.changed(kind, result);
  }

  list(filter: ClaimFilter, now: Date): { total: number; rows: ClaimListRow[] } {
    const params = { locale: filter.locale ?? null, user: filter.userId ?? null, status: filter.status ?? null, now: now.toISOString() };
    return {
      total: this.stmts.count.get(params) as number,
      rows: this.stmts.list.all({ ...params, source: filter.sourceLocale, limit: filter.limit, offset: filter.offset }) as ClaimListRow[],
    };
  }

  /** Every step of the matching claims' lives, newest first (expiries included, by the clock `now`). */
  history(filter: ClaimHistoryFilter, now: Date): { total: number; rows: ClaimEventRow[] } {
    const params = { locale: filter.locale ?? null, user: filter.userId ?? null, claim: filter.claimId ?? null, now: now.toISOString() };
    return {
      total: this.stmts.historyCount.get(params) as number,
      rows: this.stmts.history.all({ ...params, source: filter.sourceLocale, limit: filter.limit, offset: filter.offset }) as ClaimEventRow[],
    };
  }

  activeCountByLocale(now: Date): Map<string, number> {
    const rows = this.stmts.activeByLocale.all(now.toISOString()) as { locale: string; n: number }[];
    return new Map(rows.map((r) => [r.locale, r.n]));
  }

  /** The latest completed claim of an article: the English version its translator worked from. */
  lastCompleted(locale: string, key: string): ClaimRow | undefined {
    return this.stmts.lastCompleted.get(locale, key) as ClaimRow | undefined;
  }
}
