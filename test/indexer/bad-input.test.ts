import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import type { IndexSummary } from '../../server/indexer/indexer.ts';
import { ARTICLE, SAMPLE, copySample, openTestIndex, type TestIndex } from './helpers.ts';

const JA = 'translations/ja-JP/content/admin';
let t: TestIndex;
let summary: IndexSummary;
let docs: DocumentsRepository;

beforeAll(async () => {
  const root = copySample();
  const seed = fs.readFileSync(path.join(SAMPLE, `translations/ja-JP/content/${ARTICLE}.md`), 'utf8');
  // Broken YAML: a tab-indented key and an unclosed quote, as hand edits produce.
  fs.writeFileSync(path.join(root, JA, 'broken-yaml.md'), seed.replace('title: ', 'title: "unclosed\n\tversions: ['));
  // A PNG saved with a .md name.
  fs.writeFileSync(path.join(root, JA, 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
  // Shift-JIS bytes (not UTF-8), as an old editor would save Japanese.
  fs.writeFileSync(
    path.join(root, JA, 'shift-jis.md'),
    Buffer.concat([Buffer.from('---\ntitle: '), Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), Buffer.from('\n---\n\nbody\n')]),
  );
  // 20 MB of Markdown.
  fs.writeFileSync(path.join(root, JA, 'huge.md'), '---\ntitle: Huge\n---\n\n' + 'All work and no play. '.repeat((20 * 1024 * 1024) / 22));
  t = openTestIndex(root);
  summary = await t.index();
  docs = new DocumentsRepository(t.db);
});
afterAll(() => t.close());

describe('bad input becomes a recorded parse error and loses nothing', () => {
  it.each([
    ['broken-yaml', 'yaml', /not valid YAML/],
    ['image', 'binary', /NUL byte/],
    ['shift-jis', 'encoding', /Not valid UTF-8.*line 2/],
    ['huge', 'size', /over the 2097152-byte limit/],
  ])('%s.md → %s', (name, code, message) => {
    const doc = docs.get('ja-JP', `admin/${name}`);
    expect(doc).toBeDefined();
    const error = JSON.parse(doc!.parse_error!) as { code: string; message: string };
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('the run completes and every good file is indexed as in a clean run', async () => {
    expect(summary.parseErrors).toBe(4);
    expect(summary.filesSeen).toBe(32);
    const clean = openTestIndex(SAMPLE);
    await clean.index();
    const cleanDocs = new DocumentsRepository(clean.db);
    for (const d of cleanDocs.liveDocuments()) {
      const mine = docs.get(d.locale, d.key)!;
      expect(mine.content_hash, d.path).toBe(d.content_hash);
      expect(docs.sections(mine.id).map((s) => s.text_hash)).toEqual(cleanDocs.sections(d.id).map((s) => s.text_hash));
      expect(docs.paragraphs(mine.id).length).toBe(cleanDocs.paragraphs(d.id).length);
    }
    clean.close();
  });

  it('a huge file is not re-read while it stays unchanged', async () => {
    const again = await t.index();
    expect(again.parsed).toBe(0);
  });

  it('a YAML error keeps the body: sections and links are still indexed', () => {
    const doc = docs.get('ja-JP', 'admin/broken-yaml')!;
    expect(docs.sections(doc.id).length).toBe(3);
    expect(docs.links(doc.id).length).toBeGreaterThan(0);
  });
});
