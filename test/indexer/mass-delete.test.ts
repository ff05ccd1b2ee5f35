import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { MassDeleteError } from '../../server/indexer/indexer.ts';
import { openTestIndex, tempDir } from './helpers.ts';

// English and ja-JP with 12 pages each, de-DE with 3: what one run may delete (issue 19).
function site(): string {
  const root = path.join(tempDir('mass'), 'site');
  const write = (rel: string, title: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), `---\ntitle: ${title}\nversions:\n  fpt: '*'\n---\n\nText.\n`);
  };
  for (let i = 0; i < 12; i++) {
    write(`content/page-${i}.md`, `Page ${i}`);
    write(`translations/ja-JP/content/page-${i}.md`, `ページ ${i}`);
    if (i < 3) write(`translations/de-DE/content/page-${i}.md`, `Seite ${i}`);
  }
  return root;
}

const remove = (root: string, rel: string) => fs.rmSync(path.join(root, rel), { recursive: true });

describe('a run that would delete too much fails and changes nothing', () => {
  it.each([
    ['a locale folder gone (12 of 12 ja-JP)', (r: string) => remove(r, 'translations/ja-JP'), /12 of 12 ja-JP documents/],
    [
      '7 of 12 ja-JP pages gone',
      (r: string) => [0, 1, 2, 3, 4, 5, 6].forEach((i) => remove(r, `translations/ja-JP/content/page-${i}.md`)),
      /7 of 12 ja-JP documents/,
    ],
    // With the English folder itself gone the run stops sooner (MissingRootError, test/cli/root.test.ts).
    [
      'every file gone',
      (r: string) => {
        ['content', 'translations'].forEach((d) => remove(r, d));
        fs.mkdirSync(path.join(r, 'content'));
      },
      /27 of the site's 27 indexed documents/,
    ],
  ])('%s', async (_, change, message) => {
    const t = openTestIndex(site(), { workers: 0 });
    try {
      await t.index();
      const before = new DocumentsRepository(t.db).liveDocuments().length;
      change(t.root);
      await expect(t.index()).rejects.toThrow(MassDeleteError);
      await expect(t.index()).rejects.toThrow(message);
      expect(new DocumentsRepository(t.db).liveDocuments().length).toBe(before);
      expect(t.db.prepare("SELECT COUNT(*) FROM runs WHERE status = 'complete'").pluck().get()).toBe(1);
      // Allowed on purpose, the same run goes through.
      const t2 = {
        ...t,
        index: () => import('../../server/indexer/indexer.ts').then((m) => m.indexSite({ config: t.config, db: t.db, allowMassDelete: true })),
      };
      expect((await t2.index()).deleted).toBe(before - new DocumentsRepository(t.db).liveDocuments().length);
      expect((await t2.index()).deleted).toBe(0);
    } finally {
      t.close();
    }
  });

  it.each([
    ['5 of 12 ja-JP pages gone (under half)', (r: string) => [0, 1, 2, 3, 4].forEach((i) => remove(r, `translations/ja-JP/content/page-${i}.md`)), 5],
    ['a small locale gone (3 de-DE pages, under 10)', (r: string) => remove(r, 'translations/de-DE'), 3],
  ])('%s: deleted as before', async (_, change, deleted) => {
    const t = openTestIndex(site(), { workers: 0 });
    try {
      await t.index();
      change(t.root);
      expect((await t.index()).deleted).toBe(deleted);
    } finally {
      t.close();
    }
  });
});
