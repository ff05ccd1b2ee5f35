import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClaimantsResponse, ClaimHistoryResponse, ClaimInfo, ClaimsResponse } from '../../server/routes/schemas.ts';
import type {
  ClaimantsResponse as ClaimantsBody,
  ClaimHistoryResponse as HistoryBody,
  ClaimInfo as ClaimBody,
  ClaimsResponse as ClaimsBody,
} from '../../web/src/lib/types.ts';
import { ARTICLE, bearer, expectSchema, fixture, type Fixture } from './helpers.ts';

// Renew, reassignment, the claims history, titles in the list, the conflict message's time and
// the claim-changed event, on a fake clock (2026-03-02 09:00 UTC at the start of each test).
const DAY = 86_400_000;
const START = new Date('2026-03-02T09:00:00.000Z');
let f: Fixture;

beforeAll(async () => {
  f = await fixture({
    users: [
      { name: 'maria', role: 'manager' },
      { name: 'kenji', role: 'translator', locales: ['ja-JP'] },
      { name: 'yuki', role: 'translator', locales: ['ja-JP', 'zh-CN'] },
      { name: 'lena', role: 'translator', locales: ['de-DE'] },
    ],
  });
});
afterAll(async () => f?.close());
afterEach(() => {
  f.db.prepare("UPDATE claims SET status = 'released', closed_at = '2000-01-01T00:00:00.000Z' WHERE status = 'active'").run();
  f.clock.now = new Date(START);
});

const claim = (who: string, locale: string, key = ARTICLE) =>
  f.app.inject({ method: 'POST', url: '/api/claims', headers: bearer(f.tokens[who]!), payload: { locale, key } });
const act = (who: string, id: number, action: 'release' | 'complete' | 'renew') =>
  f.app.inject({ method: 'POST', url: `/api/claims/${id}/${action}`, headers: bearer(f.tokens[who]!) });
const reassign = (who: string, id: number, to: string) =>
  f.app.inject({ method: 'POST', url: `/api/claims/${id}/reassign`, headers: bearer(f.tokens[who]!), payload: { to } });
const history = async (query: string) => {
  const res = await f.app.inject(`/api/claims/history?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  expectSchema(ClaimHistoryResponse, res.json());
  return res.json() as HistoryBody;
};

describe('renew', () => {
  it('the holder or a manager extends the expiry from now; another translator gets 403', async () => {
    const { id } = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    f.clock.now = new Date(START.getTime() + 10 * DAY);
    expect((await act('yuki', id, 'renew')).statusCode).toBe(403);
    expect((await act('lena', id, 'renew')).statusCode).toBe(403);
    const mine = await act('kenji', id, 'renew');
    expect(mine.statusCode).toBe(200);
    expectSchema(ClaimInfo, mine.json());
    expect((mine.json() as ClaimBody).expiresAt).toBe(new Date(START.getTime() + 24 * DAY).toISOString());
    f.clock.now = new Date(START.getTime() + 11 * DAY);
    const manager = await act('maria', id, 'renew');
    expect(manager.statusCode).toBe(200);
    expect((manager.json() as ClaimBody).expiresAt).toBe(new Date(START.getTime() + 25 * DAY).toISOString());
    const steps = await history(`claim=${id}`);
    expect(steps.rows.map((r) => [r.event, r.by, r.expiresAt])).toEqual([
      ['renewed', 'maria', new Date(START.getTime() + 25 * DAY).toISOString()],
      ['renewed', 'kenji', new Date(START.getTime() + 24 * DAY).toISOString()],
      ['claimed', 'kenji', new Date(START.getTime() + 14 * DAY).toISOString()],
    ]);
  });

  it('renew racing the expiry: at the expiry instant the claim is expired (409) and free; a millisecond before, renew wins', async () => {
    const first = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    f.clock.now = new Date(first.expiresAt);
    const late = await Promise.all([act('kenji', first.id, 'renew'), claim('yuki', 'ja-JP'), act('maria', first.id, 'renew')]);
    expect(late.map((r) => r.statusCode)).toEqual([409, 201, 409]);
    expect(late[0]!.json().message).toContain('expired');
    expect(f.db.prepare('SELECT status, closed_at FROM claims WHERE id = ?').get(first.id)).toEqual({ status: 'expired', closed_at: first.expiresAt });
    // Its history ends with the expiry, once, after no renewal.
    expect((await history(`claim=${first.id}`)).rows.map((r) => [r.event, r.holder, r.at])).toEqual([
      ['expired', 'kenji', first.expiresAt],
      ['claimed', 'kenji', first.claimedAt],
    ]);

    const won = (late[1]!.json() as ClaimBody).id;
    f.clock.now = new Date(Date.parse((late[1]!.json() as ClaimBody).expiresAt) - 1);
    const early = await Promise.all([act('yuki', won, 'renew'), claim('kenji', 'ja-JP')]);
    expect(early.map((r) => r.statusCode)).toEqual([200, 409]);
    expect((early[0]!.json() as ClaimBody).expiresAt).toBe(new Date(f.clock.now.getTime() + 14 * DAY).toISOString());
  });

  it('the conflict message names the holder and the expiry as a UTC time and as time left, not a raw timestamp', async () => {
    await claim('kenji', 'ja-JP');
    f.clock.now = new Date(START.getTime() + 9 * DAY + 3 * 3_600_000);
    const conflict = await claim('yuki', 'ja-JP');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().message).toBe(`ja-JP ${ARTICLE} is already claimed by kenji until 16 Mar, 09:00 UTC (in 4 days)`);
    expect(conflict.json().message).not.toMatch(/\d{4}-\d\d-\d\dT/);
    f.clock.now = new Date(START.getTime() + 14 * DAY - 5 * 3_600_000);
    expect((await claim('yuki', 'ja-JP')).json().message).toMatch(/until 16 Mar, 09:00 UTC \(in 5 hours\)$/);
  });
});

describe('reassignment', () => {
  it('a holder change that waited for the team file while a manager reassigned the claim is refused in the write, not carried out', async () => {
    const c = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    const kenji = f.app.repos.users.byName('kenji')!;
    // Kenji's complete passed the route's owner check; before its write ran, Maria reassigned the claim.
    expect((await reassign('maria', c.id, 'yuki')).statusCode).toBe(200);
    const late = f.app.repos.claims.close(c.id, 'completed', kenji.id, f.clock.now, 'en', kenji.id);
    expect(late).toMatchObject({ notHolder: { user_name: 'yuki', status: 'active' } });
    expect(f.app.repos.claims.renew(c.id, kenji.id, f.clock.now, new Date(f.clock.now.getTime() + DAY), kenji.id)).toHaveProperty('notHolder');
    expect(f.app.repos.claims.get(c.id)).toMatchObject({ user_name: 'yuki', status: 'active', expires_at: c.expiresAt });
    expect((await history(`claim=${c.id}`)).rows.map((r) => r.event)).toEqual(['reassigned', 'claimed']);
  });

  it('a manager moves an active claim to another translator of its locale; translators 403, a user not translating it 400', async () => {
    const c = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    f.clock.now = new Date(START.getTime() + DAY);
    expect((await reassign('kenji', c.id, 'yuki')).statusCode).toBe(403);
    expect((await reassign('yuki', c.id, 'yuki')).statusCode).toBe(403);
    for (const [to, message] of [
      ['lena', 'lena does not translate ja-JP (de-DE)'],
      ['maria', 'maria does not translate ja-JP (a manager)'],
      ['nobody', 'no user "nobody"'],
      ['kenji', 'kenji already holds'],
    ] as const) {
      const res = await reassign('maria', c.id, to);
      expect(res.statusCode, to).toBe(400);
      expect(res.json().message).toContain(message);
    }
    expect((await f.app.inject({ method: 'POST', url: `/api/claims/${c.id}/reassign`, headers: bearer(f.tokens.maria!), payload: {} })).statusCode).toBe(400);
    expect((await reassign('maria', 999_999, 'yuki')).statusCode).toBe(404);

    const moved = await reassign('maria', c.id, 'yuki');
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ id: c.id, userName: 'yuki', status: 'active', expiresAt: c.expiresAt });
    // The new holder owns it now: the old one may no longer change it.
    expect((await act('kenji', c.id, 'release')).statusCode).toBe(403);
    const list = (await f.app.inject('/api/claims?user=yuki&status=active')).json() as ClaimsBody;
    expect(list.rows.map((r) => r.id)).toEqual([c.id]);
    expect((await f.app.inject('/api/claims?user=kenji&status=active')).json().total).toBe(0);

    f.clock.now = new Date(START.getTime() + 2 * DAY);
    expect((await act('yuki', c.id, 'complete')).statusCode).toBe(200);
    expect((await reassign('maria', c.id, 'kenji')).statusCode).toBe(409);

    const steps = await history(`claim=${c.id}`);
    expect(steps.rows.map((r) => [r.event, r.by, r.holder, r.to, r.at])).toEqual([
      ['completed', 'yuki', null, null, new Date(START.getTime() + 2 * DAY).toISOString()],
      ['reassigned', 'maria', 'kenji', 'yuki', new Date(START.getTime() + DAY).toISOString()],
      ['claimed', 'kenji', 'kenji', null, START.toISOString()],
    ]);
    // The weekly report agrees: Kenji opened it, Yuki completed it.
    const report = await f.app.inject('/api/reports/weekly?week=2026-W10&format=json');
    expect(report.statusCode, report.body).toBe(200);
    const events = (report.json() as { claims: { events: { claimId: number; event: string; translator: string }[] } }).claims.events;
    expect(events.filter((e) => e.claimId === c.id).map((e) => [e.event, e.translator])).toEqual([
      ['opened', 'kenji'],
      ['completed', 'yuki'],
    ]);
    // kenji's history still shows the claim he gave up.
    expect((await history('user=kenji')).rows.filter((r) => r.claimId === c.id)).toHaveLength(3);
  });

  it('the choices: translators of the locale, not managers or revoked users', async () => {
    const res = await f.app.inject('/api/claims/claimants?locale=ja-JP');
    expect(res.statusCode).toBe(200);
    expectSchema(ClaimantsResponse, res.json());
    expect((res.json() as ClaimantsBody).users.map((u) => u.name)).toEqual(['kenji', 'yuki']);
    expect(((await f.app.inject('/api/claims/claimants')).json() as ClaimantsBody).users.map((u) => u.name)).toEqual(['kenji', 'lena', 'yuki']);
    expect((await f.app.inject('/api/claims/claimants?locale=xx-YY')).statusCode).toBe(400);
  });
});

describe('history and the list', () => {
  it('pages every step newest first, filters by locale, user and claim; released and expired claims are in it', async () => {
    // Only this test's claims (the earlier tests' steps would be on the pages too).
    f.db.exec('DELETE FROM claim_events; DELETE FROM claims;');
    const a = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    f.clock.now = new Date(START.getTime() + 3_600_000);
    const b = (await claim('yuki', 'zh-CN')).json() as ClaimBody;
    f.clock.now = new Date(START.getTime() + 2 * 3_600_000);
    expect((await act('maria', a.id, 'release')).statusCode).toBe(200);
    f.clock.now = new Date(Date.parse(b.expiresAt) + 1);

    const page1 = await history('limit=2&page=1');
    const page2 = await history('limit=2&page=2');
    expect(page1.total).toBe(page2.total);
    expect(page1.rows.map((r) => [r.claimId, r.event, r.by])).toEqual([
      [b.id, 'expired', null],
      [a.id, 'released', 'maria'],
    ]);
    expect(page1.total).toBe(4);
    expect(page2.rows.map((r) => [r.claimId, r.event, r.by])).toEqual([
      [b.id, 'claimed', 'yuki'],
      [a.id, 'claimed', 'kenji'],
    ]);
    const zh = await history('locale=zh-CN');
    expect(zh.rows.every((r) => r.locale === 'zh-CN')).toBe(true);
    expect(zh.rows.filter((r) => r.claimId === b.id).map((r) => r.event)).toEqual(['expired', 'claimed']);
    expect((await history('user=lena')).total).toBe(0);
    // A name nobody has is a typo, not "no history": 400 with a message, on both lists.
    for (const url of ['/api/claims/history?user=nobody', '/api/claims?user=nobody']) {
      const res = await f.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message).toContain('no user "nobody"');
    }
    expect((await f.app.inject('/api/claims/history?user=me')).statusCode).toBe(401);
    const mine = await f.app.inject({ url: '/api/claims/history?user=me', headers: bearer(f.tokens.yuki!) });
    expect((mine.json() as HistoryBody).rows.some((r) => r.claimId === b.id)).toBe(true);
    expect((await f.app.inject('/api/claims/history?limit=0')).statusCode).toBe(400);
    expect((await f.app.inject('/api/claims/history?locale=xx-YY')).statusCode).toBe(400);
  });

  it('lists claims with the article titles from the index and the locale', async () => {
    await claim('kenji', 'ja-JP');
    const res = await f.app.inject('/api/claims?status=active');
    expectSchema(ClaimsResponse, res.json());
    const [row] = (res.json() as ClaimsBody).rows;
    const titles = f.db.prepare('SELECT locale, title FROM documents WHERE key = ? AND locale IN (?, ?)').all(ARTICLE, 'ja-JP', 'en') as {
      locale: string;
      title: string;
    }[];
    expect(row).toMatchObject({
      locale: 'ja-JP',
      key: ARTICLE,
      title: titles.find((t) => t.locale === 'ja-JP')!.title,
      englishTitle: titles.find((t) => t.locale === 'en')!.title,
    });
    expect(row!.title).toBeTruthy();
  });
});

describe('claim-changed events', () => {
  it('GET /api/events tells open dashboards about each claim change', async () => {
    const address = await f.app.listen({ port: 0, host: '127.0.0.1' });
    const abort = new AbortController();
    const response = await fetch(`${address}/api/events`, { signal: abort.signal });
    const reader = response.body!.getReader();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await until('retry:');
    const c = (await claim('kenji', 'ja-JP')).json() as ClaimBody;
    await until('"change":"claimed"');
    await act('kenji', c.id, 'renew');
    await until('"change":"renewed"');
    await reassign('maria', c.id, 'yuki');
    await until('"change":"reassigned"');
    abort.abort();
    const events = text.split('\n\n').filter((e) => e.startsWith('event: claim-changed'));
    expect(events).toHaveLength(3);
    // No id line: Last-Event-ID keeps naming index runs.
    expect(events.every((e) => !/\nid: /.test(e))).toBe(true);
    const last = JSON.parse(events[2]!.split('data: ')[1]!) as { claim: ClaimBody };
    expect(last.claim).toMatchObject({ id: c.id, userName: 'yuki', status: 'active' });
  });
});
