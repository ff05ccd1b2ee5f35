import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { openDb } from '../../db/index.ts';
import { ARTICLE_SORTS } from '../../db/repositories/articles.ts';
import { answerEncoding } from '../../server/plugins/response-cache.ts';
import { RunsResponse } from '../../server/routes/runs.ts';
import { ArticleDetail, ArticlesResponse, ChecksResponse, ClaimsResponse, ErrorBody, FindingsResponse, LocalesResponse } from '../../server/routes/schemas.ts';
import type {
  ArticleRow,
  ArticlesResponse as ArticlesBody,
  ArticleDetail as DetailBody,
  FindingsResponse as FindingsBody,
  LocalesResponse as LocalesBody,
} from '../../web/src/lib/types.ts';
import { ARTICLE, DE_ARTICLE, expectSchema, fixture, type Fixture } from './helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(async () => f?.close());

const get = async <T>(url: string) => {
  const r = await f.app.inject(url);
  return { status: r.statusCode, body: r.json() as T };
};

/** Every article row of a locale query, walking the pages. */
async function allPages(query: string, limit: number): Promise<ArticleRow[]> {
  const rows: ArticleRow[] = [];
  for (let page = 1; page < 100; page++) {
    const { body } = await get<ArticlesBody>(`/api/articles?${query}&limit=${limit}&page=${page}`);
    rows.push(...body.rows);
    if (body.rows.length < limit) break;
  }
  return rows;
}

const sql = <T>(q: string, ...params: unknown[]) => f.db.prepare(q).all(...params) as T[];
const hasChecks = () => (sql<{ n: number }>('SELECT COUNT(*) AS n FROM findings')[0]?.n ?? 0) > 0;

describe('GET /api/health and /api/runs', () => {
  it('answers ok with the last complete run', async () => {
    const { status, body } = await get<{ status: string; lastRun: { id: number } }>('/api/health');
    expect(status).toBe(200);
    expect(body.lastRun?.id).toBe(1);
  });

  it('lists runs newest first in the Run shape', async () => {
    const { status, body } = await get<{ runs: { id: number; status: string }[] }>('/api/runs?limit=5');
    expect(status).toBe(200);
    expectSchema(RunsResponse, body);
    expect(body.runs[0]).toMatchObject({ id: 1, status: 'complete' });
  });

  it('rejects limit above 200 naming the field', async () => {
    const r = await f.app.inject('/api/runs?limit=500');
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toMatch(/^querystring\.limit /);
  });
});

/** The bundled sample's English files: 8 pages, 13 reusables, 2 variables files (every one an article). */
const ENGLISH_ARTICLES = 23;

describe('GET /api/locales', () => {
  it('counts English pages, translations, missing, orphaned and open findings per locale', async () => {
    const { status, body } = await get<LocalesBody>('/api/locales');
    expect(status).toBe(200);
    expectSchema(LocalesResponse, body);
    const byLocale = new Map(body.locales.map((l) => [l.locale, l]));
    expect([...byLocale.keys()].sort()).toEqual(['de-DE', 'en', 'es-ES', 'ja-JP', 'pt-BR', 'zh-CN']);
    const en = byLocale.get('en')!;
    expect(en.source).toBe(true);
    expect(en.englishPages).toBe(en.pages);
    // Every file kind is an article: 8 pages, 13 reusables and 2 variables files.
    expect(en.englishArticles).toBe(en.documents);
    expect(en.englishArticles).toBe(23);
    const ja = byLocale.get('ja-JP')!;
    expect(ja).toMatchObject({ englishPages: en.pages, englishArticles: 23, translated: 1, missing: 22, orphaned: 0, leftover: 0 });
    expect(ja.upToDate + ja.stale + ja.baseUnknown).toBe(ja.translated);
    // de-DE files its only translation under the article's old key, which English redirects to
    // the moved page: it translates that page (as the checks pair it), so it is not orphaned.
    expect(byLocale.get('de-DE')).toMatchObject({ englishPages: en.pages, translated: 1, missing: 22, orphaned: 0 });
    expect(en.pages).toBe(8);
    // Findings per check and severity equal the open findings in the database.
    for (const l of body.locales) {
      const rows = sql<{ check_id: string; severity: 'error' | 'warning' | 'info'; n: number }>(
        'SELECT check_id, severity, COUNT(*) AS n FROM findings WHERE locale = ? AND resolved_run IS NULL GROUP BY check_id, severity',
        l.locale,
      );
      for (const r of rows) expect(l.findings[r.check_id]?.[r.severity]).toBe(r.n);
      expect(l.totals.error + l.totals.warning + l.totals.info).toBe(rows.reduce((n, r) => n + r.n, 0));
    }
    // missing-translation flags missing pages; the missing reusables and data files are counted too.
    const missing = (await get<ArticlesBody>('/api/articles?locale=ja-JP&state=missing&limit=200')).body.rows;
    expect(missing).toHaveLength(ja.missing);
    if (hasChecks())
      expect(ja.findings['missing-translation']?.warning ?? ja.findings['missing-translation']?.info ?? 0).toBe(
        missing.filter((r) => r.kind === 'page').length,
      );
  });
});

describe('GET /api/articles', () => {
  it('lists every English article (pages, reusables, variables files) and the locale’s own, each once', async () => {
    const { body } = await get<ArticlesBody>('/api/articles?locale=ja-JP&limit=200');
    expectSchema(ArticlesResponse, body);
    const english = sql<{ key: string }>("SELECT key FROM documents WHERE locale = 'en' AND deleted_run IS NULL").map((r) => r.key);
    expect(body.rows.map((r) => r.key).sort()).toEqual([...english].sort());
    expect(body.total).toBe(english.length);
    const row = body.rows.find((r) => r.key === ARTICLE)!;
    expect(row.translated).toBe(true);
    expect(row.title).not.toBe(row.englishTitle);
    expect(row.url).toBe(`/${ARTICLE}`);
    // A reusable has a readable title (its file name) and a kind.
    expect(body.rows.find((r) => r.key === 'reusables.enterprise-licensing.about-license-sync')).toMatchObject({
      kind: 'reusable',
      englishTitle: 'about-license-sync',
      state: 'missing',
    });
  });

  it('?locale=de-DE&check=missing-redirect returns the license-sync article with its missing redirects', async () => {
    if (!hasChecks()) return expect.fail('the checks did not run: server/checks/run.ts is missing');
    const { body } = await get<ArticlesBody>('/api/articles?locale=de-DE&check=missing-redirect');
    expectSchema(ArticlesResponse, body);
    expect(body.total).toBe(1);
    expect(body.rows[0]!.key).toBe(DE_ARTICLE);
    // English lists 5 old URLs, the translation 2; the checks decide whether its own URL counts.
    const stored = sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM findings WHERE locale = 'de-DE' AND key = ? AND check_id = 'missing-redirect' AND resolved_run IS NULL",
      DE_ARTICLE,
    )[0]!.n;
    expect(stored).toBeGreaterThanOrEqual(2);
    expect(body.rows[0]!.checks['missing-redirect']).toBe(stored);
  });

  it('pairs de-DE’s translation under the old key with the English page it moved to', async () => {
    const rows = await allPages('locale=de-DE', 200);
    const row = rows.find((r) => r.key === DE_ARTICLE)!;
    const englishTitle = sql<{ title: string }>("SELECT title FROM documents WHERE locale = 'en' AND key = ?", ARTICLE)[0]!.title;
    expect(row).toMatchObject({ translated: true, englishTitle });
    // The moved English page is that row, not a second, untranslated one.
    expect(rows.map((r) => r.key)).not.toContain(ARTICLE);
    expect(rows.filter((r) => r.translated)).toHaveLength(1);
    expect(rows).toHaveLength(ENGLISH_ARTICLES);
  });

  it('filters by check, severity and status as the findings table says', async () => {
    const checks = sql<{ check_id: string; severity: string }>(
      "SELECT DISTINCT check_id, severity FROM findings WHERE locale = 'ja-JP' AND resolved_run IS NULL",
    );
    for (const { check_id, severity } of checks) {
      const expected = sql<{ key: string }>(
        `SELECT DISTINCT f.key FROM findings f WHERE f.locale = 'ja-JP' AND f.check_id = ? AND f.severity = ? AND f.resolved_run IS NULL
           AND EXISTS (SELECT 1 FROM documents d WHERE d.key = f.key AND d.kind = 'page' AND d.deleted_run IS NULL AND d.locale IN ('en', 'ja-JP'))`,
        check_id,
        severity,
      ).map((r) => r.key);
      const rows = await allPages(`locale=ja-JP&check=${check_id}&severity=${severity}`, 200);
      expect(rows.map((r) => r.key).sort(), `${check_id}/${severity}`).toEqual(expected.sort());
    }
    // Everything is new after one run; nothing is resolved yet.
    expect((await get<ArticlesBody>('/api/articles?locale=ja-JP&status=resolved')).body.total).toBe(0);
    const open = (await get<ArticlesBody>('/api/articles?locale=ja-JP&status=open')).body.total;
    expect((await get<ArticlesBody>('/api/articles?locale=ja-JP&status=new')).body.total).toBe(open);
  });

  it('filters translated, stale and claimed', async () => {
    const translated = await allPages('locale=ja-JP&translated=true', 200);
    expect(translated.map((r) => r.key)).toEqual([ARTICLE]);
    const untranslated = await allPages('locale=ja-JP&translated=false', 200);
    expect(untranslated.every((r) => !r.translated)).toBe(true);
    expect((await get<ArticlesBody>('/api/articles?locale=ja-JP&claimed=true')).body.total).toBe(0);
    const stale = await allPages('locale=ja-JP&stale=true', 200);
    expect(stale.every((r) => r.stale !== null)).toBe(true);
  });

  it('q searches the key and both titles, case-insensitively, with % and _ taken literally', async () => {
    const { body } = await get<ArticlesBody>('/api/articles?locale=ja-JP&limit=200');
    const row = body.rows.find((r) => r.key === ARTICLE)!;
    const japaneseWord = row.title!.slice(0, 4);
    expect((await get<ArticlesBody>(`/api/articles?locale=ja-JP&q=${encodeURIComponent(japaneseWord)}`)).body.rows.map((r) => r.key)).toContain(ARTICLE);
    const englishWord = row
      .englishTitle!.split(' ')
      .find((w) => w.length > 5)!
      .toUpperCase();
    const byEnglish = (await get<ArticlesBody>(`/api/articles?locale=ja-JP&q=${encodeURIComponent(englishWord)}`)).body.rows;
    expect(byEnglish.map((r) => r.key)).toContain(ARTICLE);
    expect(
      (await get<ArticlesBody>('/api/articles?locale=ja-JP&q=configuring-github-connect')).body.rows.every((r) => r.key.includes('configuring-github-connect')),
    ).toBe(true);
    for (const q of ['%', '_', "' OR 1=1 --", '"; DROP TABLE documents; --', '\\']) {
      const r = await get<ArticlesBody>(`/api/articles?locale=ja-JP&q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      expect(r.body.total, q).toBe(0);
    }
    expect(sql<{ n: number }>('SELECT COUNT(*) AS n FROM documents')[0]!.n).toBeGreaterThan(0);
  });

  it.each(ARTICLE_SORTS)('sorts on %s in both directions, ties broken by key', async (sort) => {
    const value = (r: ArticleRow): string | number | null => {
      switch (sort) {
        case 'key':
          return r.key;
        case 'title':
          return r.title?.toLowerCase() ?? null;
        case 'englishTitle':
          return r.englishTitle?.toLowerCase() ?? null;
        case 'translated':
          return Number(r.translated);
        case 'errors':
          return r.counts.error;
        case 'warnings':
          return r.counts.warning;
        case 'infos':
          return r.counts.info;
        case 'findings':
          return r.counts.error + r.counts.warning + r.counts.info;
        case 'new':
          return r.newFindings;
        case 'stale':
          return r.stale ? (r.stale.commitsBehind ?? 0) : null;
        case 'claim':
          return r.claim?.userName.toLowerCase() ?? null;
      }
    };
    for (const order of ['asc', 'desc'] as const) {
      const rows = await allPages(`locale=zh-CN&sort=${sort}&order=${order}`, 3);
      expect(rows.length).toBe(ENGLISH_ARTICLES);
      for (let i = 1; i < rows.length; i++) {
        const a = value(rows[i - 1]!);
        const b = value(rows[i]!);
        if (a === null) expect(b, `${sort} ${order}: empty values last`).toBeNull();
        else if (b !== null && a !== b) expect(order === 'asc' ? a < b : a > b, `${sort} ${order} at ${i}`).toBe(true);
      }
    }
  });

  it('pages are stable: walking pages of 3 gives the same rows as one page of 200', async () => {
    for (const sort of ['errors', 'stale', 'title']) {
      const paged = await allPages(`locale=ja-JP&sort=${sort}`, 3);
      const whole = (await get<ArticlesBody>(`/api/articles?locale=ja-JP&sort=${sort}&limit=200`)).body.rows;
      expect(paged.map((r) => r.key)).toEqual(whole.map((r) => r.key));
      expect(new Set(paged.map((r) => r.key)).size).toBe(paged.length);
    }
    const past = await get<ArticlesBody>('/api/articles?locale=ja-JP&page=50&limit=3');
    expect(past.body).toMatchObject({ total: ENGLISH_ARTICLES, rows: [] });
  });

  it.each([
    ['no locale', '/api/articles', 'querystring'],
    ['limit over 200', '/api/articles?locale=ja-JP&limit=201', 'querystring.limit'],
    ['unknown sort', '/api/articles?locale=ja-JP&sort=password', 'querystring.sort'],
    ['bad severity', '/api/articles?locale=ja-JP&severity=fatal', 'querystring.severity'],
    ['page 0', '/api/articles?locale=ja-JP&page=0', 'querystring.page'],
    // Ajv coerces 1e309 to Infinity and passes it as an integer ≤ 200 (was a 500 from SQLite).
    ['an infinite limit', '/api/articles?locale=ja-JP&limit=1e309', 'querystring.limit'],
    ['bad locale', '/api/articles?locale=../../etc', 'querystring.locale'],
  ])('400 for %s, naming the field', async (_name, url, field) => {
    const r = await f.app.inject(url);
    expect(r.statusCode).toBe(400);
    expectSchema(ErrorBody, r.json());
    expect(r.json().message.startsWith(field)).toBe(true);
  });
});

describe('GET /api/articles/:locale/*', () => {
  it('answers both sides, sections aligned, findings on their sections', async () => {
    const { status, body } = await get<DetailBody>(`/api/articles/ja-JP/${ARTICLE}`);
    expect(status).toBe(200);
    expectSchema(ArticleDetail, body);
    expect(body.english!.path).toBe(`content/${ARTICLE}.md`);
    expect(body.translation!.path).toBe(`translations/ja-JP/content/${ARTICLE}.md`);
    expect(body.english!.frontmatter).toHaveProperty('redirect_from');
    expect(body.sections.rows.some((r) => r.translation?.paragraphs.some((p) => p.lang !== null))).toBe(true);
    // Every section of both sides appears once, in order.
    const e = body.alignment.map((a) => a.english).filter((x) => x !== null);
    const t = body.alignment.map((a) => a.translation).filter((x) => x !== null);
    expect(e).toEqual(body.english!.sections.map((s) => s.ordinal));
    expect(t).toEqual(body.translation!.sections.map((s) => s.ordinal));
    // Paired sections share their heading level.
    for (const a of body.alignment) {
      if (a.english === null || a.translation === null) continue;
      expect(body.english!.sections[a.english]!.level).toBe(body.translation!.sections[a.translation]!.level);
    }
    const open = sql<{ id: number }>("SELECT id FROM findings WHERE locale = 'ja-JP' AND key = ? AND resolved_run IS NULL", ARTICLE);
    expect(body.findings.map((x) => x.id).sort()).toEqual(open.map((x) => x.id).sort());
    const sections = body.translation!.sections;
    expect(body.findings.some((x) => x.section !== null && x.section >= 0)).toBe(hasChecks());
    for (const finding of body.findings) {
      if (finding.line === null) continue;
      const s = sections.find((x) => x.ordinal === finding.section);
      if (!s) {
        // Not in a section: a frontmatter line, before the body.
        expect(finding.line).toBeLessThan(sections[0]!.line);
        continue;
      }
      expect(finding.line).toBeGreaterThanOrEqual(s.line);
      expect(finding.line).toBeLessThanOrEqual(s.endLine);
    }
    // History holds the resolved findings only: the open ones are not sent twice.
    expect(body.history.every((x) => x.status === 'resolved')).toBe(true);
  });

  it('answers de-DE’s translation under the old key with the moved English page, sections aligned', async () => {
    const { status, body } = await get<DetailBody>(`/api/articles/de-DE/${DE_ARTICLE}`);
    expect(status).toBe(200);
    expectSchema(ArticleDetail, body);
    expect(body.english!.path).toBe(`content/${ARTICLE}.md`);
    expect(body.translation!.path).toBe(`translations/de-DE/content/${DE_ARTICLE}.md`);
    expect(body.translation!.sections).toHaveLength(3);
    // Each of the translation's 3 sections sits next to its English section, though de-DE demoted every `##` to `###`.
    const paired = body.alignment.filter((a) => a.english !== null && a.translation !== null);
    expect(paired.map((a) => [a.english, a.translation])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(paired.slice(1).map((a) => [body.english!.sections[a.english!]!.level, body.translation!.sections[a.translation!]!.level])).toEqual([
      [2, 3],
      [2, 3],
    ]);
    expect(body.alignment.map((a) => a.english).filter((x) => x !== null)).toEqual(body.english!.sections.map((s) => s.ordinal));
    // Still filed under its old key: the orphaned-translation finding stays on the article.
    if (hasChecks()) expect(body.findings.some((x) => x.check === 'orphaned-translation')).toBe(true);
  });

  it('answers a missing translation with the English side only', async () => {
    const { status, body } = await get<DetailBody>('/api/articles/ja-JP/admin');
    expect(status).toBe(200);
    expectSchema(ArticleDetail, body);
    expect(body.translation).toBeNull();
    expect(body.alignment.every((a) => a.translation === null)).toBe(true);
  });

  it.each([
    ['an unknown key', '/api/articles/ja-JP/no/such/page', 404],
    ['dot segments', '/api/articles/ja-JP/..%2F..%2F..%2Fetc%2Fpasswd', 404],
    ['an absolute path', '/api/articles/ja-JP/%2Fetc%2Fpasswd', 404],
    ['a file name on disk', `/api/articles/ja-JP/content%2F${encodeURIComponent(ARTICLE)}.md`, 404],
    ['a NUL byte', `/api/articles/ja-JP/${ARTICLE}%00.md`, 400],
    ['a bad locale', `/api/articles/..%2F..%2F/${ARTICLE}`, 400],
  ])('%s → %s, nothing read from disk', async (_name, url, code) => {
    const r = await f.app.inject(url);
    expect(r.statusCode).toBe(code);
    expectSchema(ErrorBody, r.json());
    expect(r.body).not.toMatch(/root:|ENOENT|at .*\.ts/);
  });
});

describe('GET /api/findings, /api/checks, /api/claims, /api/docs', () => {
  it('filters the flat findings list and pages it stably', async () => {
    const { body } = await get<FindingsBody>('/api/findings?locale=ja-JP&limit=200');
    expectSchema(FindingsResponse, body);
    const expected = sql<{ n: number }>("SELECT COUNT(*) AS n FROM findings WHERE locale = 'ja-JP' AND resolved_run IS NULL")[0]!.n;
    expect(body.total).toBe(expected);
    expect(body.rows.every((r) => r.locale === 'ja-JP' && r.status === 'new')).toBe(true);
    const rank = { error: 0, warning: 1, info: 2 };
    for (let i = 1; i < body.rows.length; i++) expect(rank[body.rows[i - 1]!.severity]).toBeLessThanOrEqual(rank[body.rows[i]!.severity]);
    const paged: number[] = [];
    for (let page = 1; page <= Math.ceil(expected / 7); page++)
      paged.push(...(await get<FindingsBody>(`/api/findings?locale=ja-JP&limit=7&page=${page}`)).body.rows.map((r) => r.id));
    expect(paged).toEqual(body.rows.map((r) => r.id));
    const byKey = await get<FindingsBody>(`/api/findings?locale=ja-JP&key=${encodeURIComponent(ARTICLE)}&limit=200`);
    expect(byKey.body.rows.every((r) => r.key === ARTICLE)).toBe(true);
    const severity = await get<FindingsBody>('/api/findings?severity=error&limit=200');
    expect(severity.body.rows.every((r) => r.severity === 'error')).toBe(true);
  });

  it('lists the checks from the registry with their doc pages', async () => {
    const { body } = await get<{ checks: { id: string; page: string }[] }>('/api/checks');
    expectSchema(ChecksResponse, body);
    const registry = (await import('../../server/checks/registry.ts').catch(() => null)) as { CHECKS?: { id: string }[] } | null;
    expect(body.checks.map((c) => c.id)).toEqual((registry?.CHECKS ?? []).map((c) => c.id));
  });

  it('lists claims (none yet)', async () => {
    const { body } = await get<unknown>('/api/claims?locale=ja-JP&status=active');
    expectSchema(ClaimsResponse, body);
    expect(Value.Check(ClaimsResponse, body)).toBe(true);
  });

  it('serves OpenAPI with every route', async () => {
    const r = await f.app.inject('/api/docs/json');
    expect(r.statusCode).toBe(200);
    const paths = Object.keys(r.json().paths);
    for (const p of [
      '/api/health',
      '/api/runs',
      '/api/locales',
      '/api/articles',
      '/api/articles/{locale}/{*}',
      '/api/findings',
      '/api/checks',
      '/api/claims',
      '/api/claims/{id}/release',
      '/api/claims/{id}/complete',
      '/api/claims/{id}/renew',
      '/api/me',
    ]) {
      expect(paths, p).toContain(p);
    }
    expect((await f.app.inject('/api/docs')).statusCode).toBe(200);
  });
});

describe('per-run caches', () => {
  it('answer a repeated read with the same bytes, non-ASCII text and length included', async () => {
    const url = `/api/articles/zh-CN/${ARTICLE}`;
    const first = await f.app.inject(url);
    const second = await f.app.inject(url);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(second.headers['content-length'])).toBe(second.rawPayload.byteLength);
    // The translation's Chinese title, as the first answer had it.
    const title = (second.json() as { translation: { title: string } }).translation.title;
    expect(title).toMatch(/\p{Script=Han}/u);
    expect(first.body).toContain(title);
  });

  it('compress an answer once per coding for clients that take it, and send the same JSON either way', async () => {
    const url = `/api/articles/ja-JP/${ARTICLE}`;
    const plain = await f.app.inject(url);
    const asks = (encoding: string) => f.app.inject({ url, headers: { 'accept-encoding': encoding } });
    const br = await asks('gzip, deflate, br');
    const brAgain = await asks('br;q=1.0, gzip;q=0.8');
    const gz = await asks('br;q=0, gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.byteLength);
    expect(br.rawPayload.byteLength).toBeLessThan(plain.rawPayload.byteLength / 3);
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(brAgain.rawPayload.equals(br.rawPayload)).toBe(true);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true);
    // Refused, or an answer too small to gain from it: sent as it is.
    const refused = await asks('*;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.rawPayload.equals(plain.rawPayload)).toBe(true);
    const small = await f.app.inject({ url: '/api/articles?locale=ja-JP&q=no-such-article-anywhere', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.byteLength).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it.each([
    [undefined, null],
    ['', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['deflate', null],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0', null],
    ['identity', null],
  ])('Accept-Encoding %j is answered in %s', (header, expected) => {
    expect(answerEncoding(header)).toBe(expected);
  });

  it('see a commit made by another process (a CLI index or check run) on the next request', async () => {
    const before = (await get<ArticlesBody>('/api/articles?locale=zh-CN&check=missing-translation')).body.total;
    expect(before).toBeGreaterThan(hasChecks() ? 0 : -1);
    const other = openDb(f.config.db);
    try {
      other.prepare("UPDATE findings SET resolved_run = 1 WHERE locale = 'zh-CN' AND check_id = 'missing-translation'").run();
    } finally {
      other.close();
    }
    expect((await get<ArticlesBody>('/api/articles?locale=zh-CN&check=missing-translation')).body.total).toBe(0);
    const resolved = await get<ArticlesBody>('/api/articles?locale=zh-CN&check=missing-translation&status=resolved');
    expect(resolved.body.total).toBe(before);
    const zh = (await get<LocalesBody>('/api/locales')).body.locales.find((l) => l.locale === 'zh-CN')!;
    expect(zh.findings['missing-translation']).toBeUndefined();
  });
});

describe('400 messages name the field and what it accepts', () => {
  it.each([
    ['/api/articles?locale=ja-JP&sort=password', 'querystring.sort must be one of key, title, englishTitle'],
    ['/api/articles?locale=ja-JP&severity=fatal', 'querystring.severity must be one of error, warning, info'],
    ['/api/articles', 'querystring.locale is required'],
    ['/api/articles?locale=ja-JP&stale=maybe', 'querystring.stale must be boolean'],
  ])('%s', async (url, message) => {
    const r = await f.app.inject(url);
    expect(r.statusCode).toBe(400);
    expect(r.json().message.startsWith(message)).toBe(true);
  });
});
