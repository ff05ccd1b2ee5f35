import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { resolveConfig } from '../../server/config.ts';
import type { PageStatus, StatusExport } from '../../server/status/export.ts';
import { fixture, type Fixture } from '../api/helpers.ts';
import { buildRepo, cli, SAMPLE, SYNC_EN } from './helpers.ts';

interface LocaleRow {
  locale: string;
  upToDate: number;
  englishArticles: number;
}

/** The badge's numbers read back from its SVG: the shown text and the counts it carries. */
function readBadge(svg: string) {
  const text = /data-up-to-date="(\d+)" data-english-articles="(\d+)">([^<]+)<\/text>/.exec(svg);
  expect(text, svg).not.toBeNull();
  return { upToDate: Number(text![1]), englishArticles: Number(text![2]), message: text![3]! };
}

describe('status for readers on the bundled sample', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(async () => f?.close());

  it('a badge for each locale, its share from the same coverage counts as /api/locales', async () => {
    const locales = ((await f.app.inject('/api/locales')).json() as { locales: LocaleRow[] }).locales.filter((l) => l.locale !== 'en');
    expect(locales.map((l) => l.locale).sort()).toEqual(['de-DE', 'es-ES', 'ja-JP', 'pt-BR', 'zh-CN']);
    for (const l of locales) {
      const res = await f.app.inject(`/api/badges/${l.locale}.svg`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const badge = readBadge(res.body);
      expect({ upToDate: badge.upToDate, englishArticles: badge.englishArticles }).toEqual({
        upToDate: l.upToDate,
        englishArticles: l.englishArticles,
      });
      expect(badge.message).toBe(`${Math.floor((100 * l.upToDate) / l.englishArticles)}% up to date`);
      expect(res.body).toContain(`<title>${l.locale}: `);
    }
  });

  it('bad badge parameters are 400 with a message', async () => {
    for (const [url, says] of [
      ['/api/badges/xx-XX.svg', 'unknown locale "xx-XX"'],
      ['/api/badges/ja-jp.svg', 'did you mean "ja-JP"'],
      ['/api/badges/en.svg', 'source locale'],
      ['/api/badges/not%20a%20locale.svg', 'params.locale must match pattern'],
    ] as const) {
      const res = await f.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect((res.json() as { message: string }).message, url).toContain(says);
    }
  });

  it('the JSON export has every page of every locale, in the states the article list shows', async () => {
    const r = await cli(['export', '--format', 'json', '--root', SAMPLE, '--db', f.config.db], f.dir);
    expect(r.code, r.err).toBe(0);
    const data = JSON.parse(r.out) as StatusExport;
    expect(data.version).toBe(1);
    for (const locale of ['de-DE', 'es-ES', 'ja-JP', 'pt-BR', 'zh-CN']) {
      const pages = data.pages.filter((p) => p.locale === locale);
      const list = (await f.app.inject(`/api/articles?locale=${locale}&limit=200`)).json() as {
        total: number;
        rows: { key: string; state: string; kind?: string; words: { toTranslate: number | null; changed: number | null } }[];
      };
      const listed = new Map(list.rows.map((row) => [row.key, row.state]));
      // The words each page stands for are the list's (reusables and variables are in the list, not the export).
      const words = new Map(list.rows.map((row) => [row.key, row.words]));
      for (const p of pages) expect({ toTranslate: p.wordsToTranslate, changed: p.wordsChanged }, p.key).toEqual(words.get(p.key));
      expect(pages.some((p) => p.state === 'missing' && (p.wordsToTranslate ?? 0) > 0)).toBe(true);
      expect(pages.length).toBeGreaterThan(5);
      // Each exported page has the state the dashboard's list gives it, and an English URL unless orphaned.
      for (const p of pages) {
        expect(listed.get(p.key), p.key).toBe(p.state);
        expect(p.englishUrl === null).toBe(p.state === 'orphaned');
        // "unknown" is never a number: no base, no commits or days behind.
        if (p.state === 'base-unknown' || p.state === 'missing') expect([p.commitsBehind, p.daysBehind, p.baseDate]).toEqual([null, null, null]);
      }
    }
    const bad = await cli(['export', '--format', 'csv', '--root', SAMPLE, '--db', f.config.db], f.dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format must be json');
    const unknown = await cli(['export', '--locale', 'xx', '--root', SAMPLE, '--db', f.config.db], f.dir);
    expect(unknown.code).toBe(2);
  });
});

describe('status for readers on the sample with a git history (up to date and stale, the moved de-DE copy too)', () => {
  let repo: { root: string; db: string };
  beforeAll(async () => {
    repo = await buildRepo('Reword license sync and GitHub Connect pages');
  }, 120_000);
  afterAll(() => repo && fs.rmSync(repo.root, { recursive: true, force: true }));

  it('exports how far behind each translation is, and the badges count the same pages', async () => {
    const out = path.join(path.dirname(repo.db), 'status.json');
    const r = await cli(['export', '--root', repo.root, '--db', repo.db, '--out', out], repo.root);
    expect(r.code, r.err).toBe(0);
    const data = JSON.parse(fs.readFileSync(out, 'utf8')) as StatusExport;
    const key = SYNC_EN.replace(/^content\//, '').replace(/\.md$/, '');
    const of = (locale: string) => data.pages.find((p) => p.locale === locale && p.englishKey === key)!;
    // ja-JP was updated in the same commit as English: up to date, 0 behind, based on that commit's English.
    expect(of('ja-JP')).toMatchObject({ state: 'up-to-date', commitsBehind: 0, daysBehind: 0, baseDate: '2021-03-01T12:00:00.000Z', baseSource: 'git' });
    // es-ES, pt-BR and zh-CN were made from the English of 2021-02-01: one change and 28 days behind.
    for (const l of ['es-ES', 'pt-BR', 'zh-CN'])
      expect(of(l), l).toMatchObject<Partial<PageStatus>>({ state: 'stale', commitsBehind: 1, daysBehind: 28, baseDate: '2021-02-01T12:00:00.000Z' });
    // de-DE's copy sits at the page's old path; its base comes from the English page it moved to, made the same day.
    expect(of('de-DE')).toMatchObject({ state: 'stale', commitsBehind: 1, daysBehind: 28, baseDate: '2021-02-01T12:00:00.000Z' });
    expect(of('ja-JP').englishUrl).toBe(`/${key}`);

    const config = resolveConfig({ workers: 0 }, repo.root, null, { root: repo.root, db: repo.db });
    const db = openDb(config.db);
    const app = await buildApp({ db, config, webDir: null });
    try {
      const badge = readBadge((await app.inject('/api/badges/ja-JP.svg')).body);
      expect(badge.upToDate).toBeGreaterThanOrEqual(1);
      const locales = ((await app.inject('/api/locales')).json() as { locales: LocaleRow[] }).locales;
      expect(badge.upToDate).toBe(locales.find((l) => l.locale === 'ja-JP')!.upToDate);
      expect(readBadge((await app.inject('/api/badges/es-ES.svg')).body).upToDate).toBe(0);
    } finally {
      await app.close();
      db.close();
    }
  }, 120_000);
});
