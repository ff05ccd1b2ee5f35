/**
 * The article view on the heaviest article of the MDN sample — or, with
 * `L10N_DRIFT_CORPUS=full`, of the GitHub Docs snapshot's de-DE (issue 23) — in a real Chromium at
 * 1440 and 390 px: the first screen shows the first finding in place in the text, "flagged
 * sections only" shows exactly the sections with a finding or an English change, the section
 * index jumps to a section whose text was not loaded yet (it comes per page of sections as the
 * reader scrolls or jumps, issue 18 item 5), the check filter narrows the list and the text,
 * and at 390 px English stacks above the translation with no sideways page scroll.
 * Every expected number comes from the API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { Chromium, getJson } from './page.ts';
import { ARTIFACTS, WEB_DIST, ensureWebBuild, runIndex } from './harness.ts';
import { openDb, type Db } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { ArticleDetail, FindingView } from '../../web/src/lib/types.ts';
import { CORPORA, corpus, MDN_SAMPLE } from '../corpus.ts';

const SNAPSHOT = path.join(CORPORA, 'github-docs-2021-07-03.tar.gz');
const onSnapshot = corpus.full && fs.existsSync(SNAPSHOT);
const SITE = onSnapshot ? 'GitHub Docs snapshot (de-DE)' : 'MDN sample';

let dir: string;
let url: string;
let app: FastifyInstance;
let db: Db;
let chromium: Chromium;
let heaviest: { locale: string; key: string; detail: ArticleDetail };

const api = <T>(route: string): Promise<T> => getJson<T>(url, route);

beforeAll(async () => {
  await ensureWebBuild();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-e2e-article-'));
  const configFile = path.join(dir, 'l10n-drift.config.json');
  if (onSnapshot) {
    execFileSync('tar', ['xzf', SNAPSHOT, '-C', dir]);
    fs.writeFileSync(configFile, JSON.stringify({ layout: 'github-docs', root: 'github-docs', db: 'drift.db', locales: ['de-DE'] }));
  } else {
    fs.cpSync(MDN_SAMPLE, path.join(dir, 'site'), { recursive: true });
    fs.writeFileSync(configFile, JSON.stringify({ layout: 'mdn', root: 'site', db: 'drift.db', workers: 0 }));
  }
  await runIndex(['--config', configFile, '--quiet'], dir);
  const config = loadConfig({ config: configFile, cwd: dir });
  db = openDb(config.db);
  app = await buildApp({ db, config, webDir: WEB_DIST });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  chromium = await Chromium.launch();
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  // The heaviest translated article by stored text (both sides), among those with findings placed in the text.
  const source = config.layout.sourceLocale;
  const candidates = db
    .prepare(
      `SELECT t.locale, t.key, (SELECT SUM(length(source)) FROM sections WHERE document_id = t.id)
         + COALESCE((SELECT SUM(length(s.source)) FROM sections s JOIN documents e ON e.id = s.document_id WHERE e.locale = @source AND e.key = t.key AND e.deleted_run IS NULL), 0) AS bytes
       FROM documents t WHERE t.locale <> @source AND t.kind = 'page' AND t.deleted_run IS NULL ORDER BY bytes DESC LIMIT 10`,
    )
    .all({ source }) as { locale: string; key: string }[];
  for (const c of candidates) {
    const detail = await api<ArticleDetail>(`/api/articles/${c.locale}/${c.key}`);
    if (detail.alignment.length > detail.sections.rows.length && placed(detail).length > 0) {
      heaviest = { ...c, detail };
      break;
    }
  }
}, 900_000);

afterAll(async () => {
  await chromium?.close();
  await app?.close();
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const open = (f: FindingView) => f.status !== 'resolved' && !f.dismissed;

/** Row of each open finding placed on a translation section (as the view places them). */
function placed(d: ArticleDetail): { finding: FindingView; row: number }[] {
  const out: { finding: FindingView; row: number }[] = [];
  for (const f of d.findings.filter(open)) {
    const row = f.section === null ? -1 : d.alignment.findIndex((a) => a.translation === f.section);
    if (row >= 0) out.push({ finding: f, row });
  }
  return out;
}

function flaggedRows(d: ArticleDetail, check?: string): Set<number> {
  const rows = new Set(placed(d).flatMap((p) => (!check || p.finding.check === check ? [p.row] : [])));
  if (!check) d.alignment.forEach((a, i) => a.changed && rows.add(i));
  return rows;
}

async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
    });
}

async function renderedRows(page: Page): Promise<number[]> {
  return (await page.locator('[data-testid=side-by-side] [data-testid=row]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-row'))))).sort(
    (a, b) => a - b,
  );
}

async function openArticle(width: number, height: number): Promise<Page> {
  const page = await chromium.open(width, height);
  await page.goto(`${url}/locales/${heaviest.locale}/articles/${heaviest.key}`);
  await page.getByTestId('side-by-side').waitFor();
  return page;
}

describe.each([
  [1440, 900],
  [390, 844],
])(`article view of the heaviest ${SITE} article at %i px`, (width, height) => {
  it('first screen: the first finding in place; flagged only; the index jumps; the check filter', { timeout: 120_000 }, async () => {
    expect(heaviest, `a ${SITE} article longer than the first rows, with findings in its text`).toBeDefined();
    const d = heaviest.detail;
    const page = await openArticle(width, height);

    // The first finding (in the order of the text) is on screen in its section, its text loaded, marked active.
    const first = placed(d)
      .filter((p) => p.finding.section !== null)
      .sort((a, b) => (a.finding.line ?? 0) - (b.finding.line ?? 0) || a.finding.id - b.finding.id)[0]!;
    const firstRow = `#row-${first.row}`;
    await expect.poll(() => inViewport(page, firstRow)).toBe(true);
    await expect.poll(() => page.locator(`${firstRow}.active`).count()).toBe(1);
    await expect.poll(() => page.locator(`[data-row="${first.row}"] .loading`).count()).toBe(0);

    // The text is not all there at once: rows far below were not asked for yet.
    const last = d.alignment.length - 1;
    expect(d.sections.rows.length).toBeLessThan(d.alignment.length);

    // The section index lists every aligned row and marks the flagged ones.
    const entries = page.getByTestId('index-entry');
    expect(await entries.count()).toBe(d.alignment.length);
    const flagged = flaggedRows(d);
    const marked = await entries.evaluateAll((els) =>
      els.filter((e) => e.getAttribute('data-flagged') === 'true').map((e) => Number(e.getAttribute('data-row'))),
    );
    expect(new Set(marked)).toEqual(flagged);

    // Jump to the last section: its page of text is loaded and it is on screen.
    await entries.nth(last).click();
    await expect.poll(() => inViewport(page, `#row-${last}`)).toBe(true);
    await expect.poll(() => page.locator(`[data-row="${last}"] .loading`).count()).toBe(0);
    expect(await entries.nth(last).getAttribute('aria-current')).toBe('location');

    // "Flagged sections only": exactly the rows with an open finding or an English change.
    await page.getByTestId('flagged-only').check();
    await expect.poll(() => renderedRows(page)).toEqual([...flagged].sort((a, b) => a - b));

    // Filter by check: the list and the flagged rows follow it.
    const counts = new Map<string, number>();
    for (const f of d.findings.filter(open)) counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
    const [check, n] = [...counts].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]!;
    await page.getByTestId('check-filter').selectOption(check);
    // Groups may start closed: open them all, then every listed finding is of that check.
    const closed = page.locator('[data-testid=findings] .group-toggle[aria-expanded=false]');
    while ((await closed.count()) > 0) await closed.first().click();
    const listed = await page.locator('[data-testid=findings] .finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-check')));
    expect(listed).toEqual(Array(n).fill(check));
    await expect.poll(() => renderedRows(page)).toEqual([...flaggedRows(d, check)].sort((a, b) => a - b));

    // No sideways page scroll at any width; at 390 px English sits above the translation, full width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.getByTestId('flagged-only').uncheck();
    await page.getByTestId('check-filter').selectOption('');
    const row = `[data-row="${first.row}"]`;
    const [en, tr] = await Promise.all([page.locator(`.cell.en${row}`).boundingBox(), page.locator(`.cell.tr${row}`).boundingBox()]);
    if (width <= 640) {
      expect(tr!.y).toBeGreaterThanOrEqual(en!.y + en!.height - 1);
      expect(Math.abs(tr!.x - en!.x)).toBeLessThan(2);
      expect(en!.width).toBeGreaterThan(width * 0.8);
    } else {
      expect(Math.abs(tr!.y - en!.y)).toBeLessThan(2);
      expect(tr!.x).toBeGreaterThan(en!.x + en!.width - 2);
    }
    await page.locator(firstRow).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, `article-heaviest-${onSnapshot ? 'snapshot-' : ''}${width}.png`) });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(chromium.errors).toEqual([]);
  });
});
