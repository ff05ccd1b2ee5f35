import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { indexWithChecks } from '../../server/plugins/index-run.ts';
import type { IndexSummary } from '../../server/indexer/indexer.ts';
import { watchSite } from '../../server/watch/site-watcher.ts';
import { Reindexer } from '../../server/plugins/reindex.ts';

/**
 * A long-lived process (the server's re-index thread, `serve`'s in-process runs) keeps one
 * config, so one Hugo layout, from run to run. The URL data the layout reads from the site
 * (hugo.toml's permalinks, the heads of blog posts, `static/_redirects`, English `slug`/`url`)
 * must be the site's as each run finds it: a post added, a redirect rule written, a slug changed
 * between two runs of one process gives the findings a fresh process's full run gives.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function site(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hugo-follow-'));
  dirs.push(root);
  write(
    root,
    'hugo.toml',
    'baseURL = "https://kubernetes.io"\n\n[permalinks]\nblog = "/:section/:year/:month/:day/:slug/"\n\n[languages]\n[languages.en]\n[languages.zh-cn]\n',
  );
  write(root, 'static/_redirects', '/docs/gone/ /docs/target/ 301\n');
  write(root, 'content/en/blog/_posts/2025-01-01-first.md', '---\ntitle: First post\ndate: 2025-01-01\nslug: first\n---\n\nThe first post.\n');
  for (const lang of ['en', 'zh-cn']) {
    const p = lang === 'en' ? '' : `/${lang}`;
    write(root, `content/${lang}/docs/target.md`, '---\ntitle: Target\n---\n\nThe target page.\n');
    write(root, `content/${lang}/docs/config.md`, '---\ntitle: Config\nslug: settings\n---\n\nSettings.\n');
    write(
      root,
      `content/${lang}/docs/links.md`,
      [
        '---',
        'title: Links',
        '---',
        '',
        '## Posts',
        '',
        `Read [the first post](${p}/blog/2025/01/01/first/) and [the new one](${p}/blog/2025/02/03/announcing/).`,
        '',
        '## Pages',
        '',
        `See [the old page](${p}/docs/moved-away/), [the settings](${p}/docs/settings/) and [the target](${p}/docs/target/).`,
        '',
      ].join('\n'),
    );
  }
  return root;
}

function config(root: string, dir: string): Config {
  return resolveConfig({ layout: 'hugo', root, db: path.join(dir, 'drift.db'), workers: 0 }, dir);
}

let clock = Date.parse('2026-03-02T09:00:00Z');
const now = () => new Date((clock += 60_000));

/** Open findings, but base-unknown's (its data carries the run's date, which a fresh run has later). */
function open(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT locale, key, path, check_id, message_id, severity, message, data_json, line, section
        FROM findings WHERE resolved_run IS NULL AND check_id <> 'base-unknown' ORDER BY 1, 2, 3, 4, 5, 9, 7`,
      )
      .raw()
      .all() as unknown[][]
  ).map((r) => JSON.stringify(r));
}

function broken(db: Db): string[] {
  return (db.prepare(`SELECT data_json FROM findings WHERE resolved_run IS NULL AND check_id = 'broken-link'`).pluck().all() as string[])
    .map((d) => (JSON.parse(d) as { from: string }).from)
    .sort();
}

/** A fresh config (a new layout) and database, indexed and checked once: what a new process finds. */
async function fresh(root: string): Promise<{ findings: string[]; broken: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hugo-follow-fresh-'));
  dirs.push(dir);
  const c = config(root, dir);
  const db = openDb(c.db);
  try {
    await indexWithChecks(c, db, now);
    return { findings: open(db), broken: broken(db) };
  } finally {
    db.close();
  }
}

describe('Hugo: a long-lived process follows the URL data the site gives', () => {
  it('a post added, a redirect rule, a slug and a permalink changed between runs of one config give what a fresh run gives', async () => {
    const root = site();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hugo-follow-db-'));
    dirs.push(dir);
    const kept = config(root, dir);
    const db = openDb(kept.db);
    try {
      await indexWithChecks(kept, db, now);
      const before = broken(db);
      // The new post does not exist yet, nor a rule for the old page.
      expect(before).toContain('/zh-cn/blog/2025/02/03/announcing/');
      expect(before).toContain('/zh-cn/docs/moved-away/');
      expect(before).not.toContain('/zh-cn/docs/settings/');
      expect(open(db)).toEqual((await fresh(root)).findings);

      // A post the links name is written; a rule sends the old page to the target; the slug changes.
      write(root, 'content/en/blog/_posts/2025-02-03-announcing.md', '---\ntitle: Announcing\ndate: 2025-02-03\nslug: announcing\n---\n\nNews.\n');
      write(root, 'static/_redirects', '/docs/gone/ /docs/target/ 301\n/docs/moved-away/ /docs/target/ 301\n');
      write(root, 'content/en/docs/config.md', '---\ntitle: Config\nslug: configuration\n---\n\nSettings.\n');
      await indexWithChecks(kept, db, now);
      const after = broken(db);
      expect(after).not.toContain('/zh-cn/blog/2025/02/03/announcing/');
      expect(after).not.toContain('/zh-cn/docs/moved-away/');
      expect(after).toContain('/zh-cn/docs/settings/');
      expect(open(db)).toEqual((await fresh(root)).findings);

      // The permalink pattern of hugo.toml changes: every post moves.
      write(
        root,
        'hugo.toml',
        'baseURL = "https://kubernetes.io"\n\n[permalinks]\nblog = "/:section/:slug/"\n\n[languages]\n[languages.en]\n[languages.zh-cn]\n',
      );
      await indexWithChecks(kept, db, now);
      expect(broken(db)).toContain('/zh-cn/blog/2025/01/01/first/');
      expect(open(db)).toEqual((await fresh(root)).findings);

      // Back: the post is deleted again, the rule removed.
      fs.rmSync(path.join(root, 'content/en/blog/_posts/2025-02-03-announcing.md'));
      write(root, 'static/_redirects', '/docs/gone/ /docs/target/ 301\n');
      await indexWithChecks(kept, db, now);
      expect(broken(db)).toEqual(expect.arrayContaining(['/zh-cn/docs/moved-away/']));
      expect(open(db)).toEqual((await fresh(root)).findings);
    } finally {
      db.close();
    }
  }, 120_000);

  it('a post renamed or a slug added re-checks the units reading the URLs it moves, not every pair, and finds what a full run finds', async () => {
    const root = site();
    // Pages that link elsewhere only: a URL change of the post or of another page must leave them alone.
    for (const lang of ['en', 'zh-cn']) {
      const p = lang === 'en' ? '' : `/${lang}`;
      for (let i = 0; i < 12; i++) write(root, `content/${lang}/docs/page-${i}.md`, `---\ntitle: Page ${i}\n---\n\nSee [the target](${p}/docs/target/).\n`);
      write(root, `content/${lang}/docs/more.md`, `---\ntitle: More\n---\n\nRead [the guide](${p}/docs/guide/) and [the post](${p}/blog/2025/01/01/first/).\n`);
      write(root, `content/${lang}/docs/page-0.md`, '---\ntitle: Page 0\n---\n\nNo links.\n');
    }
    // The translated post, filed under its own name at English's URL: English's page.
    write(root, 'content/zh-cn/blog/_posts/2025-01-01-erste.md', '---\ntitle: 第一篇\ndate: 2025-01-01\nslug: first\n---\n\n第一篇文章。\n');
    // The files' times are the runs' clock's, not the wall clock's: a file written "after" the
    // run's fake start would be read again by every run as one that may have changed unseen.
    const stamp = (rel: string, at: number) => fs.utimesSync(path.join(root, rel), at / 1000, at / 1000);
    for (const rel of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) if (fs.statSync(path.join(root, rel)).isFile()) stamp(rel, clock);
    const edit = (rel: string, text: string) => (write(root, rel, text), stamp(rel, clock + 1000));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hugo-follow-db-'));
    dirs.push(dir);
    const kept = config(root, dir);
    const db = openDb(kept.db);
    const lastRun = () => db.prepare('SELECT units, rechecked FROM check_runs ORDER BY run_id DESC LIMIT 1').get() as { units: number; rechecked: number };
    try {
      await indexWithChecks(kept, db, now);
      const all = lastRun();
      expect(all.rechecked).toBe(all.units);
      expect(broken(db)).toContain('/zh-cn/docs/guide/');
      expect(broken(db)).not.toContain('/zh-cn/blog/2025/01/01/first/');

      // The English post's date changes: its permalink moves, the links to the old one break and
      // the translation filed at the old URL is no longer its translation.
      edit('content/en/blog/_posts/2025-01-01-first.md', '---\ntitle: First post\ndate: 2025-01-05\nslug: first\n---\n\nThe first post.\n');
      await indexWithChecks(kept, db, now);
      const renamed = lastRun();
      // Before: paired with English's post (no finding); now an orphan at its own key, and English's post lacks a translation.
      expect(
        open(db)
          .filter((f) => f.includes('"orphaned-translation"'))
          .map((f) => (JSON.parse(f) as string[])[1]),
      ).toContain('blog/_posts/2025-01-01-erste');
      expect(open(db).some((f) => f.includes('"missing-translation"') && f.includes('/blog/2025/01/05/first/'))).toBe(true);
      expect(open(db)).toEqual((await fresh(root)).findings);
      expect(renamed.rechecked).toBeGreaterThan(0);
      expect(renamed.rechecked).toBeLessThanOrEqual(8);
      expect(renamed.rechecked).toBeLessThan(renamed.units / 3);

      // An English page gets a slug: it is served at the URL the links name.
      edit('content/en/docs/page-5.md', '---\ntitle: Page 5\nslug: guide\n---\n\nSee [the target](/docs/target/).\n');
      await indexWithChecks(kept, db, now);
      const slugged = lastRun();
      expect(broken(db)).not.toContain('/zh-cn/docs/guide/');
      expect(open(db)).toEqual((await fresh(root)).findings);
      expect(slugged.rechecked).toBeGreaterThan(0);
      expect(slugged.rechecked).toBeLessThanOrEqual(6);

      // And back: the slug removed, the post's date restored.
      edit('content/en/docs/page-5.md', '---\ntitle: Page 5\n---\n\nSee [the target](/docs/target/).\n');
      edit('content/en/blog/_posts/2025-01-01-first.md', '---\ntitle: First post\ndate: 2025-01-01\nslug: first\n---\n\nThe first post.\n');
      await indexWithChecks(kept, db, now);
      expect(lastRun().rechecked).toBeLessThan(all.units / 2);
      expect(broken(db)).toContain('/zh-cn/docs/guide/');
      expect(broken(db)).not.toContain('/zh-cn/blog/2025/01/01/first/');
      expect(open(db)).toEqual((await fresh(root)).findings);
    } finally {
      db.close();
    }
  }, 120_000);

  it('watched runs (told the changed paths) see a post, a slug, a redirect rule and hugo.toml change, and stay runs of paths otherwise', async () => {
    const root = site();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hugo-follow-db-'));
    dirs.push(dir);
    const kept = config(root, dir);
    const db = openDb(kept.db);
    const run = (...paths: string[]): Promise<IndexSummary> => indexWithChecks(kept, db, now, paths);
    try {
      await indexWithChecks(kept, db, now);
      // An English edit that moves no URL: the model stands, the run looks at its path only.
      write(root, 'content/en/blog/_posts/2025-01-01-first.md', '---\ntitle: First post\ndate: 2025-01-01\nslug: first\n---\n\nThe first post, edited.\n');
      expect((await run('content/en/blog/_posts/2025-01-01-first.md')).walked).toBe(false);
      expect(open(db)).toEqual((await fresh(root)).findings);

      // The post the links name: a watched run is told its path.
      write(root, 'content/en/blog/_posts/2025-02-03-announcing.md', '---\ntitle: Announcing\ndate: 2025-02-03\nslug: announcing\n---\n\nNews.\n');
      await run('content/en/blog/_posts/2025-02-03-announcing.md');
      expect(broken(db)).not.toContain('/zh-cn/blog/2025/02/03/announcing/');
      expect(open(db)).toEqual((await fresh(root)).findings);

      // A slug changed in place.
      write(root, 'content/en/docs/config.md', '---\ntitle: Config\nslug: configuration\n---\n\nSettings.\n');
      await run('content/en/docs/config.md');
      expect(broken(db)).toContain('/zh-cn/docs/settings/');
      expect(open(db)).toEqual((await fresh(root)).findings);

      // static/_redirects and hugo.toml: the watcher reports them too (the layout's siteFiles).
      write(root, 'static/_redirects', '/docs/gone/ /docs/target/ 301\n/docs/moved-away/ /docs/target/ 301\n');
      await run('static/_redirects');
      expect(broken(db)).not.toContain('/zh-cn/docs/moved-away/');
      expect(open(db)).toEqual((await fresh(root)).findings);
      write(
        root,
        'hugo.toml',
        'baseURL = "https://kubernetes.io"\n\n[permalinks]\nblog = "/:section/:slug/"\n\n[languages]\n[languages.en]\n[languages.zh-cn]\n',
      );
      await run('hugo.toml');
      expect(broken(db)).toContain('/zh-cn/blog/2025/01/01/first/');
      expect(open(db)).toEqual((await fresh(root)).findings);
      // A comment added to hugo.toml gives the same URLs: a run of that path, nothing re-checked.
      fs.appendFileSync(path.join(root, 'hugo.toml'), '# a comment\n');
      const comment = await run('hugo.toml');
      expect(comment.walked).toBe(false);
      expect(open(db)).toEqual((await fresh(root)).findings);
      // Not told (another watcher, an edit the watcher missed): the run stats the site files all the same.
      write(root, 'static/_redirects', '/docs/gone/ /docs/target/ 301\n');
      write(root, 'content/zh-cn/docs/target.md', '---\ntitle: Target\n---\n\nThe target page, translated again.\n');
      await run('content/zh-cn/docs/target.md');
      expect(broken(db)).toContain('/zh-cn/docs/moved-away/');
      expect(open(db)).toEqual((await fresh(root)).findings);

      // The post deleted.
      fs.rmSync(path.join(root, 'content/en/blog/_posts/2025-02-03-announcing.md'));
      await run('content/en/blog/_posts/2025-02-03-announcing.md');
      expect(open(db)).toEqual((await fresh(root)).findings);
    } finally {
      db.close();
    }
  }, 120_000);

  it('serve --watch reports hugo.toml and static/_redirects, not other files beside them', async () => {
    const root = site();
    write(root, 'static/images/logo.png', 'png');
    const seen: string[] = [];
    const watcher = watchSite(config(root, root), (rel) => seen.push(rel));
    try {
      fs.writeFileSync(path.join(root, 'README.md'), 'x\n');
      fs.writeFileSync(path.join(root, 'static/images/logo.png'), 'png2');
      fs.writeFileSync(path.join(root, 'static/robots.txt'), 'x\n');
      fs.appendFileSync(path.join(root, 'hugo.toml'), '# edited\n');
      fs.appendFileSync(path.join(root, 'static/_redirects'), '/docs/a/ /docs/target/ 301\n');
      const end = Date.now() + 10_000;
      while (!(seen.includes('hugo.toml') && seen.includes('static/_redirects')) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect([...new Set(seen)].sort()).toEqual(['hugo.toml', 'static/_redirects']);
    } finally {
      watcher.close();
    }
  });

  it.runIf(process.platform === 'linux')(
    "the server's re-index thread: its findings and the API's page URLs follow a post added",
    async () => {
      const root = site();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hugo-follow-thread-'));
      dirs.push(dir);
      const server = resolveConfig({ layout: 'hugo', workers: 0 }, dir, null, { root, db: path.join(dir, 'drift.db') });
      const db = openDb(server.db);
      const reindexer = new Reindexer(db, server, { error: () => {} });
      const ended: string[] = [];
      reindexer.onRunFinished((run) => ended.push(run.status));
      const run = async (paths?: string[]) => {
        const before = ended.length;
        reindexer.request(paths);
        while (ended.length === before || reindexer.busy) await new Promise((r) => setTimeout(r, 20));
        return ended[before];
      };
      const post = 'blog/_posts/2025-02-03-announcing';
      try {
        expect(await run()).toBe('complete');
        // The API's thread asked for a URL before the post existed.
        expect(server.layout.urlOf(post)).toBe(`/${post}/`);
        write(root, `content/en/${post}.md`, '---\ntitle: Announcing\ndate: 2025-02-03\nslug: announcing\n---\n\nNews.\n');
        expect(await run([`content/en/${post}.md`])).toBe('complete');
        expect(broken(db)).not.toContain('/zh-cn/blog/2025/02/03/announcing/');
        expect(open(db)).toEqual((await fresh(root)).findings);
        expect(server.layout.urlOf(post)).toBe('/blog/2025/02/03/announcing/');
      } finally {
        await reindexer.close();
        db.close();
      }
    },
    120_000,
  );
});
