/**
 * Dashboard round 2 (#23) in a real Chromium on the bundled sample: the heatmap's log shading,
 * tooltips and arrow keys; the per-folder progress tree; the Runs page's links and per-run
 * numbers; the HTML report opened in the browser; the translator's list at 390 px; and an
 * unknown locale URL. Every number is compared with the API's.
 */
import { describe, expect, it } from 'vitest';
import { getJson } from './page.ts';
import { dashboardInBrowser } from './setup.ts';
import type { WeeklyReport } from '../../server/reports/model.ts';
import { weekOf } from '../../server/reports/week.ts';
import type { ArticlesResponse, CheckInfo, FindingsResponse, FoldersResponse, LocalesResponse, Run } from '../../web/src/lib/types.ts';

const e2e = dashboardInBrowser();

const api = <T>(route: string): Promise<T> => getJson<T>(e2e.h.url, route);

describe('overview heatmap', () => {
  it('shades by powers of ten: cells of different steps differ, 0 has no fill, each step matches its legend swatch', async () => {
    const page = await e2e.chromium.open();
    await page.goto(`${e2e.h.url}/`);
    await page.locator('[data-testid=heatmap] tbody tr').first().waitFor();
    const bg = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    // The legend draws one swatch per step, each its own colour.
    const swatches: string[] = [];
    for (let level = 1; level <= 5; level++) swatches.push(await bg(`[data-testid=heat-legend] .swatch.lvl-${level}`));
    expect(new Set(swatches).size).toBe(5);
    // Every warning cell is drawn in its step's colour; a 0 cell has none.
    const cells = page.locator('[data-testid=heatmap] a.target[data-level]');
    const n = await cells.count();
    expect(n).toBeGreaterThan(0);
    let checked = 0;
    for (let i = 0; i < n; i++) {
      const cell = cells.nth(i);
      const level = Number(await cell.getAttribute('data-level'));
      const count = Number(await cell.getAttribute('data-count'));
      expect(level, `count ${count}`).toBe(count === 0 ? 0 : Math.min(5, Math.floor(Math.log10(count)) + 1));
      const td = cell.locator('xpath=..');
      const color = await cell.evaluate((el) => getComputedStyle(el).backgroundColor);
      if (level === 0) expect(color).toBe('rgba(0, 0, 0, 0)');
      else if ((await td.getAttribute('class'))?.includes('warning')) {
        expect(color).toBe(swatches[level - 1]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('names each column, with the check’s doc summary as its tooltip', async () => {
    const { checks } = await api<{ checks: CheckInfo[] }>('/api/checks');
    const page = await e2e.chromium.open();
    await page.goto(`${e2e.h.url}/`);
    await page.locator('[data-testid=heatmap] tbody tr').first().waitFor();
    const header = page.getByTestId('col-outdated-link');
    const outdated = checks.find((c) => c.id === 'outdated-link')!;
    expect((await header.textContent())?.trim()).toBe('Outdated links');
    expect(await header.getAttribute('title')).toBe(`Outdated links (outdated-link): ${outdated.summary}`);
    // Only checks that run on the site: no macro-mismatch column on GitHub Docs.
    expect(await page.getByTestId('col-macro-mismatch').count()).toBe(0);
    // Words to translate and changed: the API's numbers.
    const { locales } = await api<LocalesResponse>('/api/locales');
    for (const l of locales.filter((x) => !x.source)) {
      const text = ((await page.getByTestId(`words-${l.locale}`).textContent()) ?? '').replace(/,/g, '');
      expect(text).toContain(`words to translate ${l.words.toTranslate}`);
      expect(text).toContain(`changed ${l.words.changed}`);
    }
    // The language's name beside its code.
    expect(await page.locator('[data-testid=heatmap] tr[data-locale="ja-JP"] th').textContent()).toContain('Japanese (Japan)');
  });

  it('describes each column to screen readers (aria-describedby) and shows it while the keyboard is in the column', async () => {
    const { checks } = await api<{ checks: CheckInfo[] }>('/api/checks');
    const page = await e2e.chromium.open();
    await page.goto(`${e2e.h.url}/`);
    await page.locator('[data-testid=heatmap] tbody tr').first().waitFor();
    const columns = await page
      .locator('[data-testid=heatmap] thead th.check-col')
      .evaluateAll((ths) => ths.map((th) => th.getAttribute('data-testid')!.slice(4)));
    expect(columns.length).toBeGreaterThan(1);
    // What Chromium's accessibility tree says of each header: its name is the check's name, its description the doc summary.
    const cdp = await page.context().newCDPSession(page);
    const { root } = (await cdp.send('DOM.getDocument')) as { root: { nodeId: number } };
    for (const id of columns) {
      const info = checks.find((c) => c.id === id)!;
      const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `[data-testid="col-${id}"]` })) as { nodeId: number };
      const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })) as {
        nodes: {
          name?: { value: string };
          description?: { value: string };
          properties?: { name: string; value: { relatedNodes?: { idref: string }[] } }[];
        }[];
      };
      expect(nodes[0]!.name?.value.trim(), id).toBe(info.name);
      expect(nodes[0]!.description?.value, id).toBe(`${info.name} (${id}): ${info.summary}`);
      // From an element on the page (not only the title attribute, which the keyboard cannot reach).
      const describedBy = nodes[0]!.properties?.find((p) => p.name === 'describedby')?.value.relatedNodes?.map((n) => n.idref);
      expect(describedBy, id).toEqual([`col-help-${id}`]);
      expect(await page.locator(`#col-help-${id}`).textContent()).toBe(`${info.name} (${id}): ${info.summary}`);
    }
    // Hidden until the keyboard is in a check's column; the locale column has none; leaving the heatmap hides it again.
    const help = page.getByTestId('column-help');
    expect(await help.isVisible()).toBe(false);
    await page.locator('[data-cell="0:0"]').focus();
    expect(await help.isVisible()).toBe(false);
    for (let i = 0; i < columns.length; i++) {
      await page.keyboard.press('ArrowRight');
      const info = checks.find((c) => c.id === columns[i])!;
      await expect.poll(() => help.isVisible()).toBe(true);
      expect(await help.textContent()).toBe(`${info.name} (${info.id}): ${info.summary}`);
    }
    await page.keyboard.press('Tab');
    await expect.poll(() => help.isVisible()).toBe(false);
    expect(e2e.chromium.errors).toEqual([]);
  });

  it('is one tab stop; arrow keys move focus between cells', async () => {
    const { locales } = await api<LocalesResponse>('/api/locales');
    const page = await e2e.chromium.open();
    await page.goto(`${e2e.h.url}/`);
    await page.locator('[data-testid=heatmap] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid=heatmap] [tabindex="0"]').count()).toBe(1);
    expect(await page.locator('[data-testid=heatmap] a:not([tabindex="-1"]), [data-testid=heatmap] button:not([tabindex="-1"])').count()).toBe(1);
    await page.locator('[data-cell="0:0"]').focus();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-cell'));
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('0:1');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('1:1');
    await page.keyboard.press('End');
    expect(await focused()).toMatch(/^1:\d+$/);
    await page.keyboard.press('Home');
    expect(await focused()).toBe('1:0');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('0:0');
    // Tab leaves the heatmap in one press; the moved cell keeps the tab stop for coming back.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid=heatmap]')))).toBe(false);
    expect(await page.locator('[data-testid=heatmap] [tabindex="0"]').getAttribute('data-cell')).toBe('0:1');
    // Enter on a cell opens its list.
    const first = locales.filter((l) => !l.source)[0]!;
    await page.locator('[data-cell="0:1"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`/locales/${first.locale}?check=`);
  });
});

describe('per-folder progress', () => {
  it('expands folders with the API’s counts, which add up to the locale’s', async () => {
    const { locales } = await api<LocalesResponse>('/api/locales');
    const ja = locales.find((l) => l.locale === 'ja-JP')!;
    const top = await api<FoldersResponse>('/api/locales/ja-JP/folders');
    expect(top.folder.counts).toMatchObject({ translated: ja.translated, stale: ja.stale, missing: ja.missing, baseUnknown: ja.baseUnknown });
    const page = await e2e.chromium.open();
    await page.goto(`${e2e.h.url}/`);
    await page.getByTestId('folders-ja-JP').click();
    await expect.poll(() => page.url()).toContain('/locales/ja-JP/progress');
    await page.getByTestId('folder-tree').waitFor();
    const count = async (path: string, name: string) =>
      Number((await page.locator(`[data-testid="counts-${path}"] [data-n=${name}]`).textContent())?.replace(/,/g, ''));
    const first = top.children[0]!;
    expect(await count(first.path, 'translated')).toBe(first.counts.translated);
    expect(await count(first.path, 'missing')).toBe(first.counts.missing);
    expect(await count(first.path, 'toTranslate')).toBe(first.words.toTranslate);
    // Expand one level: the subfolders the API lists, with their counts.
    const sub = await api<FoldersResponse>(`/api/locales/ja-JP/folders?folder=${encodeURIComponent(first.path)}`);
    expect(sub.children.length).toBeGreaterThan(0);
    await page.getByTestId(`toggle-${first.path}`).click();
    expect(await page.getByTestId(`toggle-${first.path}`).getAttribute('aria-expanded')).toBe('true');
    const child = sub.children[0]!;
    await page.getByTestId(`counts-${child.path}`).waitFor();
    expect(await count(child.path, 'stale')).toBe(child.counts.stale);
    expect(await count(child.path, 'translated')).toBe(child.counts.translated);
    // Collapsing hides them again.
    await page.getByTestId(`toggle-${first.path}`).click();
    expect(await page.getByTestId(`counts-${child.path}`).count()).toBe(0);
  });
});

describe('runs and reports', () => {
  it('shows new and resolved findings per run, and "Parse errors N" opens those findings', async () => {
    const { runs } = await api<{ runs: Run[] }>('/api/runs');
    const page = await e2e.chromium.open();
    await page.goto(`${e2e.h.url}/runs`);
    await page.getByTestId('runs').waitFor();
    for (const r of runs) {
      expect(r.findings, `run ${r.id}`).not.toBeNull();
      const shown = (await page.getByTestId(`new-${r.id}`).textContent())!.replace(/\D/g, '');
      expect(Number(shown)).toBe(r.findings!.new);
      expect(Number((await page.getByTestId(`resolved-${r.id}`).textContent())!.replace(/\D/g, ''))).toBe(r.findings!.resolved);
    }
    // The second run (an English edit) makes findings new.
    expect(runs[0]!.findings!.new).toBeGreaterThan(0);
    const parse = await api<FindingsResponse>('/api/findings?check=parse-error');
    const latest = runs.find((r) => r.status === 'complete')!;
    if (latest.parseErrors > 0) {
      await page.getByTestId(`parse-errors-${latest.id}`).getByRole('link').click();
      await expect.poll(() => page.url()).toContain('/findings?check=parse-error');
      await expect.poll(() => page.getByTestId('finding-row').count()).toBe(parse.total);
    } else {
      // The sample parses: nothing to link, the count is plain text.
      expect(await page.getByTestId(`parse-errors-${latest.id}`).getByRole('link').count()).toBe(0);
      await page.goto(`${e2e.h.url}/findings?check=parse-error`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Parse errors');
    }
  });

  it('opens the HTML report in the browser as a page; the page shows the API’s words per locale', async () => {
    const page = await e2e.chromium.open();
    // The harness indexes on the real clock: its runs are in the current week.
    const week = weekOf(new Date(), 'UTC').id;
    await page.goto(`${e2e.h.url}/reports?week=${week}`);
    const report = await api<WeeklyReport>(`/api/reports/weekly?week=${week}`);
    expect(report.locales.length).toBeGreaterThan(0);
    for (const l of report.locales) {
      const cell = page.getByTestId(`report-words-${l.locale}`);
      await cell.waitFor();
      expect((await cell.textContent())?.replace(/,/g, '')).toContain(`${l.current.words.toTranslate} / ${l.current.words.changed}`);
    }
    const link = page.getByTestId('view-html');
    await link.waitFor();
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await tab.waitForLoadState('load');
    expect(tab.url()).toContain('format=html');
    await expect.poll(() => tab.locator('h1').textContent()).toMatch(/weekly report/i);
    expect(await tab.locator('svg').count()).toBeGreaterThan(0);
  });
});

describe('lists', () => {
  it('at 390 px keeps Stale and Claim on screen with no sideways page scroll', async () => {
    const page = await e2e.chromium.open(390, 844);
    await page.goto(`${e2e.h.url}/locales/ja-JP`);
    await page.getByTestId('article-row').first().waitFor();
    const listed = await api<ArticlesResponse>('/api/articles?locale=ja-JP');
    expect(await page.getByTestId('article-row').count()).toBe(listed.rows.length);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const claim = page.getByTestId('row-claim').first();
    const box = await claim.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    const stale = listed.rows.findIndex((r) => r.stale !== null);
    if (stale >= 0) {
      const cell = page.getByTestId('row-stale').nth(stale);
      expect(await cell.isVisible()).toBe(true);
      const b = (await cell.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(390);
    }
    // Titles are text as the site shows them, never raw Liquid.
    expect(await page.locator('[data-testid=articles]').textContent()).not.toMatch(/\{%|\{\{|<!--/);
  });

  it('a failed load of a list, the folders, the findings or the report says so with Retry, which loads it', async () => {
    const views = [
      { path: '/locales/ja-JP', api: '/api/articles', ready: '[data-testid=article-row]', what: 'the articles' },
      { path: '/locales/ja-JP/progress', api: '/api/locales/ja-JP/folders', ready: '[data-testid=folder-tree]', what: 'the folders' },
      {
        path: '/findings?check=outdated-link&locale=ja-JP',
        api: '/api/findings',
        ready: '[data-testid=findings-count], [data-testid=empty]',
        what: 'the findings',
      },
      { path: '/reports', api: '/api/reports/weekly', ready: '[data-testid=summary], [data-testid=no-runs]', what: 'the report' },
    ];
    for (const v of views) {
      const page = await e2e.chromium.open();
      // The first answer is the server's 500 body; the ones after pass through.
      let calls = 0;
      await page.route(
        (u) => u.pathname === v.api,
        async (route) => {
          if (calls++ > 0) return route.continue();
          await route.fulfill({
            status: 500,
            contentType: 'application/json',
            body: JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: 'disk full' }),
          });
        },
      );
      await page.goto(e2e.h.url + v.path);
      const error = page.getByTestId('error');
      await error.waitFor();
      expect(await error.textContent(), v.path).toContain(`Could not load ${v.what}.`);
      expect(await error.textContent(), v.path).toContain('disk full');
      await error.getByRole('button', { name: 'Retry' }).click();
      await page.locator(v.ready).first().waitFor();
      expect(await page.getByTestId('error').count(), v.path).toBe(0);
      expect(calls, v.path).toBe(2);
    }
    expect(e2e.chromium.errors.filter((e) => !/status of 500/.test(e))).toEqual([]);
    e2e.chromium.errors.length = 0;
  });

  it('an unknown or wrongly cased locale says "no such locale" on the list and the folder view', async () => {
    const page = await e2e.chromium.open();
    for (const path of ['/locales/ja-jp', '/locales/xx-YY/progress']) {
      await page.goto(e2e.h.url + path);
      await page.getByTestId('no-such-locale').waitFor();
    }
    await page.goto(`${e2e.h.url}/reports?locale=zh-cn`);
    await page.getByTestId('no-such-locale').waitFor();
    expect(await page.getByTestId('no-such-locale').textContent()).toContain('Did you mean zh-CN?');
    await page.goto(`${e2e.h.url}/locales/ja-jp`);
    await page.getByTestId('no-such-locale').waitFor();
    expect(await page.getByTestId('no-such-locale').textContent()).toContain('Did you mean ja-JP?');
  });
});
