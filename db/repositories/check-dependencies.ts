import type { Db } from '../index.ts';

/** A unit as the last check run left it (server/checks/run.ts: CheckPlan). */
export interface StoredUnit {
  id: number;
  /** A digest of the unit's shape (server/run-checks.ts; a version before them stored the shape itself: it differs, a full run follows anyway). */
  shape: string;
  /** check_read_keys ids, comma-separated. */
  reads: string;
}

/** What changed since the check run whose units are stored: documents, redirect entries. */
export interface ChangedDocument {
  id: number;
  locale: string;
  key: string;
  kind: string;
  path: string;
  added: boolean;
  deleted: boolean;
}

/**
 * The only SQL of incremental check runs (server/run-checks.ts): each unit's shape and the
 * dependency keys its checks read (interned in check_read_keys, inverted in check_reads), and
 * the site-wide inputs as the last check run saw them (redirects, stale bases, state values).
 */
export class CheckDependenciesRepository {
  readonly #keyId = new Map<string, number>();

  constructor(private readonly db: Db) {}

  /** The check run whose units are stored, and the inputs digest it ran with. */
  state(name: string): string | undefined {
    return this.db.prepare('SELECT value FROM check_state WHERE name = ?').pluck().get(name) as string | undefined;
  }

  setState(name: string, value: string): void {
    this.db.prepare('INSERT INTO check_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
  }

  /** The inputs digest of a check run (null before incremental runs). */
  runDigest(runId: number): string | null {
    return (this.db.prepare('SELECT inputs_digest FROM check_runs WHERE run_id = ?').pluck().get(runId) as string | null | undefined) ?? null;
  }

  recordRun(runId: number, digest: string, units: number, rechecked: number): void {
    this.db.prepare('UPDATE check_runs SET inputs_digest = ?, units = ?, rechecked = ? WHERE run_id = ?').run(digest, units, rechecked, runId);
  }

  /** Forgets every unit (a full run records them all again). */
  clear(): void {
    this.db.exec('DELETE FROM check_reads; DELETE FROM check_units; DELETE FROM check_read_keys; DELETE FROM check_redirects; DELETE FROM check_bases');
    this.#keyId.clear();
    this.#cleared = true;
    // The key table is empty now: new keys get the next id here and are written at once by flush().
    this.#nextKeyId = 1;
    this.#nextUnitId = 1;
    this.#unflushedUnit = 1;
  }

  /** A locale's stored units by key. */
  unitsOf(locale: string): Map<string, StoredUnit> {
    const out = new Map<string, StoredUnit>();
    for (const [id, key, shape, reads] of this.#stmts().unitsOf.raw().iterate(locale) as IterableIterator<[number, string, string, string]>) {
      out.set(key, { id, shape, reads });
    }
    return out;
  }

  unit(locale: string, key: string): StoredUnit | undefined {
    return this.#stmts().unit.get(locale, key) as StoredUnit | undefined;
  }

  /** Locales with stored units. */
  unitLocales(): string[] {
    // One seek per locale on the (locale, key) key, not a DISTINCT over every unit (~38k on the snapshot: 4-26 ms).
    return this.db
      .prepare(
        `WITH RECURSIVE l(locale) AS (SELECT MIN(locale) FROM check_units
          UNION ALL SELECT (SELECT MIN(locale) FROM check_units WHERE locale > l.locale) FROM l WHERE l.locale IS NOT NULL)
        SELECT locale FROM l WHERE locale IS NOT NULL`,
      )
      .pluck()
      .all() as string[];
  }

  unitCount(): number {
    return this.db.prepare('SELECT COUNT(*) FROM check_units').pluck().get() as number;
  }

  /**
   * The units stored now, from the count check run `lastRun` recorded and the units this
   * repository added and deleted since (not a count of every unit: ~8 ms on the snapshot's 38k).
   * `verify` (tests) counts them too and throws on a difference.
   */
  unitCountSince(lastRun: number, verify = false): number {
    const last = this.db.prepare('SELECT units FROM check_runs WHERE run_id = ?').pluck().get(lastRun) as number | null | undefined;
    const count = last === null || last === undefined || this.#cleared ? this.unitCount() : last + this.#added - this.#deleted;
    if (verify && count !== this.unitCount()) throw new Error(`unit count ${count} from run ${lastRun}'s, ${this.unitCount()} stored`);
    return count;
  }

  /** Units inserted and deleted by this repository, and whether it cleared them all (unitCountSince). */
  #added = 0;
  #deleted = 0;
  #cleared = false;

  /**
   * Documents written or deleted by index runs after `sinceRun`: `added` when first seen since
   * (a file deleted earlier and back keeps its first run: the caller also asks whether it had a
   * unit), `deleted` when gone now.
   */
  changedDocuments(sinceRun: number): ChangedDocument[] {
    return (
      this.db
        .prepare(
          `SELECT id, locale, key, kind, path, first_seen_run > @run AS added, deleted_run IS NOT NULL AS deleted
          FROM documents WHERE changed_run > @run OR deleted_run > @run OR first_seen_run > @run`,
        )
        .all({ run: sinceRun }) as (Omit<ChangedDocument, 'added' | 'deleted'> & { added: number; deleted: number | null })[]
    ).map((d) => ({ ...d, added: d.added === 1, deleted: d.deleted === 1 }));
  }

  /** The dependency keys some unit read that start with `prefix` (a page's URL spellings, `url:<locale>:<key>=`). */
  readKeysStarting(prefix: string): string[] {
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return this.db.prepare('SELECT key FROM check_read_keys WHERE key >= ? AND key < ?').pluck().all(prefix, end) as string[];
  }

  /** A live document's stored frontmatter (null: none, or no live document with that id). */
  frontmatterOf(documentId: number): Record<string, unknown> | null {
    const json = this.db.prepare('SELECT frontmatter_json FROM documents WHERE id = ? AND deleted_run IS NULL').pluck().get(documentId) as
      string | null | undefined;
    return json ? (JSON.parse(json) as Record<string, unknown>) : null;
  }

  /** Units that read one of `keys` or a key starting with one of `prefixes`. */
  unitsReading(keys: Iterable<string>, prefixes: Iterable<string>): { locale: string; key: string }[] {
    const ids = new Set<number>();
    const exact = this.db.prepare('SELECT r.unit_id FROM check_read_keys k JOIN check_reads r ON r.key_id = k.id WHERE k.key = ?').pluck();
    const range = this.db.prepare('SELECT r.unit_id FROM check_read_keys k JOIN check_reads r ON r.key_id = k.id WHERE k.key >= ? AND k.key < ?').pluck();
    for (const key of keys) for (const id of exact.iterate(key) as IterableIterator<number>) ids.add(id);
    for (const prefix of prefixes) {
      const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      for (const id of range.iterate(prefix, end) as IterableIterator<number>) ids.add(id);
    }
    if (ids.size === 0) return [];
    return this.db.prepare('SELECT locale, key FROM check_units WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([...ids])) as {
      locale: string;
      key: string;
    }[];
  }

  /**
   * Stores a checked unit with what it read, replacing what it had. Its inverted reads
   * (check_reads) and new keys are written by `flush`, all units' at once: a statement per read
   * cost ~1 s per full run of the snapshot's four locales.
   */
  saveUnit(locale: string, key: string, shape: string, reads: ReadonlySet<string>, previous: StoredUnit | undefined): void {
    let list = '';
    for (const k of reads) list += (list === '' ? '' : ',') + this.#intern(k);
    const s = this.#stmts();
    if (previous) {
      if (previous.reads !== list) {
        for (const id of splitIds(previous.reads)) s.deleteRead.run(id, previous.id);
        this.#pendingUnits.push(previous.id);
      }
      if (previous.shape !== shape || previous.reads !== list) s.updateUnit.run(shape, list, previous.id);
      return;
    }
    if (this.#nextUnitId !== undefined) {
      // After clear(): ids from here, the rows written by flush() at once.
      const unitId = this.#nextUnitId++;
      this.#newUnits.push([unitId, locale, key, shape, list]);
      this.#added++;
      if (list !== '') this.#pendingUnits.push(unitId);
      return;
    }
    const unitId = Number(s.insertUnit.run(locale, key, shape, list).lastInsertRowid);
    this.#added++;
    if (list !== '') this.#pendingUnits.push(unitId);
  }

  /**
   * Writes what `saveUnit` left for later: new keys, and the saved units' rows of check_reads from
   * their `reads` lists. Any time in the run's transaction: the check run flushes after each locale,
   * so a full run does not hold every unit it saved.
   */
  flush(): void {
    if (this.#newUnits.length > 0) {
      this.db
        .prepare(
          'INSERT INTO check_units (id, locale, key, shape, reads) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)',
        )
        .run(JSON.stringify(this.#newUnits));
      this.#newUnits = [];
    }
    if (this.#pendingKeys.length > 0) {
      this.db
        .prepare('INSERT INTO check_read_keys (id, key) SELECT key + ?, value FROM json_each(?)')
        .run(this.#pendingKeyFirst, JSON.stringify(this.#pendingKeys));
      this.#pendingKeys = [];
    }
    if (this.#pendingUnits.length > 0) {
      const reads = `INSERT OR IGNORE INTO check_reads (key_id, unit_id)
        SELECT CAST(j.value AS INTEGER), u.id FROM check_units u, json_each('[' || u.reads || ']') j`;
      // After clear() every unit is new: those written since the last flush, without a list of ids.
      if (this.#nextUnitId !== undefined) {
        this.db.prepare(`${reads} WHERE u.id >= ?`).run(this.#unflushedUnit);
        this.#unflushedUnit = this.#nextUnitId;
      } else this.db.prepare(`${reads} WHERE u.id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(this.#pendingUnits));
      this.#pendingUnits = [];
    }
  }

  /** Forgets a unit that no longer exists. */
  deleteUnit(unit: StoredUnit): void {
    const s = this.#stmts();
    for (const id of splitIds(unit.reads)) s.deleteRead.run(id, unit.id);
    this.#deleted += s.deleteUnit.run(unit.id).changes;
  }

  /**
   * Redirect entries (the first per old key, as the checks read them) that differ from the copy
   * the last check run kept, as `locale` + old key; the copy is brought up to date. An entry
   * belongs to a document (its redirect_from, or a redirect file's line stored with the page it
   * leads to), so only the old keys of the changed `documents`' entries, as they are now and as
   * the copy has them, can differ: those are compared, one by one. A copy kept before it named
   * each entry's document (migration 019) is compared whole for the changed documents' locales,
   * then kept again with them.
   *
   * `touched`, when given, is told every entry of the changed documents (changed or not) with the
   * keys it leads to now and in the copy, or `null` for a copy compared whole (which names none).
   */
  changedRedirects(
    documents: readonly ChangedDocument[],
    touched?: (entry: { locale: string; from_key: string; to_keys: string[] } | null) => void,
  ): { locale: string; from_key: string }[] {
    if (documents.length === 0) return [];
    if (this.db.prepare('SELECT 1 FROM check_redirects WHERE document_id IS NULL LIMIT 1').pluck().get() !== undefined) {
      touched?.(null);
      const changed = this.#changedRedirectsOf([...new Set(documents.map((d) => d.locale))]);
      this.snapshotRedirects();
      return changed;
    }
    const ids = JSON.stringify(documents.map((d) => d.id));
    const keys = this.db
      .prepare(
        `SELECT locale, from_key FROM redirects WHERE document_id IN (SELECT value FROM json_each(@ids))
        UNION SELECT locale, from_key FROM check_redirects WHERE document_id IN (SELECT value FROM json_each(@ids))`,
      )
      .raw()
      .all({ ids }) as [string, string][];
    const current = this.db.prepare('SELECT to_key, document_id FROM redirects WHERE locale = ? AND from_key = ? ORDER BY rowid LIMIT 1').raw();
    const kept = this.db.prepare('SELECT to_key, document_id FROM check_redirects WHERE locale = ? AND from_key = ?').raw();
    const put = this.db.prepare(
      `INSERT INTO check_redirects (locale, from_key, to_key, document_id) VALUES (?, ?, ?, ?)
      ON CONFLICT (locale, from_key) DO UPDATE SET to_key = excluded.to_key, document_id = excluded.document_id`,
    );
    const drop = this.db.prepare('DELETE FROM check_redirects WHERE locale = ? AND from_key = ?');
    const changed: { locale: string; from_key: string }[] = [];
    for (const [locale, from] of keys) {
      const now = current.get(locale, from) as [string, number] | undefined;
      const before = kept.get(locale, from) as [string, number] | undefined;
      if (now?.[0] !== before?.[0]) changed.push({ locale, from_key: from });
      if (touched) touched({ locale, from_key: from, to_keys: [now?.[0], before?.[0]].filter((k): k is string => k !== undefined) });
      // The entry's document too: the next change of that document looks this key up.
      if (!now) drop.run(locale, from);
      else if (now[0] !== before?.[0] || now[1] !== before[1]) put.run(locale, from, now[0], now[1]);
    }
    return changed;
  }

  /** changedRedirects compared whole for `locales` (a copy without documents). */
  #changedRedirectsOf(locales: readonly string[]): { locale: string; from_key: string }[] {
    const only = 'AND locale IN (SELECT value FROM json_each(@locales))';
    return this.db
      .prepare(
        `WITH cur AS (SELECT locale, from_key, to_key FROM (${CURRENT_REDIRECTS}) WHERE 1 ${only}),
          kept AS (SELECT locale, from_key, to_key FROM check_redirects WHERE 1 ${only})
        SELECT locale, from_key FROM (SELECT * FROM cur EXCEPT SELECT * FROM kept)
        UNION SELECT locale, from_key FROM (SELECT * FROM kept EXCEPT SELECT * FROM cur)`,
      )
      .all({ locales: JSON.stringify(locales) }) as { locale: string; from_key: string }[];
  }

  /**
   * The changed documents whose entry (live or not, kind, path: what `exists:<locale>:<key>`
   * stands for) differs from the copy the last check run kept; the copy is brought up to date.
   */
  changedEntries(documents: readonly ChangedDocument[]): ChangedDocument[] {
    const get = this.db.prepare('SELECT kind, path FROM check_entries WHERE locale = ? AND key = ?');
    const put = this.db.prepare(
      'INSERT INTO check_entries (locale, key, kind, path) VALUES (?, ?, ?, ?) ON CONFLICT (locale, key) DO UPDATE SET kind = excluded.kind, path = excluded.path',
    );
    const drop = this.db.prepare('DELETE FROM check_entries WHERE locale = ? AND key = ?');
    const out: ChangedDocument[] = [];
    for (const d of documents) {
      const kept = get.get(d.locale, d.key) as { kind: string; path: string } | undefined;
      // Gone now: changed, unless it was neither there at the last run nor is now (added and deleted since).
      if (d.deleted) {
        if (kept || !d.added) out.push(d);
        if (kept) drop.run(d.locale, d.key);
      } else if (!kept || kept.kind !== d.kind || kept.path !== d.path) {
        out.push(d);
        put.run(d.locale, d.key, d.kind, d.path);
      }
    }
    return out;
  }

  /** Keeps a copy of today's live documents' entries (a full run: nothing to compare with). */
  snapshotEntries(): void {
    this.db.exec(
      'DELETE FROM check_entries; INSERT INTO check_entries (locale, key, kind, path) SELECT locale, key, kind, path FROM documents WHERE deleted_run IS NULL',
    );
  }

  /** Keeps a copy of today's redirect entries (a full run, after clear(): nothing to compare with). */
  snapshotRedirects(): void {
    this.db.exec(`DELETE FROM check_redirects; INSERT INTO check_redirects (locale, from_key, to_key, document_id) ${CURRENT_REDIRECTS}`);
  }

  /** The stale bases' digests the last check run saw, by `locale\0key`. */
  baseDigests(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [locale, key, digest] of this.db.prepare('SELECT locale, key, digest FROM check_bases').raw().iterate() as IterableIterator<
      [string, string, string]
    >) {
      out.set(`${locale}\0${key}`, digest);
    }
    return out;
  }

  /** The stored digests of some translations' bases (`locale\0key`), as baseDigests keys them. */
  baseDigestsOf(ids: Iterable<string>): Map<string, string> {
    const pairs = [...ids].map((id) => id.split('\0'));
    const out = new Map<string, string>();
    const rows = this.db
      .prepare('SELECT b.locale, b.key, b.digest FROM json_each(?) j JOIN check_bases b ON b.locale = j.value ->> 0 AND b.key = j.value ->> 1')
      .raw()
      .iterate(JSON.stringify(pairs)) as IterableIterator<[string, string, string]>;
    for (const [locale, key, digest] of rows) out.set(`${locale}\0${key}`, digest);
    return out;
  }

  /** Records the stale bases' digests that changed (null: no base now), in two statements: a full run has one per translation. */
  setBaseDigests(changes: readonly (readonly [locale: string, key: string, digest: string | null])[]): void {
    if (changes.length === 0) return;
    const gone = changes.filter((c) => c[2] === null);
    if (gone.length > 0) {
      this.db.prepare('DELETE FROM check_bases WHERE (locale, key) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))').run(JSON.stringify(gone));
    }
    if (gone.length < changes.length) {
      this.db
        .prepare(
          `INSERT INTO check_bases (locale, key, digest) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE value ->> 2 IS NOT NULL
          ON CONFLICT (locale, key) DO UPDATE SET digest = excluded.digest`,
        )
        .run(JSON.stringify(changes));
    }
  }

  /** Translations (not `sourceLocale`) with a live paragraph whose text hash is one of `hashes`. */
  documentsWithParagraphs(sourceLocale: string, hashes: Iterable<string>): { locale: string; key: string }[] {
    const list = [...hashes];
    if (list.length === 0) return [];
    return this.db
      .prepare(
        `SELECT DISTINCT d.locale, d.key FROM paragraphs p JOIN documents d ON d.id = p.document_id
        WHERE p.text_hash IN (SELECT value FROM json_each(?)) AND d.locale <> ? AND d.deleted_run IS NULL`,
      )
      .all(JSON.stringify(list), sourceLocale) as { locale: string; key: string }[];
  }

  #intern(key: string): number {
    let id = this.#keyId.get(key);
    if (id !== undefined) return id;
    if (this.#nextKeyId !== undefined) {
      // After clear(): every key not in the map is new.
      if (this.#pendingKeys.length === 0) this.#pendingKeyFirst = this.#nextKeyId;
      this.#pendingKeys.push(key);
      id = this.#nextKeyId++;
    } else {
      const s = this.#stmts();
      id = s.keyId.get(key) as number | undefined;
      if (id === undefined) id = Number(s.insertKey.run(key).lastInsertRowid);
    }
    this.#keyId.set(key, id);
    return id;
  }

  /** Set by clear(): the id the next new key gets (the keys are all in #keyId). */
  #nextKeyId: number | undefined;
  /** New keys not written yet (flush), the first with id #pendingKeyFirst. */
  #pendingKeys: string[] = [];
  #pendingKeyFirst = 1;
  /** Set by clear(): the id the next new unit gets. */
  #nextUnitId: number | undefined;
  /** After clear(): the first unit whose check_reads rows flush() has not written. */
  #unflushedUnit = 1;
  /** New units not written yet (flush): id, locale, key, shape, reads. */
  #newUnits: [number, string, string, string, string][] = [];
  /** Units whose check_reads rows are to be written from their reads list (flush). */
  #pendingUnits: number[] = [];

  #s: ReturnType<typeof prepare> | undefined;
  #stmts() {
    return (this.#s ??= prepare(this.db));
  }
}

/** The redirect entries as the checks read them: the first per (locale, old key), with the document each belongs to. */
const CURRENT_REDIRECTS =
  'SELECT locale, from_key, to_key, document_id FROM redirects r WHERE rowid = (SELECT MIN(rowid) FROM redirects WHERE locale = r.locale AND from_key = r.from_key)';

function prepare(db: Db) {
  return {
    keyId: db.prepare('SELECT id FROM check_read_keys WHERE key = ?').pluck(),
    insertKey: db.prepare('INSERT INTO check_read_keys (key) VALUES (?)'),
    deleteRead: db.prepare('DELETE FROM check_reads WHERE key_id = ? AND unit_id = ?'),
    insertUnit: db.prepare('INSERT INTO check_units (locale, key, shape, reads) VALUES (?, ?, ?, ?)'),
    updateUnit: db.prepare('UPDATE check_units SET shape = ?, reads = ? WHERE id = ?'),
    deleteUnit: db.prepare('DELETE FROM check_units WHERE id = ?'),
    unitsOf: db.prepare('SELECT id, key, shape, reads FROM check_units WHERE locale = ?'),
    unit: db.prepare('SELECT id, shape, reads FROM check_units WHERE locale = ? AND key = ?'),
  };
}

function splitIds(list: string): number[] {
  return list === '' ? [] : list.split(',').map(Number);
}
