import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../server/config.ts';
import type { RunScope } from '../../server/plugins/reindex.ts';
import { followSite, type SiteFollower } from '../../server/watch/follow.ts';
import { watchSite } from '../../server/watch/site-watcher.ts';
import { ARTICLE, fixture, type Fixture } from '../api/helpers.ts';

const JA = 'translations/ja-JP/content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';

/** Resolves when `test` holds, checking every 20 ms; fails after `ms` with `what`. */
async function until(test: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('watchSite: which changes are reported', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture({ copySample: true, users: [] });
  });
  afterAll(async () => f?.close());

  it('reports files the layout indexes and new folders of them; ignores .git, the database, editor temp files and other files', async () => {
    const root = f.config.root;
    const seen: string[] = [];
    const watcher = watchSite(f.config, (rel) => seen.push(rel));
    try {
      expect(watcher.folders).toBeGreaterThan(10);
      const write = (rel: string, text = 'x\n') => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      };
      // Ignored: none of these is a file the layout indexes.
      for (const rel of [
        '.git/index',
        'drift.db',
        'drift.db-wal',
        'content/admin/.#notes.md',
        'content/admin/#notes.md#',
        'content/admin/notes.md~',
        'translations/ja-JP/content/admin/.notes.md.swp',
        'translations/ja-JP/content/admin/4913',
        'content/admin/image.png',
        'NOTICE',
      ]) {
        write(rel);
      }
      // Reported: an edited translation, and a page in a folder that did not exist.
      fs.appendFileSync(path.join(root, JA), '\nEdited.\n');
      write('translations/ja-JP/content/admin/new-section/page.md', '# New\n');
      await until(() => seen.includes('translations/ja-JP/content/admin/new-section/page.md'), "the new folder's page");
      expect([...new Set(seen)].sort()).toEqual([JA, 'translations/ja-JP/content/admin/new-section/page.md']);

      // An atomic save (temp file renamed over the page), then an edit: both seen.
      seen.length = 0;
      fs.writeFileSync(path.join(root, JA) + '.tmp', 'atomic\n');
      fs.renameSync(path.join(root, JA) + '.tmp', path.join(root, JA));
      await until(() => seen.includes(JA), 'the atomic save');
      seen.length = 0;
      fs.appendFileSync(path.join(root, JA), 'and an edit\n');
      await until(() => seen.includes(JA), 'the edit after an atomic save');

      // A removed folder of pages is a change.
      seen.length = 0;
      fs.rmSync(path.join(root, 'translations/ja-JP/content/admin/new-section'), { recursive: true });
      await until(() => seen.includes('translations/ja-JP/content/admin/new-section'), 'the removed folder');
    } finally {
      watcher.close();
    }
  });

  it('watches only the configured locales', async () => {
    const config = resolveConfig({ locales: ['ja-JP'] }, f.dir, null, { root: f.config.root, db: f.config.db });
    const seen: string[] = [];
    const watcher = watchSite(config, (rel) => seen.push(rel));
    try {
      fs.appendFileSync(path.join(f.config.root, 'translations/de-DE/content/index.md'), '\nx\n');
      fs.appendFileSync(path.join(f.config.root, 'translations/ja-JP/content/index.md'), '\nx\n');
      await until(() => seen.length > 0, 'the ja-JP edit');
      expect([...new Set(seen)]).toEqual(['translations/ja-JP/content/index.md']);
    } finally {
      watcher.close();
    }
  });
});

describe('followSite: changes become runs', () => {
  let f: Fixture;
  let follower: SiteFollower;
  const finished: number[] = [];
  beforeAll(async () => {
    f = await fixture({ copySample: true, users: [] });
    f.app.reindexer.onRunFinished((run) => finished.push(run.id));
    follower = followSite(f.app, f.config);
  });
  afterAll(async () => {
    follower?.close();
    await f?.close();
  });

  it('a burst of 200 file writes makes one run, or two when it outlasts the first', async () => {
    const before = f.app.repos.runs.recent(1)[0]!.id;
    const dir = path.join(f.config.root, 'translations/ja-JP/content/burst');
    fs.mkdirSync(dir);
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(dir, `page-${i}.md`), `---\ntitle: Page ${i}\n---\n\n# Page ${i}\n`);
    await until(() => finished.some((id) => id > before), 'a run after the burst', 120_000);
    await follower.settled();
    const runs = f.app.repos.runs.recent(10).filter((r) => r.id > before);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(runs.every((r) => r.status === 'complete')).toBe(true);
    // The last run saw every page of the burst.
    expect(runs[0]!.files_seen).toBe(28 + 200);
  }, 180_000);

  it('asks during a run make exactly one follow-up run', async () => {
    await follower.settled();
    const before = f.app.repos.runs.recent(1)[0]!.id;
    f.app.reindexer.request();
    for (let i = 0; i < 5; i++) f.app.reindexer.request();
    await follower.settled();
    expect(
      f.app.repos.runs
        .recent(10)
        .filter((r) => r.id > before)
        .map((r) => r.status),
    ).toEqual(['complete', 'complete']);
  }, 180_000);
});

describe('followSite: a run looks at the changed paths only', () => {
  let f: Fixture;
  let follower: SiteFollower;
  const runs: { id: number; status: string; scope: RunScope }[] = [];
  const NEIGHBOUR = 'admin/configuration/configuring-github-connect/about-github-connect';
  beforeAll(async () => {
    f = await fixture({ copySample: true, users: [] });
    f.app.reindexer.onRunFinished((run, scope) => runs.push({ id: run.id, status: run.status, scope }));
    follower = followSite(f.app, f.config);
  });
  afterAll(async () => {
    follower?.close();
    await f?.close();
  });

  const article = async (locale: string, key: string) => {
    const res = await f.app.inject({ method: 'GET', url: `/api/articles/${locale}/${key}` });
    return { status: res.statusCode, body: res.json<{ translation: { title: string | null; path: string } | null }>() };
  };
  /** Runs `edit`, waits for the runs it makes, and returns their scopes. */
  const save = async (edit: () => void): Promise<RunScope[]> => {
    const before = runs.length;
    edit();
    await until(() => runs.length > before, 'a run after the save', 60_000);
    await follower.settled();
    const made = runs.slice(before);
    expect(made.map((r) => r.status)).toEqual(made.map(() => 'complete'));
    return made.map((r) => r.scope);
  };
  const file = (rel: string) => path.join(f.config.root, rel);

  it('the first run walks the site; then an edit, an added page, a deleted page and a renamed page are indexed from their paths', async () => {
    // Nothing is known of changes made before the server watched: the first run walks.
    expect(await save(() => fs.appendFileSync(file(JA), '\nFirst.\n'))).toEqual([{ walked: true, paths: null }]);

    // An edit: one path.
    expect(await save(() => fs.writeFileSync(file(JA), fs.readFileSync(file(JA), 'utf8').replace(/^title: /m, 'title: WATCHED ')))).toEqual([
      { walked: false, paths: 1 },
    ]);
    expect((await article('ja-JP', ARTICLE)).body.translation?.title).toMatch(/^WATCHED /);

    // An added translation of an English page that had none.
    const added = `translations/ja-JP/content/${NEIGHBOUR}.md`;
    expect((await article('ja-JP', NEIGHBOUR)).body.translation).toBeNull();
    const english = fs.readFileSync(file(`content/${NEIGHBOUR}.md`), 'utf8');
    expect(await save(() => fs.writeFileSync(file(added), english.replace(/^title: .*$/m, 'title: 追加したページ')))).toEqual([{ walked: false, paths: 1 }]);
    expect((await article('ja-JP', NEIGHBOUR)).body.translation?.title).toBe('追加したページ');

    // Renamed (git mv): the old path is gone, the new one holds the page, under its new key.
    const renamed = `translations/ja-JP/content/admin/configuration/about-github-connect-moved.md`;
    expect(await save(() => fs.renameSync(file(added), file(renamed)))).toEqual([{ walked: false, paths: 2 }]);
    expect((await article('ja-JP', NEIGHBOUR)).body.translation).toBeNull();
    const orphan = await f.app.inject({ method: 'GET', url: '/api/articles?locale=ja-JP&limit=200' });
    expect(orphan.body).toContain('about-github-connect-moved');

    // Deleted.
    expect(await save(() => fs.rmSync(file(renamed)))).toEqual([{ walked: false, paths: 1 }]);
    expect((await f.app.inject({ method: 'GET', url: '/api/articles?locale=ja-JP&limit=200' })).body).not.toContain('about-github-connect-moved');

    // A folder renamed with its pages: the old folder's pages are known only to the stored rows, so the run walks.
    fs.mkdirSync(file('translations/ja-JP/content/extra'));
    await save(() => fs.writeFileSync(file('translations/ja-JP/content/extra/page.md'), '---\ntitle: 追加\n---\n\n本文。\n'));
    const keys = async () => (await f.app.inject({ method: 'GET', url: '/api/articles?locale=ja-JP&limit=200' })).body;
    expect(await keys()).toContain('"extra/page"');
    expect(await save(() => fs.renameSync(file('translations/ja-JP/content/extra'), file('translations/ja-JP/content/extra2')))).toEqual([
      { walked: true, paths: null },
    ]);
    expect(await keys()).toContain('"extra2/page"');
    expect(await keys()).not.toContain('"extra/page"');
    // Removed with its pages: each page's removal is a path of its own, no walk needed.
    expect(await save(() => fs.rmSync(file('translations/ja-JP/content/extra2'), { recursive: true }))).toEqual([{ walked: false, paths: 2 }]);
    expect(await keys()).not.toContain('extra2/page');
  }, 180_000);
});
