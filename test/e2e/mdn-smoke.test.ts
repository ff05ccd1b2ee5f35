/**
 * The dashboard works unchanged on the MDN preset: the MDN sample (test/fixtures/mdn-sample,
 * copied to a temp dir) indexed with `layout: "mdn"` exactly as `l10n-drift index` does, the real
 * app on 127.0.0.1 (port 0), a real Chromium. Nothing is mocked; every number comes from the API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { Chromium, expectHeatmapMatchesApi, getJson } from './page.ts';
import { ARTIFACTS, WEB_DIST, ensureWebBuild, runIndex } from './harness.ts';
import { openDb, type Db } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { ArticleDetail, ArticlesResponse, LocalesResponse } from '../../web/src/lib/types.ts';
import { MDN_SAMPLE } from '../corpus.ts';

const MDN_LOCALES = ['es', 'ko', 'pt-br'];
/** es Array[@@species] keeps one English paragraph: an english-fallback finding the view must show. */
const ARTICLE_KEY = 'web/javascript/reference/global_objects/array/@@species';

let dir: string;
let url: string;
let app: FastifyInstance;
let db: Db;
let chromium: Chromium;
let pageErrors: string[];
const open = (width?: number, height?: number): Promise<Page> => chromium.open(width, height);
const api = <T>(route: string): Promise<T> => getJson<T>(url, route);

beforeAll(async () => {
  await ensureWebBuild();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-e2e-mdn-'));
  const root = path.join(dir, 'site');
  fs.cpSync(MDN_SAMPLE, root, { recursive: true });
  // A config file, as an MDN team would write it: the preset is configured, not coded.
  const configFile = path.join(dir, 'l10n-drift.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ layout: 'mdn', root: 'site', db: 'drift.db', workers: 0 }));
  await runIndex(['--config', configFile, '--quiet'], dir);

  const config = loadConfig({ config: configFile, cwd: dir });
  db = openDb(config.db);
  app = await buildApp({ db, config, webDir: WEB_DIST });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  chromium = await Chromium.launch();
  pageErrors = chromium.errors;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await chromium?.close();
  await app?.close();
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('dashboard on the MDN preset in Chromium', () => {
  it('overview: the MDN locales appear with counts equal to /api/locales', async () => {
    const data = await api<LocalesResponse>('/api/locales');
    const translations = data.locales.filter((l) => !l.source);
    expect(translations.map((l) => l.locale).sort()).toEqual(MDN_LOCALES);
    expect(data.locales.find((l) => l.source)?.locale).toBe('en-us');

    const page = await open();
    await page.goto(`${url}/`);
    await page.waitForFunction(() => document.querySelector('[data-testid=heatmap] tbody tr') !== null, undefined, { polling: 'raf' });
    await expectHeatmapMatchesApi(page, translations);
    await page.screenshot({ path: path.join(ARTIFACTS, 'mdn-overview-1280.png') });
    expect(pageErrors).toEqual([]);
  });

  it('es × english-fallback → list → the Array[@@species] article shows English, Spanish and its finding', async () => {
    const page = await open();
    await page.goto(`${url}/`);
    await page.getByTestId('cell-es-english-fallback').click();
    await page.waitForURL(/\/locales\/es\?check=english-fallback$/);
    const rows = page.getByTestId('article-row');
    await rows.first().waitFor();
    const listed = await api<ArticlesResponse>('/api/articles?locale=es&check=english-fallback');
    expect(await rows.count()).toBe(listed.rows.length);
    const row = page.locator(`[data-testid=article-row][data-key="${ARTICLE_KEY}"]`);
    await expect.poll(() => row.count()).toBe(1);

    await row.getByRole('link').first().click();
    await page.waitForURL(/\/locales\/es\/articles\/web\/javascript\/reference\/global_objects\/array\//);
    const sideBySide = page.getByTestId('side-by-side');
    await sideBySide.waitFor();
    // Both columns carry text: the English page (from files/en-us) and the es translation.
    expect(await sideBySide.locator('.cell.en .para').count()).toBeGreaterThan(0);
    expect(await sideBySide.locator('.cell.tr .para').count()).toBeGreaterThan(0);
    expect((await sideBySide.locator('.cell.en').allTextContents()).join(' ')).toContain('species');
    expect((await sideBySide.locator('.cell.tr').allTextContents()).join(' ')).toMatch(/constructor|especie/i);

    // The finding is listed, and the untranslated paragraph is marked in the translation column.
    expect(await page.locator('[data-testid=findings] [data-check=english-fallback]').count()).toBeGreaterThan(0);
    const fallback = page.getByTestId('fallback-paragraph').first();
    await fallback.waitFor();
    expect(await fallback.textContent()).toContain('In a derived collection object');

    // The whole page: header, findings, and the side-by-side text with the marked paragraph.
    await page.screenshot({ path: path.join(ARTIFACTS, 'mdn-article-1280.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('es Array: English restructured the page; pairs the alignment is unsure of say so, as many as the API answers', async () => {
    const key = 'web/javascript/reference/global_objects/array';
    const detail = await api<ArticleDetail>(`/api/articles/es/${key}`);
    const unsure = detail.alignment.filter((a) => a.english !== null && a.translation !== null && !a.certain).length;
    expect(unsure).toBeGreaterThan(0);
    const page = await open();
    await page.goto(`${url}/locales/es/articles/${key}`);
    await page.getByTestId('side-by-side').waitFor();
    await expect.poll(() => page.getByTestId('uncertain-pair').count()).toBe(unsure);
    // A certain pair (Constructor, the same heading on both sides) carries no such note.
    const rows = page.locator('.cell.tr', { hasText: 'Constructor' });
    expect(await rows.getByTestId('uncertain-pair').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
