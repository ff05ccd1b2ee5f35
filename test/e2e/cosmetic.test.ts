/**
 * The article page in a real Chromium tells the English commits writers marked cosmetic
 * (issue 20 item 2): a git work tree of the bundled sample whose last commit rewords two
 * English pages with `[l10n skip]` in its subject; the zh-CN translation of one of them stays
 * current, and its page lists that commit; a failed load is said beside the article, with a Retry that works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { resolveConfig } from '../../server/config.ts';
import { buildRepo } from '../pr/helpers.ts';
import { ensureWebBuild, WEB_DIST } from './harness.ts';
import { Chromium } from './page.ts';
import type { FastifyInstance } from 'fastify';

const ABOUT = 'admin/configuration/configuring-github-connect/about-github-connect';
const SUBJECT = 'Reword two sentences [l10n skip]';

let app: FastifyInstance;
let db: Db;
let url: string;
let chromium: Chromium;

beforeAll(async () => {
  await ensureWebBuild();
  const repo = await buildRepo(SUBJECT);
  db = openDb(repo.db);
  app = await buildApp({ db, config: resolveConfig({ workers: 0 }, repo.root, null, { root: repo.root, db: repo.db }), webDir: WEB_DIST });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  chromium = await Chromium.launch();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await app?.close();
  db?.close();
});

describe('cosmetic English commits on the article page', () => {
  it('lists the commit the writer marked cosmetic, with its subject', async () => {
    const page = await chromium.open();
    await page.goto(`${url}/locales/zh-CN/articles/${ABOUT}`);
    const section = page.getByTestId('cosmetic-commits');
    await section.waitFor();
    expect((await section.locator('h2').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      '1 commit marked cosmetic by the writers (no translation update needed)',
    );
    expect(await section.locator('li').allTextContents()).toEqual([expect.stringContaining(SUBJECT)]);
    expect(chromium.errors).toEqual([]);
  });

  it('a translation with no cosmetic commit since its base shows no such section', async () => {
    const page = await chromium.open();
    const answered = page.waitForResponse((r) => r.url().includes('/api/english-changes'));
    // ja-JP's page was edited in the same commit: its base is that commit.
    await page.goto(`${url}/locales/ja-JP/articles/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise`);
    expect((await answered).status()).toBe(200);
    await page.getByTestId('findings').waitFor();
    await page.waitForTimeout(100);
    expect(await page.getByTestId('cosmetic-commits').count()).toBe(0);
    expect(chromium.errors).toEqual([]);
  });

  it('a failed load says so beside the article, and Retry asks again and shows the commits', async () => {
    const page = await chromium.open();
    // The first answer fails (the server's error body), later ones pass through.
    let failed = 0;
    await page.route(
      (u) => u.pathname === '/api/english-changes',
      async (route) => {
        if (failed++ > 0) return route.continue();
        await route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: 'git log failed' }),
        });
      },
    );
    await page.goto(`${url}/locales/zh-CN/articles/${ABOUT}`);
    const error = page.getByText('Could not load the English changes');
    await error.waitFor();
    expect(await error.textContent()).toContain('git log failed');
    // The rest of the article stands.
    await page.getByTestId('translation-title').waitFor();
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('cosmetic-commits').waitFor();
    expect(await page.getByText('Could not load the English changes').count()).toBe(0);
    expect(failed).toBe(2);
    expect(chromium.errors.filter((e) => !/status of 500/.test(e))).toEqual([]);
    chromium.errors.length = 0;
  });
});
