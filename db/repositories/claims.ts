import { teamWriter, type Db } from '../index.ts';

export type ClaimStatus = 'active' | 'completed' | 'released' | 'expired';

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

export interface ClaimFilter {
  locale?: string | undefined;
  userId?: number | undefined;
  status?: ClaimStatus | undefined;
  limit: number;
  offset: number;
}

export type CreateResult = { created: ClaimRow } | { conflict: ClaimRow };

/** Why a close/renew did not happen: the claim is gone, or no longer active (with its status). */
export type ChangeResult = { claim: ClaimRow } | { missing: true } | { notActive: ClaimRow };

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
      // Reads never write: a claim past its expiry reads as expired before the next write records it.
      list: db.prepare(`SELECT * FROM (SELECT c.id, c.locale, c.key, c.user_id, u.name AS user_name,
          CASE WHEN c.status = 'active' AND c.expires_at <= @now THEN 'expired' ELSE c.status END AS status,
          c.claimed_at, c.expires_at,
          CASE WHEN c.status = 'active' AND c.expires_at <= @now THEN c.expires_at ELSE c.closed_at END AS closed_at,
          c.closed_by, c.base_hash, c.base_run
        FROM claims c JOIN users u ON u.id = c.user_id
        WHERE (@locale IS NULL OR c.locale = @locale) AND (@user IS NULL OR c.user_id = @user))
        WHERE (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit OFFSET @offset`),
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
    return this.writer
      .transaction((): CreateResult => {
        this.stmts.expireDue.run(now.toISOString());
        try {
          const { id } = this.stmts.insert.get(locale, key, userId, now.toISOString(), expiresAt.toISOString()) as { id: number };
          return { created: this.stmts.byIdWriting.get(id) as ClaimRow };
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
          return { conflict: this.stmts.activeOfWriting.get(locale, key, now.toISOString()) as ClaimRow };
        }
      })
      .immediate();
  }

  /** Releases or completes an active claim; completing records the English version as the new base. */
  close(id: number, status: 'released' | 'completed', byUser: number, now: Date, sourceLocale: string): ChangeResult {
    this.writes++;
    const claimed = this.get(id);
    // The English version as of the last complete run: read from the index (WAL: never waits),
    // before the team file's write lock is taken. The article of a claim never changes.
    const base: { hash: string | null; run: number | null } = (status === 'completed' && claimed
      ? (this.stmts.englishVersion.get(sourceLocale, claimed.key) as { hash: string; run: number | null } | undefined)
      : undefined) ?? { hash: null, run: null };
    return this.writer
      .transaction((): ChangeResult => {
        this.stmts.expireDue.run(now.toISOString());
        const claim = this.stmts.byIdWriting.get(id) as ClaimRow | undefined;
        if (!claim) return { missing: true };
        const changed = this.stmts.close.run({ id, status, now: now.toISOString(), by: byUser, base_hash: base.hash, base_run: base.run }).changes;
        return changed ? { claim: this.stmts.byIdWriting.get(id) as ClaimRow } : { notActive: claim };
      })
      .immediate();
  }

  renew(id: number, now: Date, expiresAt: Date): ChangeResult {
    this.writes++;
    return this.writer
      .transaction((): ChangeResult => {
        this.stmts.expireDue.run(now.toISOString());
        const claim = this.stmts.byIdWriting.get(id) as ClaimRow | undefined;
        if (!claim) return { missing: true };
        const changed = this.stmts.renew.run(expiresAt.toISOString(), id, now.toISOString()).changes;
        return changed ? { claim: this.stmts.byIdWriting.get(id) as ClaimRow } : { notActive: claim };
      })
      .immediate();
  }

  list(filter: ClaimFilter, now: Date): { total: number; rows: ClaimRow[] } {
    const params = { locale: filter.locale ?? null, user: filter.userId ?? null, status: filter.status ?? null, now: now.toISOString() };
    return {
      total: this.stmts.count.get(params) as number,
      rows: this.stmts.list.all({ ...params, limit: filter.limit, offset: filter.offset }) as ClaimRow[],
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
