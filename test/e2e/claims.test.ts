/**
 * Claims in a real Chromium against the real server and the bundled sample, on a fake clock (the
 * server's `now` and the page's Date both start at 2026-03-02 09:00 UTC, so the test passes on
 * any date): a translator's flow at 390 px (stale list → claim → article → renew → complete) with
 * focus and the polite announcement asserted after each action, another translator's list
 * refreshing by itself and their stale article view answering with a human conflict time; a
 * manager filtering the claims page (in the URL, surviving reload), reassigning, renewing a claim
 * about to expire and reading the history; axe on both claims views; two pages on one article
 * following each other's claim changes (claim-changed events); the history's pager.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Chromium } from './page.ts';
import { ensureWebBuild, startServer, type Harness } from './harness.ts';
import type { ClaimInfo } from '../../web/src/lib/types.ts';

const KEY = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';
const DE_KEY = 'admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';
const START = Date.parse('2026-03-02T09:00:00.000Z');
const DAY = 86_400_000;

let h: Harness;
let chromium: Chromium;
const clock = { now: new Date(START) };
const tokens: Record<string, string> = {};

async function open(name: string, width = 1280, height = 800, { events = true } = {}): Promise<Page> {
  const page = await chromium.open(width, height);
  // A page whose event stream delivers nothing (a dropped connection): what it shows of claims stays as loaded.
  if (!events) await page.route('**/api/events', (route) => route.fulfill({ status: 200, contentType: 'text/event-stream', body: 'retry: 600000\n\n' }));
  await page.clock.setFixedTime(clock.now);
  await page.goto(`${h.url}/signin`);
  await page.getByTestId('token').fill(tokens[name]!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('whoami').textContent()).toContain(name);
  return page;
}

/** Moves the server's and the pages' clocks together. */
async function setClock(ms: number, ...pages: Page[]) {
  clock.now = new Date(ms);
  for (const p of pages) await p.clock.setFixedTime(clock.now);
}

async function api(who: string, method: string, route: string, body?: unknown): Promise<ClaimInfo> {
  const res = await fetch(h.url + route, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
  });
  expect(res.status, `${method} ${route}`).toBeLessThan(300);
  return (await res.json()) as ClaimInfo;
}

const focused = (page: Page) =>
  page.evaluate(() => ({
    text: document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    testid: document.activeElement?.getAttribute('data-testid') ?? '',
  }));
const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

async function axe(page: Page) {
  // Evaluated, not a <script> tag: the dashboard's Content-Security-Policy allows no inline script.
  await page.evaluate(fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

beforeAll(async () => {
  await ensureWebBuild();
  h = await startServer({ now: () => new Date(clock.now) });
  for (const [name, role, locales] of [
    ['aiko', 'translator', ['ja-JP']],
    ['ken', 'translator', ['ja-JP']],
    ['yuki', 'translator', ['zh-CN']],
    ['lena', 'translator', ['de-DE']],
    ['maria', 'manager', []],
  ] as const)
    tokens[name] = h.addUser(name, role, [...locales]);
  chromium = await Chromium.launch();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await h?.close();
});

describe('claims in Chromium', () => {
  it('a translator at 390 px: stale list → claim → article → renew → complete, focus and announcements asserted; another translator’s list follows', async () => {
    // Ken's views, open before Aiko claims: the stale list (refreshes by itself) and an article view that hears nothing.
    const kenList = await open('ken');
    await kenList.goto(`${h.url}/locales/ja-JP?stale=1`);
    const kenRow = kenList.locator(`[data-testid=article-row][data-key="${KEY}"]`);
    await kenRow.getByRole('button', { name: 'Claim' }).waitFor();
    // Ken's article view misses the claim-changed event (a dropped connection), so it still offers Claim.
    const kenArticle = await open('ken', 1280, 800, { events: false });
    await kenArticle.goto(`${h.url}/locales/ja-JP/articles/${KEY}`);
    await kenArticle.getByRole('button', { name: 'Claim' }).waitFor();

    const page = await open('aiko', 390, 844);
    await page.goto(`${h.url}/locales/ja-JP?stale=1&unclaimed=1`);
    const row = page.locator(`[data-testid=article-row][data-key="${KEY}"]`);
    await row.waitFor();
    // The list is cards at 390 px: Stale and Claim on screen, no sideways page scroll.
    expect(await noHorizontalScroll(page)).toBe(true);
    await row.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => row.getByTestId('claim-holder').textContent()).toContain('Claimed by you');
    await expect.poll(() => focused(page)).toMatchObject({ testid: 'claim-holder' });
    expect((await focused(page)).text).toContain('Claimed by you');
    expect(await row.getByTestId('claim-announcement').textContent()).toBe('Claimed by you until 16 Mar, 09:00 UTC (in 14 days).');

    // Ken's list reloads by itself (claim-changed on /api/events); his stale article view, asked to claim, names Aiko and a human time.
    await expect
      .poll(() =>
        kenRow
          .getByTestId('claim-holder')
          .textContent({ timeout: 1000 })
          .catch(() => ''),
      )
      .toContain('Claimed by aiko');
    await setClock(START + 9 * DAY + 3 * 3_600_000, kenArticle);
    await kenArticle.getByRole('button', { name: 'Claim' }).click();
    const conflict = kenArticle.locator('.claim-error[role=alert]');
    await expect.poll(() => conflict.textContent()).toBe(`ja-JP ${KEY} is already claimed by aiko until 16 Mar, 09:00 UTC (in 4 days)`);
    expect(await kenArticle.getByTestId('claim-holder').textContent()).toContain('Claimed by aiko');
    // The browser logs the 409 it was answered; that one is expected, nothing else.
    expect(chromium.errors).toEqual(['console: Failed to load resource: the server responded with a status of 409 (Conflict)']);
    chromium.errors.length = 0;

    // The article view at 390 px; 13 days later the claim warns that it expires soon, and Renew extends it.
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/locales\/ja-JP\/articles\//);
    const control = page.getByTestId('claim-control');
    await control.waitFor();
    expect(await noHorizontalScroll(page), 'article view at 390 px').toBe(true);
    expect(await control.getByTestId('claim-expiry').textContent()).toContain('expires in 14 days');
    await setClock(START + 13 * DAY, page);
    await page.reload();
    await expect.poll(() => control.getByTestId('claim-expiry').textContent()).toContain('expires soon: in 1 day');
    await control.getByRole('button', { name: 'Renew' }).click();
    await expect.poll(() => control.getByTestId('claim-expiry').textContent()).toContain('expires in 14 days');
    await expect.poll(() => focused(page)).toMatchObject({ testid: 'claim-holder' });
    expect(await control.getByTestId('claim-announcement').textContent()).toBe('Renewed: the claim now expires in 14 days, 29 Mar, 09:00 UTC.');

    // Complete: focus lands on the new state, the Claim button.
    await control.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ text: 'Claim' });
    expect(await control.getByTestId('claim-announcement').textContent()).toContain('Completed');

    // Claim again and release: focus lands on the Claim button, the new state.
    await control.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ testid: 'claim-holder' });
    await control.getByRole('button', { name: 'Release' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ text: 'Claim' });
    expect(await control.getByTestId('claim-announcement').textContent()).toBe('Released: the article is free to claim.');

    // My claims: none active; the history tab shows what happened, who and when.
    await page.goto(`${h.url}/claims`);
    await page.getByText('You have no active claims').waitFor();
    await page.getByTestId('tab-history').click();
    await page.waitForURL(/view=history/);
    const steps = page.getByTestId('history-row');
    await expect.poll(() => steps.count()).toBe(5);
    expect(await steps.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-event'), r.children[4]!.textContent]))).toEqual([
      ['released', 'aiko'],
      ['claimed', 'aiko'],
      ['completed', 'aiko'],
      ['renewed', 'aiko'],
      ['claimed', 'aiko'],
    ]);
    expect(await noHorizontalScroll(page), 'claims history at 390 px').toBe(true);
    expect(chromium.errors).toEqual([]);
  }, 120_000);

  it('a manager filters (kept in the URL), reassigns, renews a claim about to expire and reads the history; axe finds nothing', async () => {
    const base = clock.now.getTime();
    await api('ken', 'POST', '/api/claims', { locale: 'ja-JP', key: KEY });
    await api('yuki', 'POST', '/api/claims', { locale: 'zh-CN', key: KEY });
    await api('lena', 'POST', '/api/claims', { locale: 'de-DE', key: DE_KEY });

    const page = await open('maria');
    await page.goto(`${h.url}/claims/all`);
    const rows = page.getByTestId('claim-row');
    await expect.poll(() => rows.count()).toBe(3);
    // Titles as text and the locale, not paths only.
    const ja = page.locator('[data-testid=claim-row][data-locale=ja-JP]');
    expect(await ja.locator('td.article a').textContent()).not.toBe(KEY);
    expect(await ja.locator('td.article .path').textContent()).toBe(KEY);
    expect(await axe(page)).toEqual([]);

    // Filters: locale, then translator; each in the URL, kept across a reload.
    await page.getByTestId('filter-locale').selectOption('ja-JP');
    await page.waitForURL(/locale=ja-JP/);
    await expect.poll(() => rows.count()).toBe(1);
    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByTestId('filter-locale').inputValue()).toBe('ja-JP');
    await page.getByTestId('filter-locale').selectOption('');
    await page.getByTestId('filter-user').selectOption('lena');
    await page.waitForURL(/user=lena/);
    await expect.poll(() => rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-locale')))).toEqual(['de-DE']);
    await page.getByTestId('filter-user').selectOption('');
    await expect.poll(() => rows.count()).toBe(3);

    // Reassign Ken's ja-JP claim to Aiko: the choices are the other ja-JP translators; focus goes to the page's status line.
    const select = ja.getByTestId('reassign-to');
    expect(await select.locator('option').allTextContents()).toEqual(['Reassign to…', 'aiko']);
    await select.selectOption('aiko');
    await ja.getByRole('button', { name: 'Reassign' }).click();
    await expect.poll(() => ja.getByTestId('claim-user').textContent()).toBe('aiko');
    await expect.poll(() => focused(page)).toMatchObject({ testid: 'claims-status' });
    expect((await focused(page)).text).toContain('reassigned from ken to aiko');

    // 12½ days on, every claim warns; the manager renews the ja-JP one from the claims page.
    await setClock(base + 12.5 * DAY, page);
    await page.reload();
    await expect.poll(() => ja.getByTestId('claim-expires').textContent()).toContain('Expires soon: in 1 day');
    await ja.getByRole('button', { name: 'Renew' }).click();
    await expect.poll(() => ja.getByTestId('claim-expires').textContent()).toContain('expires in 14 days');
    await expect.poll(() => focused(page)).toMatchObject({ testid: 'claim-holder' });
    expect(await page.locator('[data-testid=claim-row][data-locale=zh-CN] [data-testid=claim-expires]').textContent()).toContain('Expires soon');

    // History, filtered to ja-JP through the URL: the reassignment and the renewal, who and when.
    await page.goto(`${h.url}/claims/all?view=history&locale=ja-JP`);
    const steps = page.getByTestId('history-row');
    await expect.poll(() => steps.count()).toBeGreaterThanOrEqual(3);
    const top = await steps.evaluateAll((r) => r.slice(0, 3).map((x) => [...x.children].map((c) => c.textContent!.trim())));
    expect(top.map((cells) => [cells[1], cells[3], cells[4], cells[5]])).toEqual([
      ['Renewed', 'ja-JP', 'maria', 'until 10 Apr, 21:00 UTC'],
      ['Reassigned', 'ja-JP', 'maria', 'ken → aiko'],
      ['Claimed', 'ja-JP', 'ken', 'until 29 Mar, 09:00 UTC'],
    ]);
    expect(await steps.evaluateAll((r) => r.every((x) => x.children[3]!.textContent!.trim() === 'ja-JP'))).toBe(true);
    expect(await axe(page)).toEqual([]);

    // Release from the claims page: the row leaves the active list and focus lands on the page's status line.
    await page.goto(`${h.url}/claims/all`);
    const zh = page.locator('[data-testid=claim-row][data-locale=zh-CN]');
    await zh.getByRole('button', { name: 'Release' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => focused(page)).toMatchObject({ testid: 'claims-status' });
    expect((await focused(page)).text).toMatch(/\(zh-CN\): claim released\.$/);

    // Status "all" lists closed claims too (Aiko's completed and released ones from the first test).
    await page.goto(`${h.url}/claims/all?status=all&locale=ja-JP`);
    await expect.poll(() => rows.count()).toBe(3);
    expect(chromium.errors).toEqual([]);
  }, 120_000);

  it('two pages on one article: a claim, a release and a completion made on one (or by API) show on the other without a reload', async () => {
    const article = `${h.url}/locales/zh-CN/articles/${KEY}`;
    const yuki = await open('yuki');
    const maria = await open('maria');
    for (const p of [yuki, maria]) {
      await p.goto(article);
      await p.getByTestId('claim-control').waitFor();
      // Set once: a reload would drop it.
      await p.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
    }
    const kept = (p: Page) => p.evaluate(() => (window as unknown as { kept?: boolean }).kept === true);
    const holder = (p: Page) =>
      p
        .getByTestId('claim-holder')
        .textContent({ timeout: 1000 })
        .catch(() => '');
    await yuki.getByTestId('claim-control').getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => holder(yuki)).toContain('Claimed by you');
    // Maria's page follows the claim-changed event: Yuki holds it, and a manager may release it there.
    await expect.poll(() => holder(maria)).toContain('Claimed by yuki');
    // Released on Maria's page: Yuki's page offers Claim again.
    await maria.getByTestId('claim-control').getByRole('button', { name: 'Release' }).click();
    await expect.poll(() => holder(maria)).toBe('');
    await yuki.getByTestId('claim-control').getByRole('button', { name: 'Claim' }).waitFor();
    expect(await holder(yuki)).toBe('');
    // Claimed and completed by API (another tab or a script): both pages follow.
    const claim = await api('yuki', 'POST', '/api/claims', { locale: 'zh-CN', key: KEY });
    await expect.poll(() => holder(maria)).toContain('Claimed by yuki');
    await expect.poll(() => holder(yuki)).toContain('Claimed by you');
    await api('yuki', 'POST', `/api/claims/${claim.id}/complete`);
    await yuki.getByTestId('claim-control').getByRole('button', { name: 'Claim' }).waitFor();
    await expect.poll(() => holder(maria)).toBe('');
    expect(await kept(yuki)).toBe(true);
    expect(await kept(maria)).toBe(true);
    expect(chromium.errors).toEqual([]);
  }, 120_000);

  it('pages the history: Page 1 of 2, Next by keyboard to page 2 (in the URL), Previous back', async () => {
    // 26 claim + release cycles on the zh-CN article: 52 steps more, over the history's page of 50.
    for (let i = 0; i < 26; i++) {
      const c = await api('yuki', 'POST', '/api/claims', { locale: 'zh-CN', key: KEY });
      await api('yuki', 'POST', `/api/claims/${c.id}/release`);
    }
    const total = (
      (await (await fetch(`${h.url}/api/claims/history?limit=1`, { headers: { authorization: `Bearer ${tokens.maria}` } })).json()) as { total: number }
    ).total;
    expect(total).toBeGreaterThan(50);
    expect(total).toBeLessThanOrEqual(100);
    const page = await open('maria');
    await page.goto(`${h.url}/claims/all?view=history`);
    const pager = page.getByRole('navigation', { name: 'Pages' });
    await expect.poll(() => pager.textContent()).toContain('Page 1 of 2');
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(50);
    expect(await pager.getByRole('button', { name: '← Previous' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Next →' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/page=2/);
    await expect.poll(() => pager.textContent()).toContain('Page 2 of 2');
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(total - 50);
    expect(await pager.getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: '← Previous' }).click();
    await expect.poll(() => pager.textContent()).toContain('Page 1 of 2');
    expect(chromium.errors).toEqual([]);
  }, 120_000);
});
