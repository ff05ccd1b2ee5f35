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
    // Parser threads send rows ready to store (documentRows): every stored column is the same
    // as when the main thread parses and encodes them itself.
    const withoutIds = <T extends object>(rows: T[]) =>
      rows.map((r) => ({ ...r, id: undefined, document_id: undefined, first_seen_run: undefined, changed_run: undefined }));
    const extra = (t: ReturnType<typeof openTestIndex>, id: number) => ({
      checkInput: t.db.prepare('SELECT json FROM check_inputs WHERE document_id = ?').pluck().get(id),
      versions: t.db.prepare('SELECT content_hash, sections_json, frontmatter_json FROM document_versions WHERE document_id = ?').all(id),
      redirects: t.db.prepare('SELECT locale, from_key, to_key FROM redirects WHERE document_id = ? ORDER BY rowid').all(id),
    });
    let paragraphs = 0;
    for (const d of db.liveDocuments()) {
      const other = da.get(d.locale, d.key)!;
      expect(withoutIds([other])).toEqual(withoutIds([d]));
      expect(withoutIds(da.sections(other.id))).toEqual(withoutIds(db.sections(d.id)));
      expect(withoutIds(da.links(other.id))).toEqual(withoutIds(db.links(d.id)));
      expect(withoutIds(da.liquidRefs(other.id))).toEqual(withoutIds(db.liquidRefs(d.id)));
      expect(withoutIds(da.paragraphs(other.id))).toEqual(withoutIds(db.paragraphs(d.id)));
      expect(extra(threaded, other.id)).toEqual(extra(inline, d.id));
      paragraphs += db.paragraphs(d.id).length;
    }
    expect(paragraphs).toBeGreaterThan(500);
    threaded.close();
    inline.close();
  });
});
