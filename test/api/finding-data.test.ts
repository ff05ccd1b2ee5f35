import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../server/checks/registry.ts';
import { FINDING_DATA, findingDataSchema } from '../../server/shared/finding-data.ts';
import type { ArticleDetail, FindingView, FindingsResponse } from '../../web/src/lib/types.ts';
import { fixture, type Fixture } from './helpers.ts';

// What the API serves as a finding's data is what its check declares for the message
// (server/shared/finding-data.ts): the dashboard renders it without guessing fields.

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(async () => f?.close());

const get = async <T>(url: string) => {
  const r = await f.app.inject(url);
  expect(r.statusCode, url).toBe(200);
  return r.json() as T;
};

/** Problems of one finding's data against its message's schema ("" when it validates). */
function problems(finding: Pick<FindingView, 'check' | 'messageId' | 'data'>): string[] {
  const schema = findingDataSchema(finding.check, finding.messageId);
  if (!schema) return [`${finding.check}/${finding.messageId}: no data schema`];
  return [...Value.Errors(schema, finding.data)].slice(0, 3).map((e) => `${finding.check}/${finding.messageId} ${e.path}: ${e.message}`);
}

describe('finding data', () => {
  it('declares exactly the message ids of every check', () => {
    expect(Object.keys(FINDING_DATA).toSorted()).toEqual(CHECKS.map((c) => c.id).toSorted());
    for (const check of CHECKS)
      expect(Object.keys(FINDING_DATA[check.id as keyof typeof FINDING_DATA]).toSorted(), check.id).toEqual(Object.keys(check.messages).toSorted());
  });

  it('every finding the API lists for the sample validates against its check and message data schema', async () => {
    const rows: FindingView[] = [];
    for (let page = 1; page < 1000; page++) {
      const body = await get<FindingsResponse>(`/api/findings?status=all&limit=200&page=${page}`);
      rows.push(...body.rows);
      if (body.rows.length < 200) break;
    }
    const stored = f.db.prepare('SELECT count(*) AS n FROM findings').get() as { n: number };
    expect(rows.length).toBe(stored.n);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.flatMap(problems)).toEqual([]);
    // The sample exercises most checks: the schemas are tried on real findings, not on none.
    const checks = new Set(rows.map((r) => r.check));
    expect(checks.size).toBeGreaterThanOrEqual(8);
    for (const id of ['missing-redirect', 'frontmatter-mismatch', 'outdated-link', 'english-fallback', 'structure-mismatch']) expect(checks, id).toContain(id);
  });

  it("the article detail's findings validate too, and the typed data says what the view shows", async () => {
    const list = await get<FindingsResponse>('/api/findings?locale=de-DE&check=missing-redirect&limit=1');
    const finding = list.rows[0]!;
    const detail = await get<ArticleDetail>(`/api/articles/de-DE/${finding.key}`);
    expect(detail.findings.length).toBeGreaterThan(0);
    expect([...detail.findings, ...detail.history].flatMap(problems)).toEqual([]);
    const redirect = detail.findings.find((x) => x.check === 'missing-redirect' && x.messageId === 'missing');
    if (redirect?.check !== 'missing-redirect' || redirect.messageId !== 'missing') throw new Error('no missing redirect on the article');
    // Narrowed by check and message: `from` is a string the message names.
    expect(redirect.message).toContain(redirect.data.from);
  });

  it('a data shape other than the declared one fails validation', () => {
    expect(problems({ check: 'frontmatter-mismatch', messageId: 'differs', data: { field: 'versions', expected: '{"fpt":"*"}' } } as never)).not.toEqual([]);
    expect(problems({ check: 'missing-redirect', messageId: 'missing', data: { from: '/old', note: '', target: '/old' } } as never)).not.toEqual([]);
    expect(problems({ check: 'no-such-check', messageId: 'x', data: {} } as never)).toEqual(['no-such-check/x: no data schema']);
  });
});
