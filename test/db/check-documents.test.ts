import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { CheckDocumentsRepository, englishParagraphHashes, lazySite, unloadContent } from '../../db/repositories/check-documents.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import type { CheckDocument } from '../../server/shared/documents.ts';

// A full check run loads documents as checks touch them (lazySite) and lets go of a locale's once
// it is checked (unloadContent): what it reads must be what the eager load of every document gives.
let dir: string;
let db: Db;
const SOURCE = 'en';

/** An object's fields, those its class reads on access (getters) included, as plain data. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (!value || typeof value !== 'object' || value instanceof Set || value instanceof Map) return value;
  const out: Record<string, unknown> = {};
  for (let o: object | null = value; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) if (name !== 'constructor' && !(name in out)) out[name] = plain((value as Record<string, unknown>)[name]);
  }
  return out;
}

/** Every field a check reads of a document. */
const content = (d: CheckDocument) =>
  plain({
    row: d.row,
    frontmatter: d.frontmatter,
    frontmatterLines: d.frontmatterLines,
    sections: d.sections,
    links: d.links,
    liquid: d.liquid,
    paragraphs: d.paragraphs,
    paragraphLanguages: d.paragraphLanguages,
    fieldLanguages: d.fieldLanguages,
  });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-check-documents-'));
  const root = path.resolve('content/license-sync');
  const config = resolveConfig({ root, db: path.join(dir, 'drift.db'), workers: 0 }, root, null);
  db = openDb(path.join(dir, 'drift.db'));
  await indexSite({ config, db, now: () => new Date('2026-03-02T09:00:00Z') });
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('documents loaded on demand', () => {
  it('read what the eager load reads, document by document', () => {
    const eager = new CheckDocumentsRepository(db).site(SOURCE);
    const lazy = lazySite(db, SOURCE, englishParagraphHashes(db, SOURCE));
    expect([...lazy.documents.keys()]).toEqual([...eager.documents.keys()].sort((a, b) => (a === SOURCE ? -1 : b === SOURCE ? 1 : 0)));
    let compared = 0;
    for (const [locale, docs] of eager.documents) {
      for (const [key, doc] of docs) {
        expect(content(lazy.documents.get(locale)!.get(key)!), `${locale} ${key}`).toEqual(content(doc));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('let go of their content when unloaded and read it again, the same, when asked', () => {
    const lazy = lazySite(db, SOURCE, englishParagraphHashes(db, SOURCE));
    const locale = [...lazy.documents.keys()].find((l) => l !== SOURCE)!;
    const docs = [...lazy.documents.get(locale)!.values()];
    const before = docs.map((d) => d.sections);
    const values = docs.map(content);
    unloadContent(docs);
    // Read again: new arrays with the same content.
    docs.forEach((d, i) => expect(d.sections).not.toBe(before[i]));
    expect(docs.map(content)).toEqual(values);
    // Without an unload, the loaded content stays.
    docs.forEach((d) => expect(d.sections).toBe(d.sections));
  });
});
