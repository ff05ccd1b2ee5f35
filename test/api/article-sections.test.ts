/**
 * Big article answers (issue 18 item 5): the article detail carries the section index and the
 * first rows of text; the other rows come from GET /api/article-sections/:locale/*. For every
 * translated article of the MDN sample (Array pages English restructured, up to dozens of
 * sections) the detail's rows plus the section pages are exactly the whole article: every
 * aligned pair once, in order, each side's section text and paragraphs as the index stored
 * them, and the English diff of each changed section as the history module computes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { buildApp } from '../../server/app.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { englishDiff } from '../../server/history/diff.ts';
import { indexWithChecks } from '../../server/plugins/reindex.ts';
import { PAGE_BYTES, PAGE_ROWS } from '../../server/routes/articles.ts';
import { ArticleDetail, SectionRows } from '../../server/routes/schemas.ts';
import { MDN_SAMPLE } from '../corpus.ts';
import { expectSchema, SAMPLE } from './helpers.ts';

type Detail = Static<typeof ArticleDetail>;
type Rows = Static<typeof SectionRows>;

interface Site {
  app: FastifyInstance;
  db: Db;
  config: Config;
  dir: string;
}

async function open(raw: Record<string, unknown>, root: string): Promise<Site> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-sections-api-'));
  const config = resolveConfig({ workers: 0, ...raw }, root, null, { root, db: path.join(dir, 'drift.db') });
  const db = openDb(config.db);
  await indexWithChecks(config, db);
  const app = await buildApp({ db, config, webDir: null, now: () => new Date('2026-03-02T09:00:00.000Z') });
  return { app, db, config, dir };
}

async function close(s: Site) {
  await s.app.close();
  s.db.close();
  fs.rmSync(s.dir, { recursive: true, force: true });
}

const sectionsUrl = (locale: string, key: string, from: number, limit: number) => `/api/article-sections/${locale}/${key}?from=${from}&limit=${limit}`;

/** Every row of an article as the dashboard reads it: the detail's first rows, then pages of `limit`. */
async function allRows(app: FastifyInstance, locale: string, key: string, detail: Detail, limit: number): Promise<Rows['rows']> {
  const rows = [...detail.sections.rows];
  while (rows.length < detail.sections.total) {
    const r = await app.inject(sectionsUrl(locale, key, rows.length, limit));
    expect(r.statusCode, r.body).toBe(200);
    const page = r.json<Rows>();
    expectSchema(SectionRows, page);
    expect(page.from).toBe(rows.length);
    expect(page.total).toBe(detail.sections.total);
    expect(page.rows.length).toBeGreaterThan(0);
    rows.push(...page.rows);
  }
  return rows;
}

describe('article detail in pages on the MDN sample', () => {
  let s: Site;
  beforeAll(async () => {
    s = await open({ layout: 'mdn' }, MDN_SAMPLE);
  }, 120_000);
  afterAll(() => close(s));

  it('first rows + section pages = the whole alignment with every section text, paragraph and English diff', { timeout: 120_000 }, async () => {
    const documents = new DocumentsRepository(s.db);
    const source = s.config.layout.sourceLocale;
    const keys = s.db
      .prepare("SELECT locale, key FROM documents WHERE locale <> ? AND kind = 'page' AND deleted_run IS NULL ORDER BY locale, key")
      .all(source) as { locale: string; key: string }[];
    expect(keys.length).toBeGreaterThan(20);
    let paged = 0;
    let withDiff = 0;
    for (const { locale, key } of keys) {
      const r = await s.app.inject(`/api/articles/${locale}/${key}`);
      if (r.statusCode !== 200) continue;
      const detail = r.json<Detail>();
      expectSchema(ArticleDetail, detail);
      expect(detail.sections.from).toBe(0);
      expect(detail.sections.total).toBe(detail.alignment.length);
      // Pages: at most PAGE_ROWS rows and PAGE_BYTES of JSON once one row is in; the detail carries the first.
      expect(detail.pageStarts[0] ?? 0).toBe(0);
      expect(detail.sections.rows.length).toBe(detail.pageStarts[1] ?? detail.alignment.length);
      for (const [i, start] of detail.pageStarts.entries()) {
        const end = detail.pageStarts[i + 1] ?? detail.alignment.length;
        const page = i === 0 ? detail.sections : (await s.app.inject(sectionsUrl(locale, key, start, PAGE_ROWS))).json<Rows>();
        expect(page.rows.map((r) => r.row)).toEqual(Array.from({ length: end - start }, (_, k) => start + k));
        expect(page.rows.length).toBeLessThanOrEqual(PAGE_ROWS);
        if (page.rows.length > 1) expect(JSON.stringify(page.rows).length).toBeLessThanOrEqual(PAGE_BYTES + page.rows.length + 1);
      }
      const rows = await allRows(s.app, locale, key, detail, 7);
      if (detail.pageStarts.length > 1) paged++;
      // Any page size reads the same rows.
      expect(await allRows(s.app, locale, key, detail, 100)).toEqual(rows);
      expect(rows.map((x) => x.row)).toEqual(detail.alignment.map((_, i) => i));

      const en = documents.get(source, key);
      const tr = documents.get(locale, key)!;
      const text = (id: number | undefined) => new Map((id === undefined ? [] : documents.sections(id)).map((x) => [x.ordinal, x.source]));
      const paragraphs = (id: number | undefined) => (id === undefined ? [] : documents.paragraphs(id)).map((p) => `${p.section}:${p.ordinal}:${p.text}`);
      const enText = text(en?.id);
      const trText = text(tr.id);
      const diffs = detail.stale ? await englishDiff(s.db, s.config, locale, key) : null;
      rows.forEach((row, i) => {
        const pair = detail.alignment[i]!;
        expect(row.english?.ordinal ?? null).toBe(pair.english);
        expect(row.translation?.ordinal ?? null).toBe(pair.translation);
        if (row.english) expect(row.english.source).toBe(enText.get(row.english.ordinal));
        if (row.translation) expect(row.translation.source).toBe(trText.get(row.translation.ordinal));
        expect(row.diff).toEqual(pair.english === null ? null : (diffs?.get(pair.english) ?? null));
        if (row.diff) withDiff++;
      });
      // Every paragraph of each side, once, in its section.
      const side = (pick: (x: Rows['rows'][number]) => Rows['rows'][number]['english']) =>
        rows.flatMap((x) => pick(x)?.paragraphs.map((p) => `${p.section}:${p.ordinal}:${p.text}`) ?? []).sort();
      expect(side((x) => x.english)).toEqual(paragraphs(en?.id).sort());
      expect(side((x) => x.translation)).toEqual(paragraphs(tr.id).sort());
    }
    // Real paging happened: articles longer than the first screen. (The sample has no git history, so no
    // English diff: test/api/claims.test.ts reads a diff from the rows after an English edit.)
    expect(paged).toBeGreaterThan(5);
    expect(withDiff).toBe(0);
  });

  it('a page past the last row, a zero limit or an unknown parameter is a 400 naming it; a page is cached like the detail', async () => {
    const { locale, key } = s.db
      .prepare("SELECT locale, key FROM documents WHERE locale = 'es' AND key = 'web/javascript/reference/global_objects/array' AND deleted_run IS NULL")
      .get() as { locale: string; key: string };
    const detail = (await s.app.inject(`/api/articles/${locale}/${key}`)).json<Detail>();
    const total = detail.sections.total;
    expect(total).toBeGreaterThan(PAGE_ROWS);
    const past = await s.app.inject(sectionsUrl(locale, key, total, 10));
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toContain(`past the last row of the article (it has ${total} rows`);
    expect((await s.app.inject(sectionsUrl(locale, key, 0, 0))).statusCode).toBe(400);
    expect((await s.app.inject(`/api/article-sections/${locale}/${key}?from=x`)).statusCode).toBe(400);
    expect((await s.app.inject(`/api/article-sections/${locale}/no/such/page`)).statusCode).toBe(404);
    expect((await s.app.inject(`/api/article-sections/xx-YY/${key}`)).statusCode).toBe(400);
    const before = s.app.responseCacheStats().entries;
    const a = await s.app.inject({ url: sectionsUrl(locale, key, 1, 9), headers: { 'accept-encoding': 'br' } });
    const b = await s.app.inject({ url: sectionsUrl(locale, key, 1, 9), headers: { 'accept-encoding': 'br' } });
    expect(a.headers['content-encoding'] === 'br' || a.rawPayload.byteLength < 1024).toBe(true);
    expect(b.rawPayload.equals(a.rawPayload)).toBe(true);
    expect(s.app.responseCacheStats().entries).toBe(before + 1);
  });
});

describe('article detail links and titles on the GitHub Docs sample', () => {
  let s: Site;
  beforeAll(async () => {
    s = await open({}, SAMPLE);
  }, 120_000);
  afterAll(() => close(s));

  it('links the live page and each file in its repository from the layout preset, and a config overrides both', async () => {
    const key = (
      s.db.prepare("SELECT key FROM documents WHERE locale = 'ja-JP' AND kind = 'page' AND deleted_run IS NULL ORDER BY key LIMIT 1").get() as { key: string }
    ).key;
    const detail = (await s.app.inject(`/api/articles/ja-JP/${key}`)).json<Detail>();
    expect(detail.pageUrl).toBe(`https://docs.github.com${detail.url}`);
    expect(detail.english!.fileUrl).toBe(`https://github.com/github/docs/blob/main/${detail.english!.path}`);
    expect(detail.translation!.fileUrl).toBe(`https://github.com/github/docs/blob/main/${detail.translation!.path}`);

    const config = resolveConfig(
      { workers: 0, siteUrl: 'https://docs.example.com/', repositoryUrl: 'https://git.example.com/docs/-/blob/trunk' },
      SAMPLE,
      null,
      {
        root: SAMPLE,
        db: s.config.db,
      },
    );
    const app = await buildApp({ db: s.db, config, webDir: null, now: () => new Date('2026-03-02T09:00:00.000Z') });
    try {
      const other = (await app.inject(`/api/articles/ja-JP/${key}`)).json<Detail>();
      expect(other.pageUrl).toBe(`https://docs.example.com${detail.url}`);
      expect(other.translation!.fileUrl).toBe(`https://git.example.com/docs/-/blob/trunk/${detail.translation!.path}`);
    } finally {
      await app.close();
    }
    expect(() => resolveConfig({ siteUrl: 'docs.example.com' }, SAMPLE, null, { root: SAMPLE })).toThrow(/siteUrl/);
  });

  it('titles come as the site shows them: Liquid variables by value, comments dropped', async () => {
    const rows = s.db.prepare("SELECT locale, key, title FROM documents WHERE kind = 'page' AND deleted_run IS NULL AND title LIKE '%{%%' LIMIT 5").all() as {
      locale: string;
      key: string;
      title: string;
    }[];
    for (const row of rows) {
      const detail = (await s.app.inject(`/api/articles/${row.locale === 'en' ? 'ja-JP' : row.locale}/${row.key}`)).json<Detail>();
      const side = row.locale === 'en' ? detail.english : detail.translation;
      if (!side) continue;
      expect(side.title).toBe(row.title);
      expect(side.titleText).not.toMatch(/\{%\s*(if|ifversion|endif|else)/);
    }
  });
});
