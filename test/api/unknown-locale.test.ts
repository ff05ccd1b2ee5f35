/** Unknown locales in API parameters are 400s naming the indexed ones, not empty 200s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, bearer, expectSchema, fixture, type Fixture } from './helpers.ts';
import { ErrorBody } from '../../server/routes/schemas.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(async () => f?.close());

const KNOWN = 'de-DE, en, es-ES, ja-JP, pt-BR, zh-CN';

describe('unknown locales', () => {
  it.each([
    ['/api/articles?locale=zh-cn', 'querystring.locale', 'zh-CN'],
    ['/api/articles?locale=zh_CN', 'querystring.locale', 'zh-CN'],
    ['/api/articles?locale=xx', 'querystring.locale', null],
    [`/api/articles/ja-jp/${ARTICLE}`, 'params.locale', 'ja-JP'],
    ['/api/findings?locale=JA-JP', 'querystring.locale', 'ja-JP'],
    ['/api/claims?locale=xx', 'querystring.locale', null],
    ['/api/reports/weekly?week=2026-W09&locale=pt-br', 'querystring.locale', 'pt-BR'],
  ])('GET %s → 400 naming the known locales', async (url, where, suggestion) => {
    const r = await f.app.inject({ url });
    expect(r.statusCode, r.body).toBe(400);
    expectSchema(ErrorBody, r.json());
    const body = r.json() as { message: string; knownLocales: string[] };
    expect(body.message).toContain(`${where}: unknown locale`);
    expect(body.message).toContain(`Indexed locales: ${KNOWN}`);
    expect(body.knownLocales.join(', ')).toBe(KNOWN);
    if (suggestion) expect(body.message).toContain(`did you mean "${suggestion}"?`);
    else expect(body.message).not.toContain('did you mean');
  });

  it('refuses a claim on an unknown locale with 400', async () => {
    const r = await f.app.inject({
      method: 'POST',
      url: '/api/claims',
      headers: { ...bearer(f.tokens.yuki!), 'content-type': 'application/json' },
      payload: JSON.stringify({ locale: 'zh-cn', key: ARTICLE }),
    });
    expect(r.statusCode, r.body).toBe(400);
    expect((r.json() as { message: string }).message).toMatch(/^body\.locale: unknown locale "zh-cn"; did you mean "zh-CN"\?/);
  });

  it('still answers the indexed locales', async () => {
    for (const url of ['/api/articles?locale=zh-CN', `/api/articles/ja-JP/${ARTICLE}`, '/api/findings?locale=ja-JP', '/api/articles?locale=en']) {
      expect((await f.app.inject({ url })).statusCode, url).toBe(200);
    }
  });
});
