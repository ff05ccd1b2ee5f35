import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { CheckDependenciesRepository } from '../../db/repositories/check-dependencies.ts';

const KEY = 'admin/configuration/enabling-automatic-user-license-sync';
const OTHER = 'get-started/quickstart';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function open(): Db {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-deps-'));
  return openDb(path.join(dir, 'drift.db'));
}

const units = (deps: CheckDependenciesRepository, keys: string[], prefixes: string[] = []) =>
  deps
    .unitsReading(keys, prefixes)
    .map((u) => `${u.locale} ${u.key}`)
    .sort();

// The rows a run writes are batched (flush): what a later run asks must be what was saved, whichever way it was written.
describe('CheckDependenciesRepository', () => {
  it('a full run (after clear) writes units, keys and reads at flush, and the next run finds them by key and prefix', () => {
    const db = open();
    try {
      const full = new CheckDependenciesRepository(db);
      full.clear();
      full.saveUnit('de-DE', KEY, 'shape-1', new Set([`doc:de-DE:${KEY}`, `doc:en:${KEY}`, 'var:de-DE:variables.product.prodname_ghe_server']), undefined);
      full.saveUnit('ja-JP', KEY, 'shape-2', new Set([`doc:ja-JP:${KEY}`, `doc:en:${KEY}`, 'redirect:en:/enterprise/admin']), undefined);
      full.saveUnit('ja-JP', OTHER, 'shape-3', new Set(), undefined);
      // Nothing is written before flush.
      expect(full.unitCount()).toBe(0);
      full.flush();
      expect(full.unitCount()).toBe(3);
      expect(db.prepare('SELECT COUNT(*) FROM check_read_keys').pluck().get()).toBe(5);
      expect(db.prepare('SELECT COUNT(*) FROM check_reads').pluck().get()).toBe(6);

      const next = new CheckDependenciesRepository(db);
      expect(units(next, [`doc:en:${KEY}`])).toEqual([`de-DE ${KEY}`, `ja-JP ${KEY}`]);
      expect(units(next, [], ['var:de-DE:variables.product.'])).toEqual([`de-DE ${KEY}`]);
      expect(units(next, ['redirect:en:/enterprise/admin'])).toEqual([`ja-JP ${KEY}`]);
      expect(next.unit('ja-JP', OTHER)).toMatchObject({ shape: 'shape-3', reads: '' });
      expect(next.unitsOf('de-DE').get(KEY)?.shape).toBe('shape-1');
    } finally {
      db.close();
    }
  });

  it('a full run flushed after each locale writes the same units, keys and reads as one flush at its end', () => {
    const reads = (db: Db) =>
      db
        .prepare('SELECT u.locale, u.key, k.key AS read FROM check_reads r JOIN check_units u ON u.id = r.unit_id JOIN check_read_keys k ON k.id = r.key_id')
        .all()
        .map((r) => JSON.stringify(r))
        .sort();
    const save = (deps: CheckDependenciesRepository, locale: string) => {
      deps.saveUnit(locale, KEY, `shape-${locale}`, new Set([`doc:${locale}:${KEY}`, `doc:en:${KEY}`, `exists:${locale}:${OTHER}`]), undefined);
      deps.saveUnit(locale, OTHER, `shape-${locale}-2`, new Set([`doc:${locale}:${OTHER}`, `doc:en:${OTHER}`]), undefined);
    };
    const once = open();
    const onceDir = dir;
    dir = undefined;
    const perLocale = open();
    try {
      const a = new CheckDependenciesRepository(once);
      a.clear();
      for (const locale of ['de-DE', 'ja-JP', 'pt-BR']) save(a, locale);
      a.flush();
      const b = new CheckDependenciesRepository(perLocale);
      b.clear();
      for (const locale of ['de-DE', 'ja-JP', 'pt-BR']) (save(b, locale), b.flush());
      b.flush();
      expect(reads(perLocale)).toEqual(reads(once));
      // Each unit's reads once (2 units × 3 locales: 3 and 2 keys each), the English keys shared.
      expect(reads(perLocale)).toHaveLength(15);
      expect(units(new CheckDependenciesRepository(perLocale), [`doc:en:${KEY}`])).toEqual(['de-DE ' + KEY, 'ja-JP ' + KEY, 'pt-BR ' + KEY]);
    } finally {
      once.close();
      perLocale.close();
      fs.rmSync(onceDir!, { recursive: true, force: true });
    }
  });

  it('an incremental run replaces a unit’s reads, adds units and keys beside the stored ones, and forgets deleted units', () => {
    const db = open();
    try {
      const full = new CheckDependenciesRepository(db);
      full.clear();
      full.saveUnit('de-DE', KEY, 'shape-1', new Set([`doc:de-DE:${KEY}`, `doc:en:${KEY}`]), undefined);
      full.saveUnit('ja-JP', KEY, 'shape-2', new Set([`doc:ja-JP:${KEY}`, `doc:en:${KEY}`]), undefined);
      full.flush();

      const run = new CheckDependenciesRepository(db);
      // de-DE now reads another English page instead of its own (a link changed), under a new shape.
      run.saveUnit('de-DE', KEY, 'shape-1b', new Set([`doc:de-DE:${KEY}`, `doc:en:${OTHER}`]), run.unit('de-DE', KEY));
      // A translation added since: a new unit, reading a stored key and a new one.
      run.saveUnit('de-DE', OTHER, 'shape-4', new Set([`doc:en:${KEY}`, `doc:de-DE:${OTHER}`]), undefined);
      run.deleteUnit(run.unit('ja-JP', KEY)!);
      run.flush();

      const after = new CheckDependenciesRepository(db);
      expect(units(after, [`doc:en:${KEY}`])).toEqual([`de-DE ${OTHER}`]);
      expect(units(after, [`doc:en:${OTHER}`])).toEqual([`de-DE ${KEY}`]);
      expect(units(after, [`doc:ja-JP:${KEY}`])).toEqual([]);
      expect(after.unit('de-DE', KEY)?.shape).toBe('shape-1b');
      // Each key once: the stored ones were reused, not added again.
      const keys = db.prepare('SELECT key FROM check_read_keys ORDER BY key').pluck().all();
      expect(keys).toEqual([...new Set(keys)]);
      expect(keys).toContain(`doc:de-DE:${OTHER}`);
    } finally {
      db.close();
    }
  });

  it('tells which changed documents a link to them sees changed: came, went, moved under their key or changed kind, not edited', () => {
    const db = open();
    try {
      const deps = new CheckDependenciesRepository(db);
      const doc = (key: string, path: string, o: { kind?: string; added?: boolean; deleted?: boolean } = {}) => ({
        id: 1,
        locale: 'en',
        key,
        path,
        kind: o.kind ?? 'page',
        added: o.added ?? false,
        deleted: o.deleted ?? false,
      });
      const changed = (docs: ReturnType<typeof doc>[]) => deps.changedEntries(docs).map((d) => d.key);
      // Nothing kept (a database from before check_entries): every changed document counts.
      expect(changed([doc(KEY, `content/${KEY}.md`), doc(OTHER, `content/${OTHER}.md`, { added: true })])).toEqual([KEY, OTHER]);
      // Edited in place: the same entry.
      expect(changed([doc(KEY, `content/${KEY}.md`), doc(OTHER, `content/${OTHER}.md`)])).toEqual([]);
      // Moved under its key (`x.md` → `x/index.md`), or another kind: changed once, then kept.
      expect(changed([doc(KEY, `content/${KEY}/index.md`), doc(OTHER, `content/${OTHER}.md`, { kind: 'reusable' })])).toEqual([KEY, OTHER]);
      expect(changed([doc(KEY, `content/${KEY}/index.md`)])).toEqual([]);
      // Gone: changed; came and went between two runs, never seen: not changed; gone without a kept entry: changed.
      expect(changed([doc(KEY, `content/${KEY}/index.md`, { deleted: true }), doc('new', 'content/new.md', { added: true, deleted: true })])).toEqual([KEY]);
      expect(changed([doc('old', 'content/old.md', { deleted: true })])).toEqual(['old']);
      expect(db.prepare('SELECT key FROM check_entries ORDER BY key').pluck().all()).toEqual([OTHER]);
    } finally {
      db.close();
    }
  });

  it('records stale-base digests in a batch: new, changed and gone', () => {
    const db = open();
    try {
      const deps = new CheckDependenciesRepository(db);
      deps.setBaseDigests([
        ['de-DE', KEY, 'digest-a'],
        ['ja-JP', KEY, 'digest-b'],
      ]);
      deps.setBaseDigests([
        ['de-DE', KEY, 'digest-c'],
        ['ja-JP', KEY, null],
        ['ja-JP', OTHER, 'digest-d'],
      ]);
      expect([...deps.baseDigests()].sort()).toEqual([
        [`de-DE\0${KEY}`, 'digest-c'],
        [`ja-JP\0${OTHER}`, 'digest-d'],
      ]);
    } finally {
      db.close();
    }
  });
});
