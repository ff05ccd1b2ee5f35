/**
 * Accessibility of every view in a real Chromium on the bundled sample: axe-core at 1440 and 390 px
 * (no serious or critical violation), no page-wide horizontal scroll, one <h1> and a title per
 * view, a screenshot of each into test/artifacts/views (CJK text rendered with the Noto fonts of
 * test/e2e/fonts.ts), and the keyboard: skip link, focus on the new page's heading after a
 * navigation with a polite announcement, and the compact header's menu on a phone.
 *
 * The views come from the router's route table (web/src/lib/routes.ts): a route added there and
 * not listed in VIEWS fails this file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Chromium } from './page.ts';
import { describeViolations, seriousViolations, sidewaysOverflow } from './a11y.ts';
import { ARTIFACTS, ensureWebBuild, startServer, type Harness } from './harness.ts';
import { ROUTE_NAMES, match, routeTitle, type RouteName } from '../../web/src/lib/routes.ts';

const ARTICLE_KEY = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';
/**
 * The committed screenshots (test/artifacts/views, looked at in review) are refreshed with
 * `npm run screenshots`; an ordinary run writes the same shots beside them, in a folder git
 * ignores, since run times and "N seconds ago" make every run's pixels differ a little.
 */
const SHOTS = path.join(ARTIFACTS, process.env.L10N_DRIFT_SCREENSHOTS ? 'views' : 'views-latest');
const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

type Who = 'anonymous' | 'translator' | 'manager';
interface View {
  /** Screenshot file stem. */
  id: string;
  path: string;
  as: Who;
  /** Shown once the view has its data. */
  ready: string;
  /** Console errors the view logs by design (an API 4xx it shows as a message). */
  expectedErrors?: RegExp;
}

/** Every route of the router, each with the states of it worth looking at. */
const VIEWS: Record<RouteName, View[]> = {
  overview: [{ id: 'overview', path: '/', as: 'manager', ready: '[data-testid=heatmap]' }],
  list: [
    { id: 'list', path: '/locales/ja-JP', as: 'anonymous', ready: '[data-testid=article-row]' },
    { id: 'list-stale-translator', path: '/locales/zh-CN?stale=1', as: 'translator', ready: '[data-testid=article-row]' },
    { id: 'no-such-locale', path: '/locales/ja-jp', as: 'anonymous', ready: '[data-testid=no-such-locale]', expectedErrors: /400/ },
  ],
  article: [
    { id: 'article-ja-JP', path: `/locales/ja-JP/articles/${ARTICLE_KEY}`, as: 'anonymous', ready: '[data-testid=side-by-side]' },
    { id: 'article-zh-CN-translator', path: `/locales/zh-CN/articles/${ARTICLE_KEY}`, as: 'translator', ready: '[data-testid=side-by-side]' },
    {
      id: 'article-no-such-locale',
      path: `/locales/zh-cn/articles/${ARTICLE_KEY}`,
      as: 'anonymous',
      ready: '[data-testid=no-such-locale]',
      expectedErrors: /400/,
    },
    { id: 'article-not-found', path: '/locales/de-DE/articles/no/such/page', as: 'anonymous', ready: '[data-testid=error]', expectedErrors: /404/ },
  ],
  claims: [
    { id: 'claims-mine', path: '/claims', as: 'translator', ready: '[data-testid=claims]' },
    { id: 'claims-all', path: '/claims/all', as: 'manager', ready: '[data-testid=claims]' },
    { id: 'claims-signed-out', path: '/claims', as: 'anonymous', ready: '[data-testid=empty]' },
  ],
  runs: [{ id: 'runs', path: '/runs', as: 'anonymous', ready: '[data-testid=runs]' }],
  findings: [
    { id: 'findings', path: '/findings?check=outdated-link&locale=ja-JP', as: 'anonymous', ready: '[data-testid=findings-count], [data-testid=empty]' },
  ],
  progress: [{ id: 'progress-ja-JP', path: '/locales/ja-JP/progress', as: 'anonymous', ready: '[data-testid=folder-tree]' }],
  reports: [{ id: 'reports', path: '/reports', as: 'anonymous', ready: '[data-testid=summary], [data-testid=no-runs]' }],
  signin: [
    { id: 'signin', path: '/signin', as: 'anonymous', ready: '[data-testid=token]' },
    { id: 'signed-in', path: '/signin', as: 'translator', ready: '[data-testid=me]' },
  ],
  notfound: [{ id: 'not-found', path: '/no/such/page', as: 'anonymous', ready: '[data-testid=empty]' }],
};

let h: Harness;
let chromium: Chromium;
const tokens: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  await ensureWebBuild();
  h = await startServer();
  chromium = await Chromium.launch();
  tokens.translator = h.addUser('aiko', 'translator', ['ja-JP', 'zh-CN']);
  tokens.manager = h.addUser('mia', 'manager', []);
  // One active claim, so both claims tables have a row (and its Release control) to check.
  const res = await fetch(`${h.url}/api/claims`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.translator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ locale: 'zh-CN', key: ARTICLE_KEY }),
  });
  expect(res.status, await res.text()).toBeLessThan(300);
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await chromium?.close();
  await h?.close();
});

/** A page of its own context (viewport, signed in as `who` through the stored token), errors collected. */
async function openAs(who: Who, width: number, height: number): Promise<Page> {
  const page = await chromium.open(width, height);
  const token = tokens[who];
  if (token) await page.context().addInitScript((t) => localStorage.setItem('l10n-drift.token', t), token);
  return page;
}

async function ready(page: Page, view: View): Promise<void> {
  await page.locator(view.ready).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=loading], [aria-busy=true]'));
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

describe('accessibility of every view', () => {
  it('lists every route of the router', () => {
    expect(Object.keys(VIEWS).toSorted()).toEqual([...ROUTE_NAMES].toSorted());
    for (const [name, views] of Object.entries(VIEWS)) {
      expect(views.length, name).toBeGreaterThan(0);
      for (const v of views) expect(match(new URL(v.path, 'http://x').pathname).name, v.path).toBe(name);
    }
  });

  for (const { width, height } of WIDTHS) {
    it(`${width} px: no serious or critical axe violation, no horizontal scroll, one h1 and a title per view`, async () => {
      const pages = new Map<Who, Page>();
      const failures: string[] = [];
      for (const view of Object.values(VIEWS).flat()) {
        let page = pages.get(view.as);
        if (!page) pages.set(view.as, (page = await openAs(view.as, width, height)));
        chromium.errors.splice(0);
        await page.goto(h.url + view.path);
        await ready(page, view);

        const h1s = await page.locator('h1').count();
        if (h1s !== 1) failures.push(`${view.id}: ${h1s} h1 elements, expected one`);
        const title = `${routeTitle(match(new URL(view.path, 'http://x').pathname))} · l10n-drift`;
        if ((await page.title()) !== title) failures.push(`${view.id}: document.title is "${await page.title()}", expected "${title}"`);
        const overflow = await sidewaysOverflow(page);
        if (overflow) failures.push(`${view.id}: ${overflow}`);
        const violations = await seriousViolations(page);
        if (violations.length) failures.push(`${view.id}:\n${describeViolations(violations)}`);

        const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.screenshot({
          path: path.join(SHOTS, `${view.id}-${width}.png`),
          fullPage: true,
          clip: { x: 0, y: 0, width, height: Math.min(pageHeight, 3 * height) },
        });
        const errors = chromium.errors.splice(0).filter((e) => !view.expectedErrors?.test(e));
        if (errors.length) failures.push(`${view.id}: ${errors.join('; ')}`);
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
    });
  }
});

describe('CJK text', () => {
  // test/e2e/fonts.ts gives the test browser Noto Sans JP/SC/KR; without them these are tofu boxes.
  for (const locale of ['ja-JP', 'zh-CN']) {
    it(`${locale}: the article's translated text is drawn with real glyphs, not the missing-glyph box`, async () => {
      const page = await openAs('anonymous', 1440, 900);
      await page.goto(`${h.url}/locales/${locale}/articles/${ARTICLE_KEY}`);
      await page.getByTestId('side-by-side').waitFor();
      const { chars, tofu } = await page.evaluate((lang) => {
        const el = document.querySelector(`main [lang="${lang}"]`);
        if (!el) throw new Error(`no element with lang=${lang}`);
        const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
        const found = [...new Set([...(el.textContent ?? '')].filter((c) => cjk.test(c)))].slice(0, 12);
        const font = getComputedStyle(el).font;
        const draw = (c: string) => {
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = 64;
          const ctx = canvas.getContext('2d');
          if (!ctx) throw new Error('no 2d canvas');
          ctx.font = font;
          ctx.fillText(c, 4, 48);
          return canvas.toDataURL();
        };
        // A code point no font has: what a character without a font looks like here.
        const missing = draw('\u{10FFFD}');
        return { chars: found, tofu: found.filter((c) => draw(c) === missing) };
      }, locale);
      expect(chars.length, `${locale} text has CJK characters`).toBeGreaterThan(5);
      expect(tofu, `drawn as the missing-glyph box: ${tofu.join('')}`).toEqual([]);
      expect(chromium.errors.splice(0)).toEqual([]);
    });
  }
});

describe('keyboard and screen reader', () => {
  it('the skip link is the first tab stop and moves focus to the main content', async () => {
    const page = await openAs('anonymous', 1440, 900);
    await page.goto(`${h.url}/`);
    await page.getByTestId('heatmap').waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The next Tab goes into the page, past the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.getElementById('main')?.contains(document.activeElement))).toBe(true);
    expect(chromium.errors.splice(0)).toEqual([]);
  });

  it('after each navigation focus is on the new page heading and the page is announced; filters keep focus', async () => {
    const page = await openAs('anonymous', 1440, 900);
    // Headings join a locale code and its language name with a no-break space: compare words.
    const focused = () =>
      page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() }));
    const announced = async () => (await page.getByTestId('route-announcer').textContent())?.replace(/\s+/g, ' ').trim();
    await page.goto(`${h.url}/`);
    await page.getByTestId('heatmap').waitFor();

    // Keyboard only: Tab to the Runs link in the header and press Enter.
    await page.getByRole('link', { name: 'Runs' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('runs').waitFor();
    await expect.poll(focused).toEqual({ tag: 'H1', text: 'Index runs' });
    expect(await announced()).toBe('Index runs');
    expect(await page.locator('h1').getAttribute('tabindex')).toBe('-1');

    // Overview → a locale's list (a heatmap cell) → an article that loads before its heading exists.
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect.poll(focused).toEqual({ tag: 'H1', text: 'Overview' });
    await page.locator('[data-testid^=cell-ja-JP-]').first().click();
    await page.getByTestId('article-row').first().waitFor();
    await expect.poll(focused).toEqual({ tag: 'H1', text: 'ja-JP Japanese (Japan) articles' });
    expect(await announced()).toBe('ja-JP Japanese (Japan) articles');
    // Typing in the search box changes the URL's query, not the page: focus stays in the box.
    await page.getByTestId('search').fill('license');
    await page.waitForURL(/q=license/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search');

    await page.getByTestId('article-row').first().getByRole('link').first().click();
    await page.getByTestId('side-by-side').waitFor();
    const heading = (await page.locator('h1').textContent())?.replace(/\s+/g, ' ').trim();
    expect(heading).toBeTruthy();
    await expect.poll(focused).toEqual({ tag: 'H1', text: heading });
    await expect.poll(announced).toBe(heading);

    // Back is a navigation too.
    await page.goBack();
    await expect.poll(focused).toEqual({ tag: 'H1', text: 'ja-JP Japanese (Japan) articles' });
    expect(chromium.errors.splice(0)).toEqual([]);
  });

  it('390 px: the header is one row; the menu button opens the navigation, a link or Escape closes it', async () => {
    const page = await openAs('manager', 390, 844);
    await page.goto(`${h.url}/`);
    await page.getByTestId('heatmap').waitFor();
    await page.getByTestId('whoami').waitFor();
    const header = page.locator('header');
    const rowHeight = await page.getByRole('button', { name: 'Menu' }).evaluate((b) => b.getBoundingClientRect().height);
    expect(await header.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(rowHeight * 2);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);

    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'menu-open-390.png') });
    await page.keyboard.press('Escape');
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.evaluate((b) => b === document.activeElement)).toBe(true);

    await menu.click();
    await nav.getByRole('link', { name: 'All claims' }).click();
    await page.waitForURL(/\/claims\/all$/);
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('All claims');
    // From a portrait tablet up the header shows the navigation, in one row, and no menu button.
    for (const width of [768, 1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await nav.isVisible(), `${width} px`).toBe(true);
      expect(await menu.isVisible(), `${width} px`).toBe(false);
      const rows = await header.evaluate((el) => {
        const boxes = [...el.querySelectorAll('a, button')].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
        return boxes.filter((r) => r.top >= Math.min(...boxes.map((b) => b.bottom))).length;
      });
      expect(rows, `${width} px: header items below the first row`).toBe(0);
    }
    expect(chromium.errors.splice(0)).toEqual([]);
  });
});
