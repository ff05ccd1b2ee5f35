import { describe, expect, it } from 'vitest';
import { migrate } from '../../db/index.ts';
import { CheckDocumentsRepository, englishParagraphHashes, lazySite, loadEnglishRedirects } from '../../db/repositories/check-documents.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { loadSite } from '../../server/run-checks.ts';
import type { CheckDocument } from '../../server/checks/types.ts';
import { proseOf } from '../../server/checks/lib/text.ts';
import { TRANSLATED_FIELDS } from '../../server/checks/untranslated-field.ts';
import { detectLanguage, languageOfLocale } from '../../server/indexer/language.ts';
import { ARTICLE_FILE, copySample, indexRoot, readSample, writeFile } from './helpers.ts';

/**
 * The checks load each document from its row in check_inputs, the only store of its links and
 * Liquid references since migration 023, which built the input of every document indexed before
 * check inputs existed from its child rows. Both must give the checks the same input.
 */
describe('check input', () => {
  it('is the same as migration 023 builds it from the child tables of an older index, and the findings do not move', async () => {
    const site = await indexRoot(copySample());
    try {
      const db = site.db;
      const packedCount = db
        .prepare('SELECT COUNT(*) FROM documents d JOIN check_inputs c ON c.document_id = d.id WHERE d.deleted_run IS NULL')
        .pluck()
        .get() as number;
      expect(packedCount).toBeGreaterThan(20);
      const fromJson = JSON.stringify(snapshot(db, site.config));
      const before = site.findings.list({ status: 'open', limit: 10_000 }).items;
      expect(before.length).toBeGreaterThan(50);
      // untranslated-field reads the languages the indexer identified: the very verdicts it would reach itself.
      const loaded = loadSite(db, site.config.layout);
      let judged = 0;
      for (const locale of loaded.locales) {
        for (const doc of loaded.documents.get(locale)!.values()) {
          if (doc.row.kind !== 'page' || !doc.frontmatter) continue;
          for (const field of TRANSLATED_FIELDS) {
            const value = doc.frontmatter[field];
            if (typeof value !== 'string') continue;
            expect(doc.fieldLanguages?.get(field), `${locale} ${doc.row.key} ${field}`).toEqual(
              detectLanguage(proseOf(loaded.lookups, value), languageOfLocale(locale)),
            );
            judged++;
          }
        }
      }
      expect(judged).toBeGreaterThan(15);
      expect(before.some((f) => f.check_id === 'untranslated-field' && f.message_id === 'english')).toBe(true);

      // The API's rows of a document: its links, and its Liquid references with every raw text (most of them in liquid_raw).
      const documents = new DocumentsRepository(db);
      const live = db.prepare('SELECT id FROM documents WHERE deleted_run IS NULL ORDER BY id').pluck().all() as number[];
      const rowsOf = () => live.map((id) => ({ links: documents.links(id), liquid: documents.liquidRefs(id) }));
      const apiRows = rowsOf();
      expect(apiRows.flatMap((r) => r.liquid).filter((l) => l.kind === 'reusable' && l.raw.startsWith('{% data reusables.')).length).toBeGreaterThan(5);
      expect(apiRows.flatMap((r) => r.links).length).toBeGreaterThan(50);

      // As an index of an older release left it, upgraded: the links and references in their tables, no check input
      // for English and ja-JP (a mixed index, some documents parsed again since an upgrade), then for none.
      for (const without of ["WHERE document_id IN (SELECT id FROM documents WHERE locale IN ('en', 'ja-JP'))", '']) {
        db.exec(`CREATE TABLE links (document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
            section INTEGER NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, line INTEGER NOT NULL, text TEXT NOT NULL);
          CREATE TABLE liquid_refs (document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
            section INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, line INTEGER NOT NULL, raw TEXT NOT NULL);`);
        const link = db.prepare('INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?)');
        const ref = db.prepare('INSERT INTO liquid_refs VALUES (?, ?, ?, ?, ?, ?, ?)');
        for (const { links, liquid } of apiRows) {
          for (const l of links) link.run(l.document_id, l.ordinal, l.section, l.target, l.kind, l.line, l.text);
          for (const q of liquid) ref.run(q.document_id, q.ordinal, q.section, q.kind, q.name, q.line, q.raw);
        }
        db.exec(`DELETE FROM check_inputs ${without}; ALTER TABLE check_inputs DROP COLUMN liquid_raw; DELETE FROM migrations WHERE id = 23`);
        expect(migrate(db)).toBe(1);
        expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('links', 'liquid_refs')").all()).toEqual([]);
        expect(db.prepare('SELECT COUNT(*) FROM check_inputs').pluck().get()).toBe(packedCount);
        expect(JSON.stringify(snapshot(db, site.config))).toBe(fromJson);
        expect(rowsOf()).toEqual(apiRows);
      }
      // The next run's checks find the same.
      await site.reindex();
      const after = site.findings.list({ status: 'open', limit: 10_000 }).items;
      expect(after.map((f) => [f.fingerprint, f.message, f.data_json, f.line])).toEqual(before.map((f) => [f.fingerprint, f.message, f.data_json, f.line]));
      expect(after.every((f) => f.status === 'open')).toBe(true);
    } finally {
      site.close();
    }
  });
});

describe('a live document without a check input', () => {
  it('fails the load loudly, never read as empty', async () => {
    const site = await indexRoot(copySample());
    try {
      const db = site.db;
      const source = site.config.layout.sourceLocale;
      db.prepare("DELETE FROM check_inputs WHERE document_id = (SELECT id FROM documents WHERE locale = 'ja-JP' AND kind = 'page' LIMIT 1)").run();
      const reparse = /has no check input: run `l10n-drift index --reparse`/;
      expect(() => new CheckDocumentsRepository(db).site(source)).toThrow(reparse);
      const lazy = lazySite(db, source, englishParagraphHashes(db, source));
      expect(() => [...lazy.documents.get('ja-JP')!.values()].map((d) => d.sections.length)).toThrow(reparse);
    } finally {
      site.close();
    }
  });
});

describe('a lazily loaded site', () => {
  it('reads each document by key as asked, the same as the eager load, and every row when walked', async () => {
    const root = copySample();
    // A paragraph of no language both in English and in a translation: the translation's is loaded for being English's.
    for (const rel of [ARTICLE_FILE, `translations/ja-JP/${ARTICLE_FILE}`])
      writeFile(root, rel, readSample(rel).replace(/\n## /, '\n\n.github/workflows/licence-sync.yml\n\n## '));
    const site = await indexRoot(root);
    try {
      const db = site.db;
      const source = site.config.layout.sourceLocale;
      const eager = new CheckDocumentsRepository(db).site(source);
      const view = (d: CheckDocument | undefined) =>
        d && { row: d.row, frontmatter: d.frontmatter, sections: d.sections, links: d.links, paragraphs: d.paragraphs };
      // Read key by key, and (wholeAfter 2) switching to the whole locale after two keys.
      for (const wholeAfter of [undefined, 2]) {
        const lazy = lazySite(db, source, englishParagraphHashes(db, source), wholeAfter);
        expect([...lazy.documents.keys()]).toEqual([...eager.documents.keys()]);
        for (const [locale, docs] of eager.documents) {
          const part = lazy.documents.get(locale)!;
          const keys = [...docs.keys()];
          // A few keys asked for one by one (and one that is not there), before the locale is walked.
          const asked = keys.filter((_, i) => i % 3 === 0);
          for (const key of asked) expect(view(part.get(key))).toEqual(view(docs.get(key)));
          expect(part.get('no/such/page')).toBeUndefined();
          expect(part.has('no/such/page')).toBe(false);
          const first = asked.map((k) => part.get(k));
          // Keys alone, then the walk: every row in the index's order, the documents already read the same objects.
          expect([...part.keys()]).toEqual(keys);
          expect([...part].map(([k]) => k)).toEqual(keys);
          expect(part.size).toBe(docs.size);
          expect(asked.map((k) => part.get(k))).toEqual(first);
          for (const [i, k] of asked.entries()) expect(part.get(k)).toBe(first[i]);
          for (const [key, d] of part) expect(view(d)).toEqual(view(docs.get(key)));
          expect(() => part.set('x', part.get(keys[0]!)!)).toThrow(/read-only/);
        }
      }
      // English's paragraph hashes asked of the index instead of a set: the same paragraphs (a translated one equal to English's loaded whole).
      const indexed = lazySite(db, source, 'index');
      let equal = 0;
      for (const [locale, docs] of eager.documents) {
        for (const [key, d] of docs) {
          expect(view(indexed.documents.get(locale)!.get(key))).toEqual(view(d));
          if (locale !== source) equal += d.paragraphs.filter((p) => p.text === '.github/workflows/licence-sync.yml').length;
        }
      }
      expect(equal).toBe(1);
      // Redirect entries by old key and by the key they lead to, then walked: as the whole map has them.
      for (const [locale, wholeAfter] of [...eager.documents.keys()].flatMap(
        (l) =>
          [
            [l, undefined],
            [l, 2],
          ] as const,
      )) {
        const whole = loadEnglishRedirects(db, locale);
        const part = lazySite(db, source, 'index', wholeAfter);
        const entries = part.redirects(locale);
        const leadingTo = (to: string) => [...whole].filter(([, t]) => t === to).map(([f]) => f);
        for (const [from, to] of whole) {
          expect(entries.get(from)).toBe(to);
          expect(part.redirectsTo!(locale, to)).toEqual(leadingTo(to));
        }
        expect(entries.get('no/such/key')).toBeUndefined();
        expect(part.redirectsTo!(locale, 'no/such/key')).toEqual([]);
        expect([...entries]).toEqual([...whole]);
        for (const to of new Set(whole.values())) expect(part.redirectsTo!(locale, to)).toEqual(leadingTo(to));
      }
      expect(loadEnglishRedirects(db, source).size).toBeGreaterThan(3);
      // Variables files by kind, without walking the locale.
      const fresh = lazySite(db, source, englishParagraphHashes(db, source));
      const variables = [...fresh.documentsOfKind!(source, 'variables')].map((d) => d.row.key);
      expect(variables).toEqual([...eager.documents.get(source)!.values()].filter((d) => d.row.kind === 'variables').map((d) => d.row.key));
    } finally {
      site.close();
    }
  });
});

describe('a document parsed again', () => {
  it('gets its new check input, the same as a first index gives it', async () => {
    const root = copySample();
    const site = await indexRoot(root);
    try {
      const rel = `translations/ja-JP/${ARTICLE_FILE}`;
      const inputOf = (db: typeof site.db) =>
        db.prepare('SELECT c.json FROM check_inputs c JOIN documents d ON d.id = c.document_id WHERE d.path = ?').pluck().get(rel) as string | undefined;
      const before = inputOf(site.db);
      // A new paragraph, and an English sentence the check input carries whole.
      writeFile(root, rel, readSample(rel).replace(/\n## /, '\n\n追加の段落です。 This sentence was left in English by the translator.\n\n## '));
      await site.reindex();
      const missing = site.db
        .prepare('SELECT COUNT(*) FROM documents d WHERE d.deleted_run IS NULL AND NOT EXISTS (SELECT 1 FROM check_inputs c WHERE c.document_id = d.id)')
        .pluck()
        .get();
      expect(missing).toBe(0);
      const stored = inputOf(site.db)!;
      expect(stored).not.toBe(before);
      expect(stored).toContain('This sentence was left in English');

      // A first index of the same files stores the same input.
      const fresh = await indexRoot(root);
      try {
        expect(inputOf(fresh.db)).toBe(stored);
      } finally {
        fresh.close();
      }
    } finally {
      site.close();
    }
  });
});

/** What the checks see of every document, lazily loaded columns included. */
function snapshot(db: Parameters<typeof loadSite>[0], config: { layout: Parameters<typeof loadSite>[1] }) {
  const site = loadSite(db, config.layout);
  const out: unknown[] = [];
  for (const [locale, docs] of [...site.documents].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const [key, d] of [...docs].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push({
        locale,
        key,
        // toJSON of loaded rows includes the columns fetched on access.
        sections: d.sections,
        links: d.links,
        liquid: d.liquid,
        paragraphs: d.paragraphs,
        languages: d.paragraphLanguages ? [...d.paragraphLanguages].sort() : null,
      });
    }
  }
  return out;
}
