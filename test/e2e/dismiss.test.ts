/**
 * Dismissing a finding in a real Chromium against the real server and the bundled sample: a
 * ja-JP translator dismisses the article's "shortTitle is still English" finding from the
 * article view (kind + reason, keyboard focus kept); it leaves the open count of the article,
 * /api/locales and the overview heatmap, and shows under "dismissed" in the article and the list.
 * Undo brings it back.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { LocalesResponse } from '../../web/src/lib/types.ts';
import { dashboardInBrowser } from './setup.ts';
import { expectHeatmapMatchesApi, getJson } from './page.ts';

const e2e = dashboardInBrowser();

const KEY = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';

const api = <T>(route: string): Promise<T> => getJson<T>(e2e.h.url, route);
const jaTotal = async () => {
  const ja = (await api<LocalesResponse>('/api/locales')).locales.find((l) => l.locale === 'ja-JP')!;
  return ja.totals.error + ja.totals.warning + ja.totals.info;
};
const openCount = async (page: Page) => Number((await page.locator('#findings-title').textContent())?.match(/(\d+) open finding/)?.[1]);

describe('dismissing a finding in Chromium', () => {
  it('a dismissed finding leaves the open counts and shows under dismissed; undo brings it back', async () => {
    const token = e2e.h.addUser('aiko', 'translator', ['ja-JP']);
    const page = await e2e.chromium.open();
    await page.goto(`${e2e.h.url}/signin`);
    await page.getByTestId('token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('aiko');

    const totalBefore = await jaTotal();
    await page.goto(`${e2e.h.url}/locales/ja-JP/articles/${KEY}`);
    const item = page.locator('[data-testid=findings] li', { hasText: 'Frontmatter shortTitle is still English' });
    await item.waitFor();
    const before = await openCount(page);
    expect(before).toBeGreaterThan(1);
    expect(await page.getByTestId('dismissed-findings').count()).toBe(0);

    // Open the form: focus moves to the selected kind; Cancel gives it back to the button.
    const opener = item.getByRole('button', { name: 'Dismiss this untranslated-field finding' });
    await opener.click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('false-alarm');
    await item.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Dismiss this untranslated-field finding');

    // Kind and reason by their labels; an empty reason is refused with a message.
    await opener.click();
    await item.getByLabel('Won’t fix').check();
    await item.getByRole('button', { name: 'Dismiss finding' }).click();
    // The reason is required (the browser's own check stops the submit): nothing is dismissed.
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.tagName)).toBe('TEXTAREA');
    expect(await openCount(page)).toBe(before);
    await item.getByLabel(/Reason/).fill('Product UI strings stay English in ja-JP');
    await item.getByRole('button', { name: 'Dismiss finding' }).click();

    // Out of the open list and its count, into the article's dismissed section.
    await expect.poll(() => openCount(page)).toBe(before - 1);
    const dismissedSection = page.getByTestId('dismissed-findings');
    await expect.poll(() => dismissedSection.textContent()).toContain('Frontmatter shortTitle is still English');
    expect(await page.locator('[data-testid=findings] li', { hasText: 'Frontmatter shortTitle is still English' }).count()).toBe(0);
    expect(await jaTotal()).toBe(totalBefore - 1);

    // The overview heatmap shows the API's (lower) numbers.
    await page.goto(e2e.h.url);
    const locales = (await api<LocalesResponse>('/api/locales')).locales.filter((l) => !l.source);
    await expectHeatmapMatchesApi(page, locales);
    const shown = async (id: string) => Number((await page.getByTestId(id).textContent())?.replace(/\D/g, ''));
    expect((await shown('total-ja-JP')) + (await shown('info-ja-JP'))).toBe(totalBefore - 1);

    // The locale's list: the dismissed filter shows it.
    await page.goto(`${e2e.h.url}/locales/ja-JP?dismissed=1`);
    const list = page.getByTestId('dismissed-list');
    await expect.poll(() => list.textContent()).toContain('Frontmatter shortTitle is still English');
    expect(await list.textContent()).toMatch(/Dismissed findings\s*\(1\)/);

    // Undo from the article view: open and counted again.
    await page.goto(`${e2e.h.url}/locales/ja-JP/articles/${KEY}`);
    await page.getByTestId('dismissed-findings').getByRole('button', { name: 'Undo the dismissal of this untranslated-field finding' }).click();
    await expect.poll(() => openCount(page)).toBe(before);
    expect(await page.getByTestId('dismissed-findings').count()).toBe(0);
    expect(await jaTotal()).toBe(totalBefore);
    await page.close();
  }, 120_000);

  it('a translator of another locale gets no Dismiss control on ja-JP findings', async () => {
    const token = e2e.h.addUser('lena', 'translator', ['de-DE']);
    const page = await e2e.chromium.open();
    await page.goto(`${e2e.h.url}/signin`);
    await page.getByTestId('token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('lena');
    await page.goto(`${e2e.h.url}/locales/ja-JP/articles/${KEY}`);
    await page.locator('[data-testid=findings] li').first().waitFor();
    expect(await page.getByTestId('dismiss-control').count()).toBe(0);
    await page.close();
  }, 60_000);
});
