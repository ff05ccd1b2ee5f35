import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsersRepository } from '../../db/repositories/users.ts';
import { indexWithChecks } from '../../server/plugins/reindex.ts';
import { ArticleDetail, ClaimConflict, ClaimInfo, ClaimsResponse } from '../../server/routes/schemas.ts';
import type {
  ArticlesResponse,
  ClaimInfo as ClaimBody,
  ClaimsResponse as ClaimsBody,
  LocalesResponse,
  ArticleDetail as DetailBody,
} from '../../web/src/lib/types.ts';
import { ARTICLE, bearer, expectSchema, fixture, type Fixture } from './helpers.ts';

const DAY = 86_400_000;
let f: Fixture;

beforeAll(async () => {
  f = await fixture({ copySample: true });
});
afterAll(async () => f?.close());
// Each test starts with no active claim and the clock back at its start.
afterEach(() => {
  f.db.prepare("UPDATE claims SET status = 'released', closed_at = '2000-01-01T00:00:00.000Z' WHERE status = 'active'").run();
  f.clock.now = new Date('2026-03-02T09:00:00.000Z');
});

const claim = (who: string, locale: string, key = ARTICLE) =>
  f.app.inject({ method: 'POST', url: '/api/claims', headers: bearer(f.tokens[who]!), payload: { locale, key } });
const act = (who: string, id: number, action: 'release' | 'complete' | 'renew') =>
  f.app.inject({ method: 'POST', url: `/api/claims/${id}/${action}`, headers: bearer(f.tokens[who]!) });

describe('claims', () => {
  it('claim → 201; a second translator → 409 naming the holder; another locale’s translator → 403', async () => {
    const first = await claim('kenji', 'ja-JP');
    expect(first.statusCode).toBe(201);
    expectSchema(ClaimInfo, first.json());
    const body = first.json() as ClaimBody;
    expect(body).toMatchObject({ locale: 'ja-JP', key: ARTICLE, userName: 'kenji', status: 'active', closedAt: null });
    expect(Date.parse(body.expiresAt) - Date.parse(body.claimedAt)).toBe(14 * DAY);

    const second = await claim('yuki', 'ja-JP');
    expect(second.statusCode).toBe(409);
    expectSchema(ClaimConflict, second.json());
    expect(second.json()).toMatchObject({ holder: 'kenji', claim: { id: body.id } });
    expect(second.json().message).toContain('kenji');

    const other = await claim('lena', 'ja-JP');
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toContain('de-DE');

    // The list, the detail and the overview all show the claim.
    const list = (await f.app.inject('/api/articles?locale=ja-JP&claimed=true')).json() as ArticlesResponse;
    expect(list.rows.map((r) => [r.key, r.claim?.userName])).toEqual([[ARTICLE, 'kenji']]);
    const detail = (await f.app.inject(`/api/articles/ja-JP/${ARTICLE}`)).json() as DetailBody;
    expect(detail.claim?.id).toBe(body.id);
    const locales = (await f.app.inject('/api/locales')).json() as LocalesResponse;
    expect(locales.locales.find((l) => l.locale === 'ja-JP')?.activeClaims).toBe(1);
    expect(locales.locales.find((l) => l.locale === 'zh-CN')?.activeClaims).toBe(0);
  });

  it('release → claimable again; only the holder or a manager may release', async () => {
    const { id } = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    expect((await act('yuki', id, 'release')).statusCode).toBe(403);
    const released = await act('maria', id, 'release');
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ status: 'released' });
    expect((await act('kenji', id, 'release')).statusCode).toBe(409);
    expect((await claim('yuki', 'ja-JP')).statusCode).toBe(201);
  });

  it('rejects claims on unknown articles, on the source locale and with bad bodies', async () => {
    expect((await claim('kenji', 'ja-JP', 'no/such/article')).statusCode).toBe(404);
    expect((await claim('maria', 'en')).statusCode).toBe(400);
    const bad = await f.app.inject({ method: 'POST', url: '/api/claims', headers: bearer(f.tokens.kenji!), payload: { locale: 'ja-JP' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^body.*key/);
    expect((await act('kenji', 999_999, 'release')).statusCode).toBe(404);
    expect((await f.app.inject({ method: 'POST', url: '/api/claims/abc/release', headers: bearer(f.tokens.kenji!) })).statusCode).toBe(400);
  });

  it('expires after the configured time with a fake clock; expired claims free the article; renew extends', async () => {
    const { id, expiresAt } = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    f.clock.now = new Date(Date.parse(expiresAt) - DAY);
    const renewed = await act('kenji', id, 'renew');
    expect(renewed.statusCode).toBe(200);
    const newExpiry = (renewed.json() as ClaimBody).expiresAt;
    expect(Date.parse(newExpiry)).toBe(f.clock.now.getTime() + 14 * DAY);

    f.clock.now = new Date(Date.parse(newExpiry) + 1);
    const listed = (await f.app.inject(`/api/claims?user=kenji`)).json() as ClaimsBody;
    expectSchema(ClaimsResponse, listed);
    expect(listed.rows.find((c) => c.id === id)).toMatchObject({ status: 'expired', closedAt: newExpiry });
    expect((await f.app.inject('/api/articles?locale=ja-JP&claimed=true')).json().total).toBe(0);
    expect((await act('kenji', id, 'renew')).statusCode).toBe(409);
    expect((await claim('yuki', 'ja-JP')).statusCode).toBe(201);
    const row = f.db.prepare('SELECT status, closed_at FROM claims WHERE id = ?').get(id);
    expect(row).toEqual({ status: 'expired', closed_at: newExpiry });
  });

  it('expiry racing with complete: one outcome, recorded once', async () => {
    const { id, expiresAt } = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    f.clock.now = new Date(expiresAt);
    const results = await Promise.all([act('kenji', id, 'complete'), claim('yuki', 'ja-JP'), act('kenji', id, 'complete')]);
    expect(results.map((r) => r.statusCode)).toEqual([409, 201, 409]);
    const rows = f.db.prepare('SELECT status, closed_at, base_hash FROM claims WHERE id = ?').all(id);
    expect(rows).toEqual([{ status: 'expired', closed_at: expiresAt, base_hash: null }]);
  });

  it('100 concurrent claims on one article → exactly one 201', async () => {
    const users = new UsersRepository(f.db);
    const names = Array.from({ length: 100 }, (_, i) => `racer-${i}`);
    for (const name of names) f.tokens[name] = users.add(name, 'translator', ['zh-CN'], f.clock.now).token;
    const results = await Promise.all(names.map((n) => claim(n, 'zh-CN')));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(99);
    const winner = results.find((r) => r.statusCode === 201)!.json().userName;
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().holder === winner)).toBe(true);
    expect(f.db.prepare("SELECT COUNT(*) AS n FROM claims WHERE locale = 'zh-CN' AND status = 'active'").get()).toEqual({ n: 1 });
  });

  it('translators claiming different articles at once all win', async () => {
    const users = new UsersRepository(f.db);
    const pairs: [string, string][] = [];
    const keys = (f.db.prepare("SELECT key FROM documents WHERE locale = 'en' AND kind = 'page' AND deleted_run IS NULL").all() as { key: string }[]).map(
      (r) => r.key,
    );
    for (const locale of ['ja-JP', 'zh-CN', 'es-ES', 'pt-BR', 'de-DE']) for (const key of keys) pairs.push([locale, key]);
    const names = pairs.map((_, i) => `wide-${i}`);
    pairs.forEach(([locale], i) => (f.tokens[names[i]!] = users.add(names[i]!, 'translator', [locale], f.clock.now).token));
    const results = await Promise.all(pairs.map(([locale, key], i) => claim(names[i]!, locale, key)));
    expect(results.map((r) => r.statusCode)).toEqual(pairs.map(() => 201));
    expect((await f.app.inject('/api/claims?status=active&limit=200')).json().total).toBe(pairs.length);
  });

  it('the database keeps one active claim per article even when code does not check', () => {
    const kenji = f.db.prepare("SELECT id FROM users WHERE name = 'kenji'").get() as { id: number };
    const insert = f.db.prepare("INSERT INTO claims (locale, key, user_id, status, claimed_at, expires_at) VALUES ('ko-KR', 'x', ?, 'active', 'a', 'b')");
    insert.run(kenji.id);
    expect(() => insert.run(kenji.id)).toThrow(/UNIQUE/);
  });

  it('GET /api/claims filters by user (me), locale and status', async () => {
    await claim('kenji', 'ja-JP');
    await claim('yuki', 'zh-CN');
    const mine = (await f.app.inject({ url: '/api/claims?user=me&status=active', headers: bearer(f.tokens.yuki!) })).json() as ClaimsBody;
    expect(mine.rows.map((c) => [c.userName, c.locale])).toEqual([['yuki', 'zh-CN']]);
    const ja = (await f.app.inject('/api/claims?locale=ja-JP&status=active')).json() as ClaimsBody;
    expect(ja.rows.map((c) => c.userName)).toEqual(['kenji']);
    expect((await f.app.inject('/api/claims?user=me')).statusCode).toBe(401);
    expect((await f.app.inject('/api/claims?status=done')).statusCode).toBe(400);
  });

  it('complete records the English version as the base: not stale until English changes again', async () => {
    // Claim dates are compared with index run dates (real time), so this test runs on real time.
    f.clock.now = new Date();
    const englishFile = path.join(f.config.root, 'content', `${ARTICLE}.md`);
    const staleOf = async () => ((await f.app.inject(`/api/articles/ja-JP/${ARTICLE}`)).json() as DetailBody).stale;
    const editEnglish = async (sentence: string) => {
      const text = fs.readFileSync(englishFile, 'utf8');
      const at = text.indexOf('\n## ');
      fs.writeFileSync(englishFile, `${text.slice(0, at)}\n\n${sentence}\n${text.slice(at)}`);
      await indexWithChecks(f.config, f.db);
    };
    await editEnglish('License sync now also counts members of enterprise teams.');
    const stale = await staleOf();
    expect(stale).not.toBeNull();
    const detail = (await f.app.inject(`/api/articles/ja-JP/${ARTICLE}`)).json() as DetailBody;
    expectSchema(ArticleDetail, detail);
    const changed = detail.alignment.filter((a) => a.changed);
    expect(changed.length).toBeGreaterThan(0);
    // The sample article fits in the detail's first rows: every row's diff is there.
    expect(detail.sections.rows).toHaveLength(detail.alignment.length);
    const words = detail.sections.rows
      .filter((r) => detail.alignment[r.row]!.changed)
      .flatMap((r) => r.diff ?? [])
      .filter((p) => p.added)
      .map((p) => p.value)
      .join('');
    expect(words).toContain('enterprise teams');
    expect(((await f.app.inject('/api/articles?locale=ja-JP&stale=true')).json() as ArticlesResponse).rows.map((r) => r.key)).toContain(ARTICLE);

    const staleCount = async () => ((await f.app.inject('/api/locales')).json() as LocalesResponse).locales.find((l) => l.locale === 'ja-JP')!.stale;
    const staleKeys = async (query: string) => ((await f.app.inject(`/api/articles?locale=ja-JP&${query}`)).json() as ArticlesResponse).rows.map((r) => r.key);
    const staleBefore = await staleCount();
    expect(await staleKeys('check=stale-translation')).toContain(ARTICLE);

    const { id } = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    const done = await act('kenji', id, 'complete');
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed' });
    const english = f.db.prepare("SELECT content_hash FROM documents WHERE locale = 'en' AND key = ?").get(ARTICLE) as { content_hash: string };
    expect(f.db.prepare('SELECT base_hash FROM claims WHERE id = ?').get(id)).toEqual({ base_hash: english.content_hash });
    expect((await act('kenji', id, 'complete')).statusCode).toBe(409);

    // At once, before any re-index: the detail, both stale lists, the locale's count and the English diff.
    expect(await staleOf()).toBeNull();
    const settled = (await f.app.inject(`/api/articles/ja-JP/${ARTICLE}`)).json() as DetailBody;
    expectSchema(ArticleDetail, settled);
    expect(settled.alignment.filter((a) => a.changed)).toEqual([]);
    expect(settled.sections.rows.filter((r) => r.diff !== null)).toEqual([]);
    expect(settled.base).toMatchObject({ state: 'known' });
    expect(settled.findings.filter((x) => x.check === 'stale-translation')).toEqual([]);
    expect(await staleKeys('stale=true')).not.toContain(ARTICLE);
    expect(await staleKeys('check=stale-translation')).not.toContain(ARTICLE);
    expect(await staleCount()).toBe(staleBefore - 1);
    const { englishChanges } = await import('../../server/history/diff.ts');
    expect((await englishChanges(f.db, f.config, 'ja-JP', ARTICLE))?.sections).toEqual([]);

    await indexWithChecks(f.config, f.db);
    expect(await staleOf()).toBeNull();
    expect(((await f.app.inject('/api/articles?locale=ja-JP&stale=true')).json() as ArticlesResponse).rows.map((r) => r.key)).not.toContain(ARTICLE);

    await editEnglish('Sync runs every hour.');
    expect(await staleOf()).not.toBeNull();
  });
});

describe('completing a claim on a translation of unknown base', () => {
  it('makes it up to date at once: /api/locales, the state filters and the article say so before any re-index', async () => {
    f.clock.now = new Date();
    const counts = async () => {
      const all = ((await f.app.inject('/api/locales')).json() as LocalesResponse).locales;
      return new Map(all.map((l) => [l.locale, l]));
    };
    // English and its German translation arrive in the same run: which English it was made from is unknown.
    const key = 'admin/configuration/license-sync-faq';
    const page = (title: string, body: string) => `---\ntitle: ${title}\nversions:\n  ghes: '*'\n---\n\n${body}\n`;
    fs.writeFileSync(path.join(f.config.root, 'content', `${key}.md`), page('License sync FAQ', 'License sync runs once a week.'));
    const german = path.join(f.config.root, 'translations/de-DE/content', `${key}.md`);
    fs.mkdirSync(path.dirname(german), { recursive: true });
    fs.writeFileSync(german, page('Häufige Fragen zur Lizenzsynchronisierung', 'Die Lizenzsynchronisierung läuft einmal pro Woche.'));
    await indexWithChecks(f.config, f.db);
    const locale = 'de-DE';
    const before = await counts();
    const keys = async (state: string) =>
      ((await f.app.inject(`/api/articles?locale=${locale}&state=${state}&limit=200`)).json() as ArticlesResponse).rows.map((r) => r.key);
    expect(await keys('base-unknown')).toContain(key);
    expect(((await f.app.inject(`/api/articles/${locale}/${key}`)).json() as DetailBody).base).toMatchObject({ state: 'unknown' });

    // The German translator reviews it against English and completes a claim on it.
    const claimed = await claim('lena', locale, key);
    expect(claimed.statusCode, claimed.body).toBe(201);
    expect((await act('lena', (claimed.json() as ClaimBody).id, 'complete')).statusCode).toBe(200);

    const after = await counts();
    expect(after.get(locale)).toMatchObject({
      baseUnknown: before.get(locale)!.baseUnknown - 1,
      upToDate: before.get(locale)!.upToDate + 1,
      translated: before.get(locale)!.translated,
    });
    expect(await keys('base-unknown')).not.toContain(key);
    expect(await keys('up-to-date')).toContain(key);
    expect(((await f.app.inject(`/api/articles/${locale}/${key}`)).json() as DetailBody).base).toMatchObject({ state: 'known' });
    // The next run keeps it: the claim is its base.
    await indexWithChecks(f.config, f.db);
    expect(await keys('up-to-date')).toContain(key);
  });
});

describe('cached reads follow claims', () => {
  it('the same list URL shows a new claim, its release and its expiry', async () => {
    const url = '/api/articles?locale=pt-BR&sort=key&limit=200';
    const holderOf = async () => ((await f.app.inject(url)).json() as ArticlesResponse).rows.find((r) => r.key === ARTICLE)?.claim?.userName ?? null;
    const users = new UsersRepository(f.db);
    f.tokens.rosa = users.add('rosa', 'translator', ['pt-BR'], f.clock.now).token;
    expect(await holderOf()).toBeNull();
    const { id, expiresAt } = (await claim('rosa', 'pt-BR')).json() as ClaimBody;
    expect(await holderOf()).toBe('rosa');
    expect((await act('rosa', id, 'release')).statusCode).toBe(200);
    expect(await holderOf()).toBeNull();
    await claim('rosa', 'pt-BR');
    expect(await holderOf()).toBe('rosa');
    f.clock.now = new Date(Date.parse(expiresAt) + 1);
    expect(await holderOf()).toBeNull();
  });
});
