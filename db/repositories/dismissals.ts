import { teamWriter, type Db } from '../index.ts';
import { DISMISSED_SQL } from './findings.ts';

export type DismissalKind = 'false-alarm' | 'wont-fix' | 'later';

/** An open finding as a dismissal keys it. */
export interface DismissableFinding {
  fingerprint: string;
  digest: string | null;
  locale: string;
  key: string;
  check_id: string;
  severity: string;
  message: string;
}

/** What every dismissal says: which finding, what kind, why and by whom. */
export interface DismissalFields {
  fingerprint: string;
  locale: string;
  key: string;
  check_id: string;
  kind: DismissalKind;
  reason: string;
  by_name: string;
}

/** A dismissal's common fields as the API and the weekly report's JSON name them. */
export function dismissalFieldsJson(d: DismissalFields) {
  return { fingerprint: d.fingerprint, locale: d.locale, key: d.key, check: d.check_id, kind: d.kind, reason: d.reason, by: d.by_name };
}

/** A standing dismissal, from the team file (`team`) or the repository file (`file`). */
export interface DismissalRow extends DismissalFields {
  source: 'team' | 'file';
  digest: string;
  created_at: string | null;
  /** Whether an open finding shows this content now: false once the finding changed or was resolved. */
  applies: boolean;
}

/** A dismissal as the weekly report lists it: made (and maybe undone) in a period. */
export interface DismissalEvent extends DismissalFields {
  created_at: string;
  undone_at: string | null;
}

/** Entries of the repository file, as DismissalsFileWatch hands them over. */
export interface FileEntry {
  locale: string;
  key: string;
  check: string;
  fingerprint: string;
  digest: string;
  kind: string;
  reason: string;
  by: string;
}

const STANDING = `SELECT 'team' AS source, fingerprint, digest, locale, key, check_id, kind, reason, by_name, created_at FROM dismissals WHERE undone_at IS NULL
  UNION ALL SELECT 'file', fingerprint, digest, locale, key, check_id, kind, reason, by_name, NULL FROM temp.repo_dismissals`;

/**
 * Dismissals: written to the team file (on its own connection, like claims), read together
 * with the repository file's through the connection's `temp.dismissed` view. Counts never
 * come from here: they filter with OPEN_SQL (findings.ts).
 */
export class DismissalsRepository {
  private readonly writer: Db;
  private readonly stmts;

  constructor(private readonly db: Db) {
    const w = (this.writer = teamWriter(db));
    this.stmts = {
      // A dismissal is of what the finding says (its content digest), not where it is.
      finding: db.prepare(`SELECT fingerprint, content_digest AS digest, locale, key, check_id, severity, message FROM findings
        WHERE fingerprint = ? AND resolved_run IS NULL`),
      undo: w.prepare('UPDATE dismissals SET undone_at = ?, undone_by = ? WHERE fingerprint = ? AND undone_at IS NULL'),
      insert: w.prepare(`INSERT INTO dismissals (fingerprint, digest, locale, key, check_id, kind, reason, user_id, by_name, created_at)
        VALUES (@fingerprint, @digest, @locale, @key, @check_id, @kind, @reason, @user_id, @by_name, @created_at)`),
      standing: db.prepare(`SELECT * FROM (${STANDING}) s WHERE fingerprint = ? ORDER BY source = 'file'`),
      list: db.prepare(`SELECT s.*, EXISTS (SELECT 1 FROM findings f WHERE f.fingerprint = s.fingerprint AND s.digest IN (f.content_digest, f.digest) AND f.resolved_run IS NULL) AS applies
        FROM (${STANDING}) s WHERE (@locale IS NULL OR s.locale = @locale) ORDER BY s.locale, s.key, s.check_id, s.fingerprint`),
      between: db.prepare(`SELECT fingerprint, locale, key, check_id, kind, reason, by_name, created_at, undone_at FROM dismissals
        WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id`),
      isDismissed: db.prepare(`SELECT ${DISMISSED_SQL} FROM findings WHERE fingerprint = ? AND resolved_run IS NULL`).pluck(),
      clearFile: db.prepare('DELETE FROM temp.repo_dismissals'),
      insertFile: db.prepare(`INSERT OR REPLACE INTO temp.repo_dismissals (fingerprint, digest, locale, key, check_id, kind, reason, by_name)
        VALUES (@fingerprint, @digest, @locale, @key, @check, @kind, @reason, @by)`),
    };
  }

  /** The open finding with this fingerprint, or undefined. */
  openFinding(fingerprint: string): DismissableFinding | undefined {
    return this.stmts.finding.get(fingerprint) as DismissableFinding | undefined;
  }

  /** Dismisses the finding as it shows now (its digest); replaces a standing dismissal of the same fingerprint. */
  dismiss(finding: DismissableFinding, d: { kind: DismissalKind; reason: string; userId: number | null; byName: string; now: Date }): DismissalRow {
    if (finding.digest === null)
      throw new Error(`Finding ${finding.fingerprint} has no digest yet (stored before digests existed): run the checks again first`);
    const at = d.now.toISOString();
    this.writer.transaction(() => {
      this.stmts.undo.run(at, d.byName, finding.fingerprint);
      this.stmts.insert.run({
        fingerprint: finding.fingerprint,
        digest: finding.digest,
        locale: finding.locale,
        key: finding.key,
        check_id: finding.check_id,
        kind: d.kind,
        reason: d.reason,
        user_id: d.userId,
        by_name: d.byName,
        created_at: at,
      });
    })();
    return this.standing(finding.fingerprint)!;
  }

  /** Undoes the team file's standing dismissal of a fingerprint; false when there was none. */
  undo(fingerprint: string, byName: string, now: Date): boolean {
    return this.stmts.undo.run(now.toISOString(), byName, fingerprint).changes > 0;
  }

  /** The standing dismissal of a fingerprint (the team file's first), whether or not it still applies. */
  standing(fingerprint: string): DismissalRow | undefined {
    const row = this.stmts.standing.get(fingerprint) as Omit<DismissalRow, 'applies'> | undefined;
    if (!row) return undefined;
    return { ...row, applies: this.stmts.isDismissed.get(fingerprint) === 1 };
  }

  /** Every standing dismissal, each saying whether it still applies. */
  list(locale?: string): DismissalRow[] {
    return (this.stmts.list.all({ locale: locale ?? null }) as (Omit<DismissalRow, 'applies'> & { applies: number })[]).map((r) => ({
      ...r,
      applies: r.applies === 1,
    }));
  }

  /** Dismissals made in [from, to) (the weekly report), undone ones included with when. */
  between(from: Date, to: Date): DismissalEvent[] {
    return this.stmts.between.all(from.toISOString(), to.toISOString()) as DismissalEvent[];
  }

  /** Replaces this connection's copy of the repository file's entries. */
  loadFile(entries: readonly FileEntry[]): void {
    this.db.transaction(() => {
      this.stmts.clearFile.run();
      for (const e of entries) this.stmts.insertFile.run(e);
    })();
  }
}
