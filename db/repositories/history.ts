import type { Db } from '../index.ts';
import type { VersionSection } from '../document-rows.ts';

/** A live document as stale detection needs it. */
export interface HistoryDocument {
  id: number;
  locale: string;
  key: string;
  kind: 'page' | 'reusable' | 'variables';
  path: string;
  content_hash: string;
  frontmatter_json: string | null;
  changed_run: number;
  /** The run its bytes last changed in (changed_run also moves when only its redirect entries do); null only if a trigger of migration 025 was bypassed. */
  content_run: number | null;
  first_seen_run: number;
}

/** A document row as base identities read it: id, locale, key, kind, changed_run, first_seen_run, deleted_run. */
export type IdentityRow = [id: number, locale: string, key: string, kind: string, changedRun: number, firstSeenRun: number, deletedRun: number | null];

/** One recorded version of an English document (without its sections). */
export interface VersionRef {
  document_id: number;
  run_id: number;
  content_hash: string;
}

/** Reads the English history and the live documents for base resolution. */
export class HistoryRepository {
  private readonly stmts;

  /**
   * `lazySources`: `currentSections` reads each section's `source` on first access (see there);
   * for callers that read the sections in the same transaction as their hashes (a check run).
   */
  constructor(
    private readonly db: Db,
    private readonly options: { lazySources?: boolean } = {},
  ) {
    this.stmts = {
      // Only frontmatter that names a source commit is needed; skipping the rest saves most of the read.
      live: db.prepare(`SELECT id, locale, key, kind, path, content_hash,
          CASE WHEN instr(frontmatter_json, 'sourceCommit') > 0 THEN frontmatter_json END AS frontmatter_json, changed_run, content_run, first_seen_run
        FROM documents WHERE deleted_run IS NULL AND kind != 'variables' ORDER BY locale, key`),
      liveLocales: db.prepare(`SELECT DISTINCT locale FROM documents WHERE deleted_run IS NULL AND kind != 'variables' ORDER BY locale`).pluck(),
      liveOne: db.prepare(`SELECT id, locale, key, kind, path, content_hash, frontmatter_json, changed_run, content_run, first_seen_run
        FROM documents WHERE deleted_run IS NULL AND locale = ? AND key = ?`),
      deleted: db.prepare(`SELECT id, locale, key, kind, path, content_hash, NULL AS frontmatter_json, changed_run, content_run, first_seen_run, deleted_run
        FROM documents WHERE deleted_run IS NOT NULL`),
      deletedOne: db.prepare(`SELECT id, locale, key, kind, path, content_hash, NULL AS frontmatter_json, changed_run, content_run, first_seen_run, deleted_run
        FROM documents WHERE locale = ? AND key = ? AND deleted_run IS NOT NULL`),
      versionsOfLocale: db.prepare(`SELECT v.document_id, v.run_id, v.content_hash FROM document_versions v
        JOIN documents d ON d.id = v.document_id WHERE d.locale = ? AND d.deleted_run IS NULL ORDER BY v.document_id, v.run_id`),
      versionsOf: db.prepare('SELECT document_id, run_id, content_hash FROM document_versions WHERE document_id = ? ORDER BY run_id'),
      versionSections: db.prepare('SELECT sections_json FROM document_versions WHERE document_id = ? AND run_id = ?').pluck(),
      versionFrontmatter: db.prepare('SELECT frontmatter_json FROM document_versions WHERE document_id = ? AND run_id = ?'),
      runDates: db.prepare('SELECT id, started_at FROM runs'),
      identityRows: db
        .prepare('SELECT id, locale, key, kind, changed_run, first_seen_run, deleted_run FROM documents WHERE locale IN (SELECT value FROM json_each(?))')
        .raw(),
      identityRowsAtKeys: db
        .prepare(
          `SELECT id, locale, key, kind, changed_run, first_seen_run, deleted_run FROM documents
          WHERE key IN (SELECT value FROM json_each(?)) AND locale NOT IN (SELECT value FROM json_each(?))`,
        )
        .raw(),
      identityRowsById: db
        .prepare('SELECT id, locale, key, kind, changed_run, first_seen_run, deleted_run FROM documents WHERE id IN (SELECT value FROM json_each(?))')
        .raw(),
      // The run counters are in documents_states: the locale's index entries are filtered before any row is read.
      identityRowsSince: db
        .prepare(
          `SELECT id, locale, key, kind, changed_run, first_seen_run, deleted_run FROM documents INDEXED BY documents_states
          WHERE locale = @locale AND (changed_run > @run OR first_seen_run > @run OR deleted_run > @run)`,
        )
        .raw(),
      identityRowsAt: db
        .prepare(
          `SELECT d.id, d.locale, d.key, d.kind, d.changed_run, d.first_seen_run, d.deleted_run FROM json_each(?) j
          JOIN documents d ON d.locale = j.value ->> 0 AND d.key = j.value ->> 1`,
        )
        .raw(),
      localeStates: db
        .prepare(
          `SELECT locale, count(*) || ',' || max(id) || ',' || total(changed_run) || ',' || max(changed_run) || ',' || total(first_seen_run) || ','
            || max(first_seen_run) || ',' || total(deleted_run), count(deleted_run) || ',' || ifnull(max(deleted_run), '') FROM documents GROUP BY locale`,
        )
        .raw(),
      redirectsOf: db.prepare('SELECT from_key, to_key FROM redirects WHERE locale = ? ORDER BY rowid'),
      currentSections: db.prepare(
        'SELECT ordinal, level, heading, anchor, text_hash, skeleton_hash, source FROM sections WHERE document_id = ? ORDER BY ordinal',
      ),
      currentOutline: db.prepare('SELECT ordinal, level, heading, anchor, text_hash, skeleton_hash FROM sections WHERE document_id = ? ORDER BY ordinal').raw(),
      currentSources: db.prepare('SELECT ordinal, text_hash, skeleton_hash, source FROM sections WHERE document_id = ?').raw(),
    };
  }

  /** Live pages and reusables of every locale (variables files have no sections). */
  liveDocuments(): HistoryDocument[] {
    return this.stmts.live.all() as HistoryDocument[];
  }

  /** Locales with live pages or reusables, in the order liveDocuments lists them. */
  liveLocales(): string[] {
    return this.stmts.liveLocales.all() as string[];
  }

  liveDocument(locale: string, key: string): HistoryDocument | undefined {
    return this.stmts.liveOne.get(locale, key) as HistoryDocument | undefined;
  }

  /**
   * Every deleted document (a move's old key among them), keyed by `locale\0key` (one row per
   * key: the table keeps a key once). Read in one pass: looked up per translation and per old key,
   * one query each cost ~0.3 s of a resolution on GitHub Docs' 4 locales (its pages carry many redirects).
   */
  deletedDocuments(): Map<string, HistoryDocument & { deleted_run: number }> {
    const out = new Map<string, HistoryDocument & { deleted_run: number }>();
    for (const d of this.stmts.deleted.iterate() as Iterable<HistoryDocument & { deleted_run: number }>) out.set(`${d.locale}\0${d.key}`, d);
    return out;
  }

  /** The deleted document at (locale, key), if the row there is a deleted one (deletedDocuments, for one key). */
  deletedDocument(locale: string, key: string): (HistoryDocument & { deleted_run: number }) | undefined {
    return this.stmts.deletedOne.get(locale, key) as (HistoryDocument & { deleted_run: number }) | undefined;
  }

  /** Every recorded version of a locale's live documents, grouped by document in run order. */
  versionsOfLocale(locale: string): Map<number, VersionRef[]> {
    const out = new Map<number, VersionRef[]>();
    for (const v of this.stmts.versionsOfLocale.iterate(locale) as Iterable<VersionRef>) {
      let list = out.get(v.document_id);
      if (!list) out.set(v.document_id, (list = []));
      list.push(v);
    }
    return out;
  }

  versionsOf(documentId: number): VersionRef[] {
    return this.stmts.versionsOf.all(documentId) as VersionRef[];
  }

  /**
   * An English version's sections as recorded. With `lazySources` (a check run's bases: every
   * English page's, held through the run), each section's `source` is read again from the version
   * when first asked for: stale detection reads the text of changed sections only (the bases map
   * of a cold index's check run, in heap snapshots: 21 → 13 MB on the snapshot, 50 → 12 MB on
   * MDN), and `SectionsChanged` as `currentSections` says.
   */
  versionSections(documentId: number, runId: number): VersionSection[] | null {
    const json = this.stmts.versionSections.get(documentId, runId) as string | undefined;
    if (!json) return null;
    const sections = JSON.parse(json) as VersionSection[];
    if (!this.options.lazySources) return sections;
    const sources = new VersionSources(() => this.stmts.versionSections.get(documentId, runId) as string | undefined, `${documentId}@${runId}`);
    return sections.map((section) => new VersionSectionOutline(section, sources));
  }

  /**
   * The frontmatter of an English version as recorded (parsed), null when it has none, or
   * undefined when it was recorded before versions kept their frontmatter (unknown).
   */
  versionFrontmatter(documentId: number, runId: number): Record<string, unknown> | null | undefined {
    const row = this.stmts.versionFrontmatter.get(documentId, runId) as { frontmatter_json: string | null } | undefined;
    if (!row || row.frontmatter_json === null) return undefined;
    return JSON.parse(row.frontmatter_json) as Record<string, unknown> | null;
  }

  /**
   * Every document row, live or deleted, with its run counters (a row changes them whenever the
   * indexer stores or deletes it): what base identities are computed from (history/identities.ts).
   */
  identityRows(locales: Iterable<string>): IdentityRow[] {
    if ([...locales].length === 0) return [];
    return this.stmts.identityRows.all(JSON.stringify([...locales])) as IdentityRow[];
  }

  /** The rows at any of `keys` in the locales other than `except`. */
  identityRowsAtKeys(keys: Iterable<string>, except: Iterable<string>): IdentityRow[] {
    return this.stmts.identityRowsAtKeys.all(JSON.stringify([...keys]), JSON.stringify([...except])) as IdentityRow[];
  }

  /** The rows of these document ids. */
  identityRowsById(ids: Iterable<number>): IdentityRow[] {
    return this.stmts.identityRowsById.all(JSON.stringify([...ids])) as IdentityRow[];
  }

  /** The rows of `locale` stored, come back or deleted in a run after `run` (index lookups: documents_states, documents_deleted). */
  identityRowsSince(locale: string, run: number): IdentityRow[] {
    return this.stmts.identityRowsSince.all({ locale, run }) as IdentityRow[];
  }

  /** The rows at these (locale, key). */
  identityRowsAt(at: Iterable<readonly [string, string]>): IdentityRow[] {
    return this.stmts.identityRowsAt.all(JSON.stringify([...at])) as IdentityRow[];
  }

  /**
   * Each locale's rows summed up (count, ids, run counters): another value than at the last
   * resolution whenever one of its rows was stored, deleted or came back since; and its deleted
   * rows' (how many, the last run that deleted one).
   */
  localeStates(): Map<string, { state: string; deletions: string }> {
    return new Map((this.stmts.localeStates.all() as [string, string, string][]).map(([l, state, deletions]) => [l, { state, deletions }]));
  }

  /** Start time of every run, for days behind in index history. */
  runDates(): Map<number, string> {
    return new Map((this.stmts.runDates.all() as { id: number; started_at: string }[]).map((r) => [r.id, r.started_at]));
  }

  /** Old keys of a locale's pages (`from_key` → `to_key`) in the order they were written: index history takes the first old key that matches, so the order must not follow the query plan. */
  redirects(locale: string): { from_key: string; to_key: string }[] {
    return this.stmts.redirectsOf.all(locale) as { from_key: string; to_key: string }[];
  }

  /**
   * A live document's current sections in the shape history keeps. With `lazySources`, each
   * section's `source` is read when first asked for (the document's all at once): stale detection
   * compares sections by their hashes and reads the text of changed ones only, and the current
   * English of every page with a translation up to date is most of the site's text (17 MB on the
   * Kubernetes site, ~75 ms of CPU a run to read, and garbage after). The hashes are read before
   * the checks' transaction and the text in it: when another connection committed in between, the
   * text is not the one they describe, and reading it throws `SectionsChanged` (the caller's run
   * was spoiled by that commit and starts again; its last attempt reads the text with the hashes).
   */
  currentSections(documentId: number): VersionSection[] {
    if (this.options.lazySources) return this.currentSectionsLazily(documentId);
    return (
      this.stmts.currentSections.all(documentId) as {
        ordinal: number;
        level: number;
        heading: string;
        anchor: string;
        text_hash: string;
        skeleton_hash: string;
        source: string;
      }[]
    ).map((s) => ({
      ordinal: s.ordinal,
      level: s.level,
      heading: s.heading,
      anchor: s.anchor,
      textHash: s.text_hash,
      skeletonHash: s.skeleton_hash,
      source: s.source,
    }));
  }

  private currentSectionsLazily(documentId: number): VersionSection[] {
    const rows = this.stmts.currentOutline.all(documentId) as [number, number, string, string, string, string][];
    let sources: Map<number, [number, string, string, string]> | null = null;
    const sourceOf = (ordinal: number, textHash: string, skeletonHash: string): string => {
      sources ??= new Map((this.stmts.currentSources.all(documentId) as [number, string, string, string][]).map((r) => [r[0], r]));
      const row = sources.get(ordinal);
      // Another connection committed between the hashes and the text: not the text they describe.
      if (!row || row[1] !== textHash || row[2] !== skeletonHash)
        throw new SectionsChanged(`currentSections: section ${ordinal} of document ${documentId} changed after its hashes were read`);
      return row[3];
    };
    return rows.map(([ordinal, level, heading, anchor, textHash, skeletonHash]) => ({
      ordinal,
      level,
      heading,
      anchor,
      textHash,
      skeletonHash,
      get source() {
        return sourceOf(ordinal, textHash, skeletonHash);
      },
    }));
  }
}

/** Completed claims with the English version recorded at completion (claims table, when present). */
export function completedClaimBases(db: Db): { id: number; locale: string; key: string; closed_at: string; base_hash: string }[] {
  // In the team file (attached) or, in a file opened read-only from before it existed, in main.
  const exists = db.prepare("SELECT 1 FROM pragma_table_list WHERE name = 'claims' AND type = 'table'").get();
  if (!exists) return [];
  return db
    .prepare(
      `SELECT id, locale, key, closed_at, base_hash FROM claims
      WHERE status = 'completed' AND base_hash IS NOT NULL AND closed_at IS NOT NULL ORDER BY closed_at`,
    )
    .all() as { id: number; locale: string; key: string; closed_at: string; base_hash: string }[];
}

/** Parsed sections of old English blobs, by blob sha (immutable content, so kept across runs). */
export class BlobSectionsRepository {
  private readonly get;
  private readonly put;

  constructor(private readonly db: Db) {
    this.get = db.prepare('SELECT sections_json FROM history_blob_sections WHERE blob = ? AND parser_version = ?').pluck();
    this.put = db.prepare(`INSERT INTO history_blob_sections (blob, parser_version, sections_json) VALUES (?, ?, ?)
      ON CONFLICT (blob) DO UPDATE SET parser_version = excluded.parser_version, sections_json = excluded.sections_json`);
  }

  sections(blob: string, parserVersion: string): VersionSection[] | undefined {
    return this.entry(blob, parserVersion)?.sections;
  }

  /** The cached sections and content fields of a blob (fields undefined for an entry cached without them). */
  entry(blob: string, parserVersion: string): { sections: VersionSection[]; fields: Record<string, string> | undefined } | undefined {
    const json = this.get.get(blob, parserVersion) as string | undefined;
    if (json === undefined) return undefined;
    const value = JSON.parse(json) as VersionSection[] | { sections: VersionSection[]; fields: Record<string, string> };
    return Array.isArray(value) ? { sections: value, fields: undefined } : value;
  }

  /** Forgets every cached blob (benchmarks measure a cold start). */
  clear(): void {
    this.db.prepare('DELETE FROM history_blob_sections').run();
  }

  save(entries: { blob: string; sections: VersionSection[]; fields?: Record<string, string> | undefined }[], parserVersion: string): void {
    for (const e of entries) this.put.run(e.blob, parserVersion, JSON.stringify(e.fields ? { sections: e.sections, fields: e.fields } : e.sections));
  }
}

/** The git log stale detection read last, per repository folder and pathspecs (history/log-cache.ts). */
export class HistoryLogRepository {
  private readonly get;
  private readonly put;

  constructor(private readonly db: Db) {
    this.get = db.prepare('SELECT head, log FROM history_logs WHERE top = ? AND pathspecs = ?');
    this.put = db.prepare(`INSERT INTO history_logs (top, pathspecs, head, log) VALUES (?, ?, ?, ?)
      ON CONFLICT (top, pathspecs) DO UPDATE SET head = excluded.head, log = excluded.log`);
  }

  entry(top: string, pathspecs: string): { head: string; log: Buffer } | undefined {
    return this.get.get(top, pathspecs) as { head: string; log: Buffer } | undefined;
  }

  save(top: string, pathspecs: string, head: string, log: Buffer): void {
    this.put.run(top, pathspecs, head, log);
  }

  /** Forgets every kept log (benchmarks measure a first run). */
  clear(): void {
    this.db.prepare('DELETE FROM history_logs').run();
  }
}

/**
 * Each translation's base identity as of the last resolution (migration 018): what its base was
 * resolved from (server/history/identities.ts), by the translation's document id.
 */
export class BaseIdentitiesRepository {
  constructor(private readonly db: Db) {}

  /** The identities of the documents of `locales`, by document id. */
  of(locales: Iterable<string>): Map<number, string> {
    const list = [...locales];
    // No locale: no scan (the statement scans the table whatever the list holds, 5-12 ms on the snapshot).
    if (list.length === 0) return new Map();
    return new Map(
      this.db.prepare('SELECT document_id, identity FROM base_identities WHERE locale IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(list)) as [
        number,
        string,
      ][],
    );
  }

  /** The identities of these documents. */
  ofIds(ids: Iterable<number>): Map<number, string> {
    return new Map(
      this.db
        .prepare('SELECT document_id, identity FROM base_identities WHERE document_id IN (SELECT value FROM json_each(?))')
        .raw()
        .all(JSON.stringify([...ids])) as [number, string][],
    );
  }

  /** The translations (document id, locale) that were paired with one of these English keys. */
  pairedWith(englishKeys: Iterable<string>): [number, string][] {
    return this.db
      .prepare('SELECT document_id, locale FROM base_identities WHERE english_key IN (SELECT value FROM json_each(?))')
      .raw()
      .all(JSON.stringify([...englishKeys])) as [number, string][];
  }

  /** Records identities that changed (null: none any more), in two statements. */
  save(changes: readonly (readonly [documentId: number, locale: string, englishKey: string | null, identity: string | null])[]): void {
    if (changes.length === 0) return;
    const gone = changes.filter((c) => c[3] === null).map((c) => c[0]);
    if (gone.length > 0) this.db.prepare('DELETE FROM base_identities WHERE document_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(gone));
    if (gone.length < changes.length) {
      this.db
        .prepare(
          `INSERT INTO base_identities (document_id, locale, english_key, identity)
          SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) WHERE value ->> 3 IS NOT NULL
          ON CONFLICT (document_id) DO UPDATE SET locale = excluded.locale, english_key = excluded.english_key, identity = excluded.identity`,
        )
        .run(JSON.stringify(changes));
    }
  }
}

/** The source texts of one recorded English version, read once when a section's is first asked for. */
class VersionSources {
  #byOrdinal: Map<number, VersionSection> | null = null;
  constructor(
    private readonly read: () => string | undefined,
    private readonly name: string,
  ) {}

  of(section: Omit<VersionSection, 'source'>): string {
    if (!this.#byOrdinal) {
      const json = this.read();
      this.#byOrdinal = new Map(json ? (JSON.parse(json) as VersionSection[]).map((s) => [s.ordinal, s]) : []);
    }
    const recorded = this.#byOrdinal.get(section.ordinal);
    // Recorded again since its hashes were read (another connection): not the text they describe.
    if (!recorded || recorded.textHash !== section.textHash || recorded.skeletonHash !== section.skeletonHash)
      throw new SectionsChanged(`versionSections: section ${section.ordinal} of version ${this.name} changed after its hashes were read`);
    return recorded.source;
  }
}

/** A recorded version's section without its text, which `source` reads when asked. */
class VersionSectionOutline implements VersionSection {
  readonly ordinal: number;
  readonly level: number;
  readonly heading: string;
  readonly anchor: string;
  readonly textHash: string;
  readonly skeletonHash: string;
  readonly #sources: VersionSources;

  constructor(section: VersionSection, sources: VersionSources) {
    this.ordinal = section.ordinal;
    this.level = section.level;
    this.heading = section.heading;
    this.anchor = section.anchor;
    this.textHash = section.textHash;
    this.skeletonHash = section.skeletonHash;
    this.#sources = sources;
  }

  get source(): string {
    return this.#sources.of(this);
  }
}

/** A section read lazily changed after its hashes were read (another connection committed): the run that read them is spoiled. */
export class SectionsChanged extends Error {
  override name = 'SectionsChanged';
}
