/**
 * The dashboard in a real Chromium against the real server and the bundled sample
 * (content/license-sync): nothing is mocked, every number comes from the API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Chromium, expectHeatmapMatchesApi, getJson } from './page.ts';
import { gzipSync } from 'node:zlib';
import { ADDED_SENTENCE, ARTIFACTS, WEB_DIST, ensureWebBuild, startServer, type Harness } from './harness.ts';
import type { ArticleDetail, ArticlesResponse, LocalesResponse } from '../../web/src/lib/types.ts';

const SEED_LOCALES = ['de-DE', 'es-ES', 'ja-JP', 'pt-BR', 'zh-CN'];
const ARTICLE_KEY = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';

let h: Harness;
let chromium: Chromium;
/** Console errors and uncaught exceptions of every page: any of them fails the test that caused it. */
let pageErrors: string[];
const open = (width?: number, height?: number): Promise<Page> => chromium.open(width, height);
const api = <T>(route: string): Promise<T> => getJson<T>(h.url, route);

async function signIn(page: Page, token: string, name: string) {
  await page.goto(`${h.url}/signin`);
  await page.getByTestId('token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('whoami').textContent()).toContain(name);
}

function shot(page: Page, name: string) {
  return page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: false });
}

beforeAll(async () => {
  await ensureWebBuild();
  h = await startServer();
  chromium = await Chromium.launch();
  pageErrors = chromium.errors;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await chromium?.close();
  await h?.close();
});

describe('dashboard in Chromium', () => {
  it('initial route loads ≤ 150 KB of gzipped JS', async () => {
    const page = await open();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${h.url}/`);
    await page.getByTestId('heatmap').waitFor();
    expect(scripts.length).toBeGreaterThan(0);
    const bytes = scripts.reduce((sum, p) => sum + gzipSync(fs.readFileSync(path.join(WEB_DIST, p))).length, 0);
    console.log(`initial route JS: ${scripts.length} file(s), ${(bytes / 1024).toFixed(1)} KB gzip`);
    expect(bytes).toBeLessThanOrEqual(150 * 1024);
  });

  it('overview: heatmap has every seed locale, counts equal /api/locales, renders within 1 s', async () => {
    const data = await api<LocalesResponse>('/api/locales');
    const page = await open();
    await page.goto(`${h.url}/`);
    await page.waitForFunction(() => document.querySelector('[data-testid=heatmap] tbody tr') !== null, undefined, { polling: 'raf' });
    const renderMs = await page.evaluate(() => performance.now());
    console.log(`overview rendered ${Math.round(renderMs)} ms after navigation start`);
    expect(renderMs).toBeLessThan(1000);

    const translations = data.locales.filter((l) => !l.source);
    expect(translations.map((l) => l.locale).sort()).toEqual(SEED_LOCALES);
    await expectHeatmapMatchesApi(page, translations);
    // Two runs are indexed: every locale with a two-point trend has a sparkline.
    for (const l of translations.filter((t) => t.trend.length >= 2)) {
      expect(await page.locator(`[data-testid=progress-${l.locale}] svg.spark`).count(), `${l.locale} sparkline`).toBe(1);
    }
    expect(translations.some((t) => t.trend.length >= 2)).toBe(true);
    await shot(page, 'overview-1280.png');
    expect(pageErrors).toEqual([]);
  });

  it('de-DE × missing-redirect → list shows the article → article view shows drift', async () => {
    const page = await open();
    await page.goto(`${h.url}/`);
    await page.getByTestId('cell-de-DE-missing-redirect').click();
    await page.waitForURL(/\/locales\/de-DE\?check=missing-redirect$/);
    const rows = page.getByTestId('article-row');
    await rows.first().waitFor();
    const listed = await api<ArticlesResponse>('/api/articles?locale=de-DE&check=missing-redirect');
    expect(await rows.count()).toBe(listed.rows.length);
    const row = page.locator('[data-testid=article-row][data-key*="license-sync"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.getByTestId('filter-check').inputValue()).toBe('missing-redirect');
    await shot(page, 'list-1280.png');

    // The list URL is shareable: loading it directly gives the same rows.
    const again = await open();
    await again.goto(page.url());
    await again.getByTestId('article-row').first().waitFor();
    expect(await again.getByTestId('article-row').count()).toBe(listed.rows.length);

    await row.getByRole('link').first().click();
    await page.waitForURL(/\/locales\/de-DE\/articles\//);
    await page.getByTestId('side-by-side').waitFor();

    const redirects = page.locator('[data-testid=missing-redirects] li');
    expect(await redirects.count()).toBe(3);
    for (const r of await redirects.allTextContents()) expect(r).toMatch(/^\/[\w/-]+$/);

    // The frontmatter panel shows what the findings say (server/shared/finding-data.ts), not a comparison of its own.
    const shownKey = decodeURIComponent(new URL(page.url()).pathname.replace(/^\/locales\/de-DE\/articles\//, ''));
    const detail = await api<ArticleDetail>(`/api/articles/de-DE/${shownKey}`);
    const fromFindings = detail.findings.flatMap((f) => (f.check === 'missing-redirect' && f.messageId === 'missing' ? [f.data.from] : []));
    expect((await redirects.allTextContents()).toSorted()).toEqual(fromFindings.toSorted());
    const fields = detail.findings.flatMap((f) => (f.check === 'frontmatter-mismatch' ? [f] : []));
    expect(fields.map((f) => f.data.field).toSorted()).toEqual(['topics', 'type']);
    const fmRows = page.locator('[data-testid=frontmatter-diffs] tbody tr');
    expect(await fmRows.count()).toBe(fields.length);
    for (const f of fields) {
      const cells = await page.locator(`[data-testid=frontmatter-diffs] tr[data-key="${f.data.field}"] td`).allTextContents();
      expect(cells).toEqual([f.data.field, f.messageId === 'extra' ? '(missing)' : f.data.expected, f.messageId === 'missing' ? '(missing)' : f.data.actual]);
    }
    // English and the translation differ in `title` (translated): no finding, so no row.
    expect(detail.english?.frontmatter?.['title']).not.toEqual(detail.translation?.frontmatter?.['title']);
    expect(await page.locator('[data-testid=frontmatter-diffs] tr[data-key="title"]').count()).toBe(0);

    const level = page.getByTestId('heading-level-diff').first();
    expect(await level.textContent()).toContain('###');
    expect(await page.locator('[data-testid=findings] [data-check=structure-mismatch]').count()).toBeGreaterThan(0);

    const fallback = page.getByTestId('fallback-paragraph').first();
    await fallback.waitFor();
    expect(await fallback.textContent()).toMatch(/After you enable license synchronization/);
    expect(await fallback.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');

    const suggestion = page.getByTestId('link-suggestion').first();
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toMatch(/^\/[\w/#-]+$/);

    await shot(page, 'article-1280.png');

    // j / k move between findings; the check's doc is one click away.
    await page.locator('body').press('j');
    const findings = page.locator('[data-testid=findings] .finding');
    expect(await findings.nth(0).getAttribute('aria-current')).toBe('true');
    await page.locator('body').press('j');
    expect(await findings.nth(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('k');
    expect(await findings.nth(0).getAttribute('aria-current')).toBe('true');
    await page.locator('[data-testid=findings] .doc-toggle').first().click();
    await expect.poll(async () => (await page.getByTestId('check-doc').textContent())?.trim().length ?? 0).toBeGreaterThan(20);

    // A translation at the current English path: both columns carry text, section by section.
    await page.goto(`${h.url}/locales/ja-JP/articles/${ARTICLE_KEY}`);
    const sideBySide = page.getByTestId('side-by-side');
    await sideBySide.waitFor();
    expect(await sideBySide.locator('.cell.en .para').count()).toBeGreaterThan(0);
    expect(await sideBySide.locator('.cell.tr .para').count()).toBeGreaterThan(0);
    // ja-JP is stale since the second run: the changed English section shows the word diff.
    await page.getByTestId('stale-summary').waitFor();
    // The base as a reader reads it: a short id and its date, words apart ("base 1 of 5 Dec …, from index").
    expect((await page.getByTestId('stale-base').textContent())?.replace(/\s+/g, ' ')).toMatch(/^\(base \S+ of \S.*, from index;/);
    const inserted = await sideBySide.locator('[data-testid=english-diff] ins').allTextContents();
    expect(inserted.join(' ')).toContain(ADDED_SENTENCE.split(' ')[0]);
    expect(
      await sideBySide
        .locator('[data-testid=english-diff] ins')
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    ).not.toBe('rgba(0, 0, 0, 0)');
    await sideBySide.scrollIntoViewIfNeeded();
    await shot(page, 'article-text-1280.png');
    expect(pageErrors).toEqual([]);
  });

  it('a ja-JP translator claims a stale article; another translator sees it taken; release frees it', async () => {
    const aiko = h.addUser('aiko', 'translator', ['ja-JP']);
    const kenji = h.addUser('kenji', 'translator', ['ja-JP']);

    // Kenji opens the same list first: it follows Aiko's claim by itself (claim-changed on /api/events).
    const b = await open();
    await signIn(b, kenji, 'kenji');
    await b.goto(`${h.url}/locales/ja-JP?stale=1`);
    await b.getByTestId('article-row').first().waitFor();

    const a = await open();
    await signIn(a, aiko, 'aiko');
    await a.goto(`${h.url}/locales/ja-JP?stale=1`);
    const rowA = a.getByTestId('article-row').first();
    await rowA.waitFor();
    const key = await rowA.getAttribute('data-key');
    expect(key).toBeTruthy();
    await rowA.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => rowA.getByTestId('claim-holder').textContent()).toContain('Claimed by you');

    // The claim is stored: a reload shows it, and so does My claims.
    await a.reload();
    await expect.poll(() => a.locator(`[data-testid=article-row][data-key="${key}"] [data-testid=claim-holder]`).textContent()).toContain('Claimed by you');
    await a.getByRole('link', { name: 'My claims' }).click();
    await a.waitForURL(/\/claims$/);
    await expect.poll(() => a.locator(`[data-testid=claim-row][data-key="${key}"]`).count()).toBe(1);

    // Kenji's list, open all along, now shows the holder with no Claim button (the 409 of a stale page: test/e2e/claims.test.ts).
    const rowB = b.locator(`[data-testid=article-row][data-key="${key}"]`);
    await expect
      .poll(() =>
        rowB
          .getByTestId('claim-holder')
          .textContent({ timeout: 1000 })
          .catch(() => ''),
      )
      .toContain('Claimed by aiko');
    expect(await rowB.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    // After a reload it is plainly taken: no claim or release button for him.
    await b.reload();
    await expect.poll(() => rowB.getByTestId('claim-holder').textContent()).toContain('Claimed by aiko');
    expect(await rowB.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    expect(await rowB.getByRole('button', { name: 'Release' }).count()).toBe(0);

    // A manager sees the claim among all claims, with its holder.
    const mia = h.addUser('mia', 'manager', []);
    const m = await open();
    await signIn(m, mia, 'mia');
    await m.getByRole('link', { name: 'All claims' }).click();
    await m.waitForURL(/\/claims\/all$/);
    const managerRow = m.locator(`[data-testid=claim-row][data-key="${key}"]`);
    await managerRow.waitFor();
    expect(await managerRow.textContent()).toContain('aiko');

    // Release from My claims: the list empties and the other translator can claim it.
    await a.locator(`[data-testid=claim-row][data-key="${key}"]`).getByRole('button', { name: 'Release' }).click();
    await a.getByTestId('empty').waitFor();
    await b.reload();
    await rowB.getByRole('button', { name: 'Claim' }).waitFor();
    expect(pageErrors).toEqual([]);
    pageErrors.splice(0);
  });

  it('a manager re-indexes from the overview; the new run appears under Runs; sign-out forgets the token', async () => {
    const before = (await api<{ runs: { id: number }[] }>('/api/runs')).runs.length;
    const token = h.addUser('rei', 'manager', []);
    const page = await open();
    await signIn(page, token, 'rei');
    expect(await page.getByTestId('me-role').textContent()).toBe('manager');
    await page.goto(`${h.url}/`);
    await page.getByTestId('reindex').click();
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: /^Run \d+/ })
            .textContent(),
        { timeout: 30_000 },
      )
      .toMatch(/complete/);
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByTestId('runs').waitFor();
    expect(await page.locator('[data-testid=runs] tbody tr').count()).toBe(before + 1);

    await page.goto(`${h.url}/signin`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('token').waitFor();
    expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0);
    await page.reload();
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('list sort, search and filters live in the URL and match the API', async () => {
    const page = await open();
    const keys = () => page.locator('[data-testid=article-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    const apiKeys = async (query: string) => (await api<ArticlesResponse>(`/api/articles?locale=ja-JP&${query}`)).rows.map((r) => r.key);

    await page.goto(`${h.url}/locales/ja-JP`);
    await page.getByTestId('article-row').first().waitFor();
    expect(await keys()).toEqual(await apiKeys('limit=50'));

    await page.getByRole('button', { name: 'Findings' }).click();
    await page.waitForURL(/sort=findings&order=desc/);
    const byFindings = await apiKeys('sort=findings&order=desc&limit=50');
    await expect.poll(keys).toEqual(byFindings);

    await page.getByTestId('search').fill('github-connect');
    await page.waitForURL(/q=github-connect/);
    const searched = await apiKeys('q=github-connect&sort=findings&order=desc&limit=50');
    expect(searched.length).toBeGreaterThan(0);
    await expect.poll(keys).toEqual(searched);

    await page.getByTestId('filter-stale').check();
    await page.waitForURL(/stale=1/);
    const staleKeys = await apiKeys('q=github-connect&stale=true&sort=findings&order=desc&limit=50');
    await expect.poll(keys).toEqual(staleKeys);

    // Back restores the previous filter state from the URL.
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('stale=1'));
    expect(await page.getByTestId('filter-stale').isChecked()).toBe(false);
    await expect.poll(keys).toEqual(searched);
    expect(pageErrors).toEqual([]);
  });

  it('overview, list and article fit an 800 px wide window without page-wide horizontal scrolling', async () => {
    const page = await open(800, 800);
    const views = ['/', '/locales/de-DE', `/locales/ja-JP/articles/${ARTICLE_KEY}`];
    for (const view of views) {
      await page.goto(h.url + view);
      await page.locator('[data-testid=heatmap], [data-testid=articles], [data-testid=side-by-side]').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${view} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
      await shot(page, `${view === '/' ? 'overview' : view.includes('/articles/') ? 'article' : 'list'}-800.png`);
    }
    expect(pageErrors).toEqual([]);
  });

  it('every view has a URL of its own and an error state with retry', async () => {
    const page = await open();
    await page.goto(`${h.url}/runs`);
    await page.getByTestId('runs').waitFor();
    expect(await page.locator('[data-testid=runs] tbody tr').count()).toBeGreaterThan(0);
    // An unknown article is a 404 from the API: the page says so and offers a retry.
    await page.goto(`${h.url}/locales/de-DE/articles/no/such/page`);
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').getByRole('button', { name: 'Retry' }).count()).toBe(1);
    await page.goto(`${h.url}/claims`);
    expect(await page.getByTestId('empty').textContent()).toContain('Sign in');
    pageErrors.splice(0); // the 404 above logs a console error by design
  });

  it('an unknown locale URL says there is no such locale and links the indexed ones', async () => {
    const page = await open();
    for (const url of ['/locales/ja-jp', `/locales/ja-jp/articles/${ARTICLE_KEY}`, '/locales/xx']) {
      await page.goto(`${h.url}${url}`);
      const box = page.getByTestId('no-such-locale');
      await box.waitFor();
      expect(await box.textContent(), url).toContain(`No such locale: ${url.split('/')[2]}`);
      expect(await page.locator('[data-testid=article-row]').count()).toBe(0);
      const links = await box.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
      expect(links).toContainEqual(['zh-CN', '/locales/zh-CN']);
      if (url.startsWith('/locales/ja-jp')) expect(links[0]).toEqual(['ja-JP', '/locales/ja-JP']);
    }
    await page.getByTestId('no-such-locale').getByRole('link', { name: 'de-DE' }).click();
    await page.locator('[data-testid=article-row]').first().waitFor();
    pageErrors.splice(0); // the 400s above log console errors by design
  });
});
