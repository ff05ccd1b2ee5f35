import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { copySample, openTestIndex } from './helpers.ts';

/** A tree big enough for parser threads: the sample plus eight locales that copy English. */
function biggerSite(): string {
  const root = copySample();
  for (const locale of ['fr-FR', 'it-IT', 'ko-KR', 'ru-RU', 'nl-NL', 'pl-PL', 'sv-SE', 'tr-TR']) {
    for (const sub of ['content', 'data']) fs.cpSync(path.join(root, sub), path.join(root, 'translations', locale, sub), { recursive: true });
  }
  return root;
}

describe('parser threads', () => {
  it('give the same documents, sections and paragraphs as parsing on the main thread', async () => {
    const root = biggerSite();
    const threaded = openTestIndex(root, { workers: 2 });
    const inline = openTestIndex(root, { workers: 0 });
    const a = await threaded.index();
    const b = await inline.index();
    expect(a.filesSeen).toBeGreaterThan(150);
    expect(a).toMatchObject({ parsed: b.parsed, parseErrors: 0 });
    const da = new DocumentsRepository(threaded.db);
    const db = new DocumentsRepository(inline.db);
    const rows = (r: DocumentsRepository) => r.liveDocuments().map((d) => [d.locale, d.key, d.content_hash, d.title]);
    expect(rows(da)).toEqual(rows(db));
    for (const d of db.liveDocuments()) {
      const other = da.get(d.locale, d.key)!;
      expect(da.sections(other.id).map((s) => s.skeleton_hash)).toEqual(db.sections(d.id).map((s) => s.skeleton_hash));
      expect(da.paragraphs(other.id).map((p) => [p.text_hash, p.lang])).toEqual(db.paragraphs(d.id).map((p) => [p.text_hash, p.lang]));
    }
    threaded.close();
    inline.close();
  });
});
