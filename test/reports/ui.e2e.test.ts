/** The Reports page in Chromium against the real server (the e2e harness: the sample indexed twice this week). */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklyReport } from '../../web/src/lib/types.ts';
import { weekOf } from '../../server/reports/week.ts';
import { launchBrowser } from '../e2e/browser.ts';
import { ensureWebBuild, startServer, type Harness } from '../e2e/harness.ts';

let h: Harness;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  h = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function open(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(h.url + path);
  return page;
}

describe('Reports page', () => {
  it('shows this week’s numbers from the API, the trend charts, and downloads the Markdown', async () => {
    // The harness indexes on the real clock: both runs are in the current week.
    const week = weekOf(new Date(), 'UTC').id;
    const api = (await (await fetch(`${h.url}/api/reports/weekly?week=${week}`)).json()) as WeeklyReport;
    expect(api.runs).toHaveLength(2);
    const page = await open('/');
    await page.getByRole('link', { name: 'Reports' }).click();
    await expect.poll(() => page.url()).toContain('/reports');
    await page.getByTestId('week').fill(week);
    await page.getByTestId('week').dispatchEvent('change');
    await expect.poll(() => page.url()).toContain(`week=${week}`);
    await expect.poll(() => page.getByTestId('new-count').textContent()).toBe(String(api.newFindings.total));
    expect(await page.getByTestId('resolved-count').textContent()).toBe(String(api.resolvedFindings.total));
    expect(await page.locator('[data-testid=report-locales] tbody tr').count()).toBe(api.locales.length);
    // Both runs are in one week: one point per locale, no line yet.
    expect(await page.locator('[data-testid=trend-uptodate] circle').count()).toBe(api.trends.locales.length);
    expect(await page.locator('[data-testid=trend-open] svg').count()).toBeGreaterThan(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Markdown' }).click()]);
    expect(download.suggestedFilename()).toBe(`l10n-drift-${week}.md`);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text).toContain(`# l10n-drift weekly report ${week}`);
    expect(text).toContain(`Findings: ${api.newFindings.total} new, ${api.resolvedFindings.total} resolved`);
    expect(problems).toEqual([]);
  });

  it('says so for a week without runs', async () => {
    const page = await open('/reports?week=2026-W01');
    await expect.poll(() => page.getByTestId('no-runs').textContent()).toContain('No index run finished in 2026-W01');
    expect(problems).toEqual([]);
  });

  it('shows the 400 message for a future week', async () => {
    const page = await open('/reports?week=2099-W01');
    await expect.poll(() => page.locator('main').textContent()).toContain('2099-W01 is in the future');
  });
});
