/**
 * Content is data, never code — checked in the real Chromium against the real server.
 *
 * The bundled sample (content/license-sync) is copied and its ja-JP translation of the license-sync
 * article rewritten so its title, headings, paragraphs, list items and raw HTML blocks carry
 * `<script>`, `<img onerror>`, `<svg onload>`, `javascript:` links (Markdown and raw `<a>`) and
 * Liquid that looks like a tag. Orphaned ja-JP pages add a hostile title, a file name that is
 * markup and file names starting with = + - @ (their keys reach the CSV report). The tree is
 * indexed with checks, exactly as `l10n-drift index` does, and the real app serves it.
 *
 * Every payload writes a window flag before it alerts, so "no script ran" is observable even
 * for code that would not open a dialog; a control page proves the same payloads do run (and
 * alert) when a page interprets them as HTML, so the detectors are not blind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { resolveConfig } from '../../server/config.ts';
import { weekOf } from '../../server/reports/week.ts';
import { Chromium } from './page.ts';
import { ENGLISH_ARTICLE, REPO, WEB_DIST, ensureWebBuild, runIndex } from './harness.ts';

const ARTICLE_KEY = ENGLISH_ARTICLE.replace(/^content\//, '').replace(/\.md$/, '');
const LOCALE = 'ja-JP';

/** Each payload sets window.__xss before anything else, then alerts. */
const SCRIPT = `<script>window.__xss='script';alert(1)</script>`;
const IMG = `<img src=x onerror="window.__xss='img';alert(2)">`;
const SVG = `<svg onload="window.__xss='svg';alert(9)"></svg>`;
const MD_LINK = `[click me](javascript:alert(3))`;
const MD_LINK_CASE = `[y](JaVaScRiPt:window.__xss='link')`;
const RAW_LINK = `<a href="javascript:window.__xss='a';alert(4)">raw link</a>`;
const LIQUID_TAG = `{% <script>window.__xss='liquid';alert(5)</script> %}`;
const LIQUID_OUT = `{{ '<img src=x onerror=alert(6)>' }}`;

const TITLE = `${SCRIPT} ${IMG} ${MD_LINK}`;
const HEADING = `Heading ${IMG} ${SCRIPT}`;
const PARAGRAPH = `Paragraph ${SCRIPT} then ${IMG} then ${MD_LINK} and ${MD_LINK_CASE}.`;
const LIST_ITEM = `Item ${SVG} ${RAW_LINK}`;
const LIQUID_PARA = `Liquid ${LIQUID_TAG} and ${LIQUID_OUT} here.`;
/** An orphaned translation whose title is markup (shown by the list: it has no English title). */
const ORPHAN_KEY = 'admin/configuration/configuring-github-connect/xss-probe';
const ORPHAN_TITLE = `Probe ${SCRIPT}${IMG}`;
/** A file name that is markup: its key is shown in the list, the article view and the HTML report. */
const MARKUP_KEY = `<img src=x onerror=window.__xss=7>`;
/** Keys a spreadsheet would run as formulas if the CSV did not neutralise them. */
const FORMULA_KEYS = ['=HYPERLINK("http:\\\\evil.example","x")', '+SUM(1+1)', '-2+3', '@SUM(1)'];

interface Served {
  url: string;
  app: FastifyInstance;
  db: Db;
  dir: string;
}

function yamlQuoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Copies the sample, makes it hostile, indexes it with checks and serves it (harness.ts does the same for the plain sample). */
async function startHostileServer(): Promise<Served> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-xss-'));
  const dbFile = path.join(dir, 'drift.db');
  const root = path.join(dir, 'site');
  fs.cpSync(path.join(REPO, 'content', 'license-sync'), root, { recursive: true });
  const tr = path.join(root, 'translations', LOCALE);
  const translation = path.join(tr, ENGLISH_ARTICLE);
  const original = fs.readFileSync(translation, 'utf8');
  const firstHeading = '## ライセンスの同期について\n';
  if (!/^title: .*$/m.test(original) || !original.includes(firstHeading))
    throw new Error(`${translation} changed: title or "${firstHeading.trim()}" not found`);
  const hostile = original
    .replace(/^title: .*$/m, `title: ${yamlQuoted(TITLE)}`)
    .replace(firstHeading, `## ${HEADING}\n\n${PARAGRAPH}\n\n- ${LIST_ITEM}\n\n${LIQUID_PARA}\n\n${SCRIPT}\n\n${IMG}\n\n${firstHeading}`);
  fs.writeFileSync(translation, hostile);
  fs.writeFileSync(path.join(tr, 'content', `${ORPHAN_KEY}.md`), `---\ntitle: ${yamlQuoted(ORPHAN_TITLE)}\n---\n\n${PARAGRAPH}\n\n${MD_LINK}\n`);
  fs.writeFileSync(path.join(tr, 'content', `${MARKUP_KEY}.md`), `---\ntitle: Markup file name\n---\n\nA page whose file name is markup.\n`);
  for (const key of FORMULA_KEYS) fs.writeFileSync(path.join(tr, 'content', `${key}.md`), `---\ntitle: ${yamlQuoted(key)}\n---\n\nFormula ${key}.\n`);

  await runIndex(['--root', root, '--db', dbFile, '--quiet'], dir);

  const config = resolveConfig({}, dir, null, { root, db: dbFile }, dir);
  const db = openDb(dbFile);
  const app = await buildApp({ db, config, webDir: WEB_DIST });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, app, db, dir };
}

let s: Served;
let chromium: Chromium;
/** Dialogs, console errors and uncaught exceptions of every app page: any of them fails the test. */
let problems: string[];
const open = (): Promise<Page> => chromium.open(1280, 900);

/** What a page must never contain, whatever it shows: the list of what it does contain. */
function unsafeThings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const flag = (window as unknown as { __xss?: unknown }).__xss;
    if (flag !== undefined) bad.push(`window.__xss = ${String(flag)}`);
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        if (attr.name.toLowerCase().startsWith('on')) bad.push(`<${el.localName} ${attr.name}>`);
        if (/^(javascript|vbscript|data):/.test(value) && ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name.toLowerCase()))
          bad.push(`<${el.localName} ${attr.name}="${attr.value}">`);
      }
    }
    // The app's own bundle is the only script; no image, frame or svg comes from content.
    for (const el of Array.from(document.querySelectorAll('script'))) if (!el.src) bad.push('inline <script>');
    for (const el of Array.from(document.querySelectorAll('img, iframe, object, embed'))) bad.push(`<${el.localName}>`);
    for (const el of Array.from(document.querySelectorAll('svg')))
      if (!el.closest('.spark, [data-testid=charts], .chart')) bad.push(`<svg class="${el.getAttribute('class') ?? ''}">`);
    // Every link the app draws points into the app (or is a download from it), but the article's own
    // live page and repository files (https URLs from the layout or config, path segments encoded).
    const outward = new Set(['live-page-link', 'english-file-link', 'translation-file-link']);
    for (const a of Array.from(document.querySelectorAll('a[href]'))) {
      const href = (a as HTMLAnchorElement).href;
      if (outward.has(a.getAttribute('data-testid') ?? '') && href.startsWith('https://') && a.getAttribute('rel')?.includes('noopener')) continue;
      if (!href.startsWith(location.origin + '/')) bad.push(`<a href="${a.getAttribute('href') ?? ''}">`);
    }
    return bad;
  });
}

async function assertInert(page: Page): Promise<void> {
  expect(await unsafeThings(page)).toEqual([]);
}

function bodyText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

beforeAll(async () => {
  await ensureWebBuild();
  s = await startHostileServer();
  chromium = await Chromium.launch();
  problems = chromium.errors;
});

afterAll(async () => {
  await chromium?.close();
  await s?.app.close();
  s?.db.close();
  if (s) fs.rmSync(s.dir, { recursive: true, force: true });
});

describe('hostile translation content in Chromium', () => {
  it('control: the same payloads do run when a page parses them as HTML (the detectors can see them)', async () => {
    const context = await chromium.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.setContent(`<p>${IMG}</p>`, { waitUntil: 'load' });
    await expect.poll(() => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBe('img');
    await expect.poll(() => dialogs).toEqual(['2']);
    await page.setContent(`<p>${IMG}${SVG}${RAW_LINK}<script>window.__inline = 1</script></p>`, { waitUntil: 'load' });
    const unsafe = await unsafeThings(page);
    for (const what of [`window.__xss = `, '<img onerror>', '<svg onload>', '<a href="javascript:', 'inline <script>', '<img>']) {
      expect(
        unsafe.some((u) => u.startsWith(what)),
        `${what} in ${JSON.stringify(unsafe)}`,
      ).toBe(true);
    }
    await context.close();
  });

  it('the API hands the content back as the plain strings that were written', async () => {
    const detail = (await (await fetch(`${s.url}/api/articles/${LOCALE}/${ARTICLE_KEY}`)).json()) as { translation: { title: string } | null } & Record<
      string,
      unknown
    >;
    const text = JSON.stringify(detail);
    expect(text).toContain(JSON.stringify(TITLE).slice(1, -1));
    expect(text).toContain(JSON.stringify(SCRIPT).slice(1, -1));
  });

  it('overview: no dialog, no script, no javascript: link, no console error', async () => {
    const page = await open();
    await page.goto(`${s.url}/`);
    await page.waitForFunction(() => document.querySelector('[data-testid=heatmap] tbody tr') !== null);
    await page.locator(`[data-testid=heatmap] tr[data-locale="${LOCALE}"]`).waitFor();
    await page.waitForLoadState('networkidle');
    await assertInert(page);
    expect(problems).toEqual([]);
  });

  it('locale list: hostile titles and a markup file name are shown literally', async () => {
    const page = await open();
    await page.goto(`${s.url}/locales/${LOCALE}?limit=100`);
    await page.getByTestId('article-row').first().waitFor();
    const orphan = page.locator(`[data-testid=article-row][data-key="${ORPHAN_KEY}"]`);
    await expect.poll(() => orphan.count()).toBe(1);
    expect((await orphan.getByRole('link').first().textContent())?.trim()).toBe(ORPHAN_TITLE);
    // The markup file name: shown as text, its row is there (looked up by attribute value, not selector text).
    const keys = await page.getByTestId('article-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(keys).toContain(MARKUP_KEY);
    for (const k of FORMULA_KEYS) expect(keys).toContain(k);
    await page.waitForLoadState('networkidle');
    await assertInert(page);
    // Search for the markup as a user would: still text.
    expect(await bodyText(page)).toContain(ORPHAN_TITLE);
    expect(problems).toEqual([]);
  });

  it('article view: title, heading, paragraphs, list, raw HTML and Liquid are text; javascript: links are not links', async () => {
    const page = await open();
    await page.goto(`${s.url}/locales/${LOCALE}/articles/${ARTICLE_KEY}`);
    const sideBySide = page.getByTestId('side-by-side');
    await sideBySide.waitFor();
    await page.waitForLoadState('networkidle');
    expect((await page.locator('.tr-title').innerText()).trim()).toBe(TITLE);
    const translated = (await sideBySide.locator('.cell.tr').allInnerTexts()).join('\n');
    // Markdown's own syntax (link brackets, list markers) may be stripped by the parser; the markup itself must survive as text.
    for (const piece of [SCRIPT, IMG, SVG, `<a href="javascript:window.__xss='a';alert(4)">`, 'javascript:alert(3)', '<script>window.__xss=']) {
      expect(translated, piece).toContain(piece);
    }
    expect(translated).toContain(`Heading ${IMG} ${SCRIPT}`);
    // Liquid that looks like a tag: the page does not parse, the finding says so and quotes it as text
    // (in its section's group of the findings list: groups start closed when there are many).
    const closed = page.locator('[data-testid=findings] .group-toggle[aria-expanded=false]');
    while ((await closed.count()) > 0) await closed.first().click();
    const findings = await page.getByTestId('findings').innerText();
    expect(findings).toMatch(/liquid-syntax/);
    expect(await bodyText(page)).toContain('<script>');
    // Nothing in the view is a javascript: link, a Markdown link to one is not an <a> at all.
    expect(await page.locator('a', { hasText: 'click me' }).count()).toBe(0);
    expect(await page.locator('a', { hasText: 'raw link' }).count()).toBe(0);
    await assertInert(page);
    // Clicking the text where the link would be does nothing.
    const where = sideBySide.locator('.cell.tr .para', { hasText: 'javascript:alert(3)' }).first();
    await where.click();
    await page.waitForTimeout(200);
    await assertInert(page);
    expect(problems).toEqual([]);
  });

  it('article views of the orphaned hostile page and of the markup file name', async () => {
    const page = await open();
    await page.goto(`${s.url}/locales/${LOCALE}/articles/${ORPHAN_KEY}`);
    await page.getByTestId('findings').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await bodyText(page)).toContain(SCRIPT);
    await assertInert(page);

    await page.goto(`${s.url}/locales/${LOCALE}/articles/${encodeURIComponent(MARKUP_KEY)}`);
    await page.getByTestId('findings').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await bodyText(page)).toContain(MARKUP_KEY);
    await assertInert(page);
    expect(problems).toEqual([]);
  });
});

describe('hostile content in the weekly report', () => {
  const week = () => weekOf(new Date(), 'UTC').id;

  it('HTML report escapes file names and titles; opened in Chromium it runs nothing', async () => {
    const res = await fetch(`${s.url}/api/reports/weekly?week=${week()}&format=html`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('&lt;img src=x onerror=window.__xss=7&gt;');
    expect(html).not.toContain(MARKUP_KEY);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    // No event-handler attribute inside any tag (escaped text such as `onerror=` outside tags is fine).
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);

    const context = await chromium.newContext();
    const page = await context.newPage();
    const seen: string[] = [];
    page.on('dialog', (d) => (seen.push(`dialog ${d.message()}`), void d.dismiss()));
    page.on('pageerror', (e) => seen.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && seen.push(m.text())));
    await page.setContent(html, { waitUntil: 'load' });
    expect(await page.locator('body').innerText()).toContain(MARKUP_KEY);
    expect(await page.evaluate(() => document.querySelectorAll('script, img, iframe, [onerror], [onload]').length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(seen).toEqual([]);
  });

  it('CSV: cells starting with = + - @ are neutralised, everything else is unchanged', async () => {
    for (const table of ['articles', 'checks']) {
      const res = await fetch(`${s.url}/api/reports/weekly?week=${week()}&format=csv&table=${table}`);
      expect(res.status).toBe(200);
      const rows = parse(await res.text(), { relax_quotes: false }) as string[][];
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) {
        for (const cell of row) {
          // Numbers are written as numbers; any other cell must not start a formula.
          if (/^[=+\-@\t\r]/.test(cell)) expect(cell, `${table}: ${row.join(',')}`).toMatch(/^-\d+(\.\d+)?$/);
        }
      }
      if (table !== 'articles') continue;
      const header = rows[0]!;
      const keyAt = header.indexOf('key');
      const keys = rows
        .slice(1)
        .filter((r) => r[header.indexOf('locale')] === LOCALE)
        .map((r) => r[keyAt]);
      for (const k of FORMULA_KEYS) expect(keys, k).toContain(`'${k}`);
      // Hostile titles quoted in finding messages stay as they were (CSV is data, not HTML).
      const messages = rows
        .slice(1)
        .map((r) => r[header.indexOf('title_or_message')])
        .join('\n');
      // (english-fallback quotes prose without its markup; liquid-syntax quotes the tag as written)
      expect(messages).toContain(`<script>window.__xss='liquid'`);
    }
  });
});
