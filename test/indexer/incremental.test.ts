import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import { ARTICLE, bumpMtime, copySample, openTestIndex, type TestIndex } from './helpers.ts';

const ZH = `translations/zh-CN/content/${ARTICLE}.md`;
let t: TestIndex | undefined;
afterEach(() => t?.close());

describe('incremental indexing', () => {
  it('a second run over an unchanged tree parses nothing', async () => {
    t = openTestIndex(copySample());
    const first = await t.index();
    expect(first.parsed).toBe(28);
    expect(first.added).toBe(28);
    const second = await t.index();
    expect(second).toMatchObject({ parsed: 0, unchanged: 28, added: 0, deleted: 0 });
    const runs = new RunsRepository(t.db).recent();
    expect(runs.map((r) => r.status)).toEqual(['complete', 'complete']);
  });

  it('a touched file with the same bytes is read and hashed, not parsed', async () => {
    t = openTestIndex(copySample());
    await t.index();
    bumpMtime(path.join(t.root, ZH));
    const run = await t.index();
    expect(run).toMatchObject({ parsed: 0, unchanged: 28 });
    // The new mtime is remembered: the next run costs a stat again.
    const after = await t.index();
    expect(after.parsed).toBe(0);
  });

  it('changing one file parses exactly that file', async () => {
    t = openTestIndex(copySample());
    await t.index();
    const file = path.join(t.root, ZH);
    fs.appendFileSync(file, '\n## 新的部分\n\n新的段落。\n');
    bumpMtime(file);
    const run = await t.index();
    expect(run).toMatchObject({ parsed: 1, unchanged: 27, added: 0, deleted: 0 });
    const docs = new DocumentsRepository(t.db);
    const zh = docs.get('zh-CN', ARTICLE)!;
    expect(zh.changed_run).toBe(run.runId);
    expect(docs.sections(zh.id).at(-1)!.heading).toBe('新的部分');
  });

  it('a deleted file is marked deleted and its rows are gone', async () => {
    t = openTestIndex(copySample());
    await t.index();
    const docs = new DocumentsRepository(t.db);
    const id = docs.get('zh-CN', ARTICLE)!.id;
    fs.rmSync(path.join(t.root, ZH));
    const run = await t.index();
    expect(run).toMatchObject({ parsed: 0, deleted: 1 });
    expect(docs.get('zh-CN', ARTICLE)!.deleted_run).toBe(run.runId);
    expect(docs.sections(id)).toEqual([]);
    expect(docs.localeCounts().find((c) => c.locale === 'zh-CN')).toBeUndefined();
  });

  it('a renamed file: the old key is deleted, the new key added', async () => {
    t = openTestIndex(copySample());
    await t.index();
    const to = `translations/zh-CN/content/admin/configuration/configuring-github-connect/renamed-license-sync.md`;
    fs.renameSync(path.join(t.root, ZH), path.join(t.root, to));
    const run = await t.index();
    expect(run).toMatchObject({ added: 1, deleted: 1 });
    const docs = new DocumentsRepository(t.db);
    expect(docs.get('zh-CN', ARTICLE)!.deleted_run).toBe(run.runId);
    const renamed = docs.get('zh-CN', 'admin/configuration/configuring-github-connect/renamed-license-sync')!;
    expect(renamed.deleted_run).toBeNull();
    expect(renamed.first_seen_run).toBe(run.runId);
    // Renaming back revives the old row.
    fs.renameSync(path.join(t.root, to), path.join(t.root, ZH));
    const back = await t.index();
    expect(back).toMatchObject({ added: 1, deleted: 1 });
    expect(docs.get('zh-CN', ARTICLE)!.deleted_run).toBeNull();
  });

  it('English history keeps one version per content change', async () => {
    t = openTestIndex(copySample());
    await t.index();
    const file = path.join(t.root, `content/${ARTICLE}.md`);
    fs.appendFileSync(file, '\nA new English paragraph.\n');
    bumpMtime(file);
    await t.index();
    const en = new DocumentsRepository(t.db).get('en', ARTICLE)!;
    const versions = t.db.prepare('SELECT run_id FROM document_versions WHERE document_id = ? ORDER BY run_id').pluck().all(en.id);
    expect(versions).toHaveLength(2);
    const zh = new DocumentsRepository(t.db).get('zh-CN', ARTICLE)!;
    expect(t.db.prepare('SELECT COUNT(*) FROM document_versions WHERE document_id = ?').pluck().get(zh.id)).toBe(0);
  });

  it('a run that fails leaves the previous run readable and is marked failed', async () => {
    t = openTestIndex(copySample());
    await t.index();
    const docs = new DocumentsRepository(t.db);
    const before = docs.localeCounts();
    fs.appendFileSync(path.join(t.root, ZH), '\nchanged\n');
    bumpMtime(path.join(t.root, ZH));
    const { indexSite } = await import('../../server/indexer/indexer.ts');
    await expect(
      indexSite({
        config: t.config,
        db: t.db,
        afterIndex: () => {
          throw new Error('boom in checks');
        },
      }),
    ).rejects.toThrow('boom in checks');
    expect(docs.localeCounts()).toEqual(before);
    const [failed] = new RunsRepository(t.db).recent(1);
    expect(failed).toMatchObject({ status: 'failed', error: 'boom in checks' });
    // The change is still pending: the next run parses it.
    expect((await t.index()).parsed).toBe(1);
  });
});
