/** The HTML report opened in the real Chromium of the UI tests: charts drawn, no console errors, no requests, no injected markup. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineChartSvg, renderHtml } from '../../server/reports/html.ts';
import { buildWeeklyReport, type WeeklyReport } from '../../server/reports/model.ts';
import { launchBrowser } from '../e2e/browser.ts';
import { buildHistory, GENERATED_AT, type History } from './history.ts';

let h: History;
let browser: Browser;
let report: WeeklyReport;

beforeAll(async () => {
  h = await buildHistory();
  report = buildWeeklyReport(h.db, { week: '2026-W47', timeZone: 'UTC', sourceLocale: 'en', now: GENERATED_AT });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  h?.close();
});

async function open(html: string) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('dialog', (d) => (problems.push(`dialog ${d.message()}`), void d.dismiss()));
  page.on('request', (r) => requests.push(r.url()));
  await page.setContent(html, { waitUntil: 'load' });
  return { page, problems, requests, close: () => context.close() };
}

describe('HTML report in Chromium', () => {
  it('draws both trend charts and the week’s tables without errors or requests', async () => {
    const { page, problems, requests, close } = await open(renderHtml(report));
    expect(await page.locator('[data-testid=charts] svg').count()).toBe(2);
    // One line per locale with two weeks of data in each chart.
    expect(await page.locator('[data-testid=charts] svg').first().locator('polyline.series').count()).toBe(report.trends.locales.length);
    const box = await page.locator('[data-testid=charts] svg').first().boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(await page.locator('[data-testid=locales] tbody tr').count()).toBe(report.locales.length);
    expect(await page.locator('[data-testid=claims]').innerText()).toContain('kenji');
    expect(await page.locator('body').innerText()).toContain('5 new, 4 resolved');
    // Printable: the print stylesheet applies and the charts stay.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('[data-testid=charts] svg').first().isVisible()).toBe(true);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await close();
  });

  it('shows document text as text', async () => {
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const hostile: WeeklyReport = {
      ...report,
      stale: { total: 1, articles: [{ ...report.stale.articles[0]!, title: evil, changedSections: [evil] }] },
      newFindings: { ...report.newFindings, byCheck: [{ ...report.newFindings.byCheck[0]!, topArticles: [{ locale: 'ja-JP', key: evil, count: 1 }] }] },
      trends: { ...report.trends, locales: [{ ...report.trends.locales[0]!, locale: `</text><script>alert(3)</script>` }] },
    };
    const { page, problems, requests, close } = await open(renderHtml(hostile));
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('body').innerText()).toContain('<img src=x onerror="alert(1)">');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await close();
  });

  it('a week without runs shows the notice and still draws the trend', async () => {
    const empty = buildWeeklyReport(h.db, { week: '2026-W48', timeZone: 'UTC', sourceLocale: 'en', now: new Date('2026-12-01T00:00:00Z') });
    const { page, problems, close } = await open(renderHtml(empty));
    expect(await page.getByTestId('no-runs').innerText()).toContain('No index run finished in 2026-W48');
    expect(await page.locator('[data-testid=locales]').count()).toBe(0);
    expect(await page.locator('[data-testid=charts] svg').count()).toBe(2);
    expect(problems).toEqual([]);
    await close();
  });

  it('lays the trend legend of 8 locales out without overlaps, inside the chart', async () => {
    // The snapshot's 8 translation locales.
    const locales = ['de-DE', 'es-ES', 'es-XL', 'ja-JP', 'ko-KR', 'pt-BR', 'ru-RU', 'zh-CN'];
    const weeks = ['2026-W44', '2026-W45', '2026-W46', '2026-W47'];
    const svg = lineChartSvg(
      'Up to date, % of English articles',
      weeks,
      locales.map((label, i) => ({ label, points: weeks.map((_, w) => 50 + i + w) })),
      { max: 100, unit: '%' },
    );
    const { page, problems, close } = await open(`<!doctype html><body style="margin:0;width:640px">${svg}</body>`);
    const boxes = await page.evaluate((labels) => {
      const texts = [...document.querySelectorAll('svg text')].filter((t) => labels.includes(t.textContent ?? ''));
      return texts.map((t) => {
        const r = t.getBoundingClientRect();
        return { label: t.textContent, x: r.x, y: r.y, right: r.right, bottom: r.bottom };
      });
    }, locales);
    const chart = await page.locator('svg').boundingBox();
    expect(boxes.map((b) => b.label)).toEqual(locales);
    for (const [i, a] of boxes.entries()) {
      expect(a.bottom, `${a.label} inside the chart`).toBeLessThanOrEqual(chart!.y + chart!.height);
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.right && b.x < a.right && a.y < b.bottom && b.y < a.bottom;
        expect(overlap, `${a.label} and ${b.label} overlap`).toBe(false);
      }
    }
    expect(problems).toEqual([]);
    await close();
  });
});
