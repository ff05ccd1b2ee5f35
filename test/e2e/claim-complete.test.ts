/**
 * Claim → complete in a real Chromium against the real server and the bundled sample (indexed
 * twice by the harness: English gained a sentence, so the ja-JP translation of the license-sync
 * article is stale with an index-history base). Completing the claim takes effect at once, in the
 * same request and with no re-index: the article view drops its stale banner and English diff,
 * the list and its filters show the article up to date, the overview and /api/locales count it
 * so, and it is no longer offered as stale to claim.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectHeatmapMatchesApi, getJson } from './page.ts';
import { dashboardInBrowser } from './setup.ts';
import type { ArticlesResponse, LocalesResponse } from '../../web/src/lib/types.ts';

const e2e = dashboardInBrowser();

const KEY = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';

const api = <T>(route: string): Promise<T> => getJson<T>(e2e.h.url, route);
const ja = async () => (await api<LocalesResponse>('/api/locales')).locales.find((l) => l.locale === 'ja-JP')!;
const listed = async (query: string) => (await api<ArticlesResponse>(`/api/articles?locale=ja-JP&${query}&limit=200`)).rows.map((r) => r.key);

async function signIn(page: Page, token: string, name: string) {
  await page.goto(`${e2e.h.url}/signin`);
  await page.getByTestId('token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('whoami').textContent()).toContain(name);
}

describe('claim → complete in Chromium', () => {
  it('a completed article is up to date at once in the article view, the list, the overview and /api/locales, and not claimable as stale', async () => {
    const before = await ja();
    const runsBefore = (await api<{ runs: unknown[] }>('/api/runs')).runs.length;
    expect(before.stale).toBeGreaterThan(0);
    expect(await listed('state=stale')).toContain(KEY);

    const aiko = e2e.h.addUser('aiko', 'translator', ['ja-JP']);
    const page = await e2e.chromium.open();
    await signIn(page, aiko, 'aiko');

    // The stale, unclaimed articles a translator picks from.
    await page.goto(`${e2e.h.url}/locales/ja-JP?stale=1&unclaimed=1`);
    const row = page.locator(`[data-testid=article-row][data-key="${KEY}"]`);
    await row.waitFor();
    expect(await row.getByTestId('row-state').textContent()).toMatch(/stale/i);
    await row.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => row.getByTestId('claim-holder').textContent()).toContain('Claimed by you');

    // The article view: stale, with the English diff; the translator completes the claim there.
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/locales\/ja-JP\/articles\//);
    await page.getByTestId('stale-summary').waitFor();
    expect(await page.locator('[data-testid=english-diff] ins').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Complete' }).click();

    // At once, no re-index: the banner and the diff are gone, the base is the completed claim's.
    await expect.poll(() => page.getByTestId('stale-summary').count()).toBe(0);
    expect(await page.locator('[data-testid=english-diff]').count()).toBe(0);
    expect(await page.getByTestId('base-unknown').count()).toBe(0);
    expect(await page.locator('[data-testid=findings] [data-check=stale-translation]').count()).toBe(0);
    expect((await api<{ runs: unknown[] }>('/api/runs')).runs.length).toBe(runsBefore);

    // /api/locales and the list filters count it up to date.
    const after = await ja();
    expect({ stale: after.stale, upToDate: after.upToDate, translated: after.translated }).toEqual({
      stale: before.stale - 1,
      upToDate: before.upToDate + 1,
      translated: before.translated,
    });
    expect(await listed('state=stale')).not.toContain(KEY);
    expect(await listed('stale=true')).not.toContain(KEY);
    expect(await listed('state=up-to-date')).toContain(KEY);

    // The list in the browser: up to date under its filter, absent from the stale ones.
    await page.goto(`${e2e.h.url}/locales/ja-JP?state=up-to-date`);
    const upToDate = page.locator(`[data-testid=article-row][data-key="${KEY}"]`);
    await upToDate.waitFor();
    expect(await upToDate.getByTestId('row-state').textContent()).toMatch(/up to date/i);
    for (const query of ['stale=1', 'stale=1&unclaimed=1', 'state=stale']) {
      await page.goto(`${e2e.h.url}/locales/ja-JP?${query}`);
      await page.locator('[data-testid=article-row], [data-testid=empty]').first().waitFor();
      expect(await page.locator(`[data-testid=article-row][data-key="${KEY}"]`).count(), query).toBe(0);
    }

    // The overview shows the API's numbers, the new ones.
    await page.goto(`${e2e.h.url}/`);
    await page.getByTestId('heatmap').waitFor();
    const locales = (await api<LocalesResponse>('/api/locales')).locales.filter((l) => !l.source);
    await expectHeatmapMatchesApi(page, locales);
    const legend = await page.getByTestId('progress-ja-JP').textContent();
    expect(legend).toContain(`up to date ${after.upToDate}`);
    expect(legend).toContain(`stale ${after.stale}`);
    expect(e2e.chromium.errors).toEqual([]);
  });
});
