/**
 * `serve --watch` in a real Chromium: an open dashboard shows a saved translation once its run
 * ends, without a page reload, keeping its scroll position.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { resolveConfig } from '../../server/config.ts';
import { followSite, type SiteFollower } from '../../server/watch/follow.ts';
import type { FastifyInstance } from 'fastify';
import { Chromium } from './page.ts';
import { REPO, WEB_DIST, ensureWebBuild, runIndex } from './harness.ts';

const KEY = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';

let dir: string;
let site: string;
let db: Db;
let app: FastifyInstance;
let url: string;
let follower: SiteFollower;
let chromium: Chromium;

beforeAll(async () => {
  await ensureWebBuild();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-e2e-watch-'));
  site = path.join(dir, 'site');
  fs.cpSync(path.join(REPO, 'content', 'license-sync'), site, { recursive: true });
  const dbFile = path.join(dir, 'drift.db');
  await runIndex(['--root', site, '--db', dbFile, '--quiet'], dir);
  const config = resolveConfig({}, dir, null, { root: site, db: dbFile }, dir);
  db = openDb(dbFile);
  app = await buildApp({ db, config, webDir: WEB_DIST });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  follower = followSite(app, config);
  chromium = await Chromium.launch();
}, 120_000);

afterAll(async () => {
  follower?.close();
  await chromium?.close();
  await app?.close();
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('serve --watch in Chromium', () => {
  it('an open article shows a saved translation without a reload, where the reader had scrolled to', async () => {
    const page = await chromium.open(1280, 600);
    await page.goto(`${url}/locales/ja-JP/articles/${KEY}`);
    await page.locator('.tr-title').waitFor();
    await page.getByTestId('side-by-side').waitFor();
    // Marks this document: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { keptAcrossRuns: boolean }).keptAcrossRuns = true));
    // The reader reads the side-by-side text (parts above it, such as the suggested fixes, may change height meanwhile).
    await page.evaluate(() => {
      document.querySelector('[data-testid=side-by-side]')!.scrollIntoView();
      window.scrollBy(0, 150);
    });
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    const inView = await page.evaluate(() => document.elementFromPoint(640, 300)?.closest('section, li, tr, p, pre')?.textContent ?? null);
    expect(inView).not.toBeNull();

    const file = path.join(site, `translations/ja-JP/content/${KEY}.md`);
    const saved = Date.now();
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: /m, 'title: WATCHED EDIT '));

    await expect.poll(() => page.locator('.tr-title').textContent(), { timeout: 90_000, interval: 50 }).toContain('WATCHED EDIT');
    console.log(`save → dashboard shows it: ${Date.now() - saved} ms (the server's re-index thread)`);
    await expect.poll(() => page.getByTestId('run-notice').textContent()).toMatch(/Updated: run #\d+, 1 file re-read/);
    expect(await page.evaluate(() => (window as unknown as { keptAcrossRuns?: boolean }).keptAcrossRuns)).toBe(true);
    // Where the reader was: the same content in view (scroll anchoring moves scrollY when a part above changes height), not the top.
    expect(await page.evaluate(() => document.elementFromPoint(640, 300)?.closest('section, li, tr, p, pre')?.textContent ?? null)).toBe(inView);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(chromium.errors).toEqual([]);
  }, 120_000);
});
