/**
 * One Chromium per test file, with the pages the tests open and the guard every e2e file uses:
 * console errors, uncaught exceptions and dialogs of a page made by open() are collected in
 * `errors`, and a test that caused any of them fails on `expect(errors).toEqual([])`.
 */
import { expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import type { LocalesResponse } from '../../web/src/lib/types.ts';

export class Chromium {
  /** Console errors, uncaught exceptions and dialogs of every page open() made. */
  readonly errors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  private constructor(readonly browser: Browser) {}

  static async launch(): Promise<Chromium> {
    return new Chromium(await launchBrowser());
  }

  /** A context closed with the browser, for pages that watch themselves (no guard attached). */
  async newContext(options?: BrowserContextOptions): Promise<BrowserContext> {
    const context = await this.browser.newContext(options);
    this.contexts.push(context);
    return context;
  }

  /** A page in its own context (10 s default timeout) whose errors and dialogs go to `errors`; dialogs are dismissed. */
  async open(width = 1280, height = 800): Promise<Page> {
    const context = await this.newContext({ viewport: { width, height } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
    page.on('dialog', (d) => {
      this.errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser.close();
  }
}

/** GET base + route, expecting 200, as parsed JSON. */
export async function getJson<T>(base: string, route: string): Promise<T> {
  const res = await fetch(base + route);
  expect(res.status, route).toBe(200);
  return (await res.json()) as T;
}

/**
 * The overview heatmap shows the API's numbers for every translation locale: one row each, its
 * total, each check's cell (attribute and text) and the progress legend; at least one cell in all.
 */
export async function expectHeatmapMatchesApi(page: Page, translations: LocalesResponse['locales']): Promise<void> {
  let cells = 0;
  for (const l of translations) {
    const row = page.locator(`[data-testid=heatmap] tr[data-locale="${l.locale}"]`);
    await expect.poll(() => row.count()).toBe(1);
    const total = l.totals.error + l.totals.warning + l.totals.info;
    expect(total, `${l.locale} has open findings`).toBeGreaterThan(0);
    // Info is counted apart from errors and warnings.
    const num = async (id: string) => Number((await page.getByTestId(id).textContent())?.replace(/\D/g, ''));
    expect(await num(`total-${l.locale}`)).toBe(l.totals.error + l.totals.warning);
    expect(await num(`info-${l.locale}`)).toBe(l.totals.info);
    for (const check of Object.keys(l.findings)) {
      // A cell shows the articles its findings count against the translation, then those English has
      // too and those with info only: together the articles its list shows (the same rows).
      const c = l.cells[check]!;
      expect(c.against + c.englishToo + c.info, `${l.locale} × ${check} adds up`).toBe(l.articlesByCheck[check]);
      const cell = page.getByTestId(`cell-${l.locale}-${check}`);
      expect(Number(await cell.getAttribute('data-count')), `${l.locale} × ${check}`).toBe(c.against);
      expect(Number(await cell.getAttribute('data-articles')), `${l.locale} × ${check} articles`).toBe(c.articles);
      const text = ((await cell.textContent()) ?? '').replace(/,/g, '');
      expect(text.match(/\d+/)?.[0], `${l.locale} × ${check} shows its number`).toBe(String(c.against));
      if (c.englishToo) expect(text).toContain(`+${c.englishToo} English`);
      if (c.info) expect(text).toContain(`+${c.info} info`);
      cells++;
    }
    // Progress bar numbers are the API's.
    const legend = await page.getByTestId(`progress-${l.locale}`).textContent();
    expect(legend).toContain(`up to date ${l.upToDate}`);
    expect(legend).toContain(`stale ${l.stale}`);
    expect(legend).toContain(`missing ${l.missing}`);
    expect(legend).toContain(`base unknown ${l.baseUnknown}`);
    expect(legend).toContain(`English fallback ${l.englishFallback}`);
    expect(legend).toContain(`translated ${l.translated}/${l.englishArticles}`);
  }
  expect(cells).toBeGreaterThan(0);
}
