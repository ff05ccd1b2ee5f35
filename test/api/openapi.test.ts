/**
 * The served OpenAPI description matches behaviour: defaulted parameters are optional,
 * every status an operation answers is documented, unsupported methods are 405s, and
 * fast-check requests built from the description get a documented status and body
 * (openapi-properties.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, bearer, fixture, type Fixture } from './helpers.ts';

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: Schema;
}
interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
type Spec = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, unknown> } };

let f: Fixture;
let spec: Spec;
beforeAll(async () => {
  f = await fixture();
  const r = await f.app.inject('/api/docs/json');
  expect(r.statusCode).toBe(200);
  spec = r.json() as Spec;
});
afterAll(async () => f?.close());

const operations = () =>
  Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

describe('OpenAPI description', () => {
  it('documents defaulted query parameters as optional, and week with its pattern', () => {
    for (const { path, method, op } of operations()) {
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && p.schema.default !== undefined) expect(p.required ?? false, `${method} ${path} ${p.name}`).toBe(false);
      }
    }
    const week = spec.paths['/api/reports/weekly']!['get']!.parameters!.find((p) => p.name === 'week')!;
    expect(week.schema.pattern).toBe('^[0-9]{4}-W[0-9]{2}$');
    const ok = spec.paths['/api/reports/weekly']!['get']!.responses['200']!;
    expect(Object.keys(ok.content ?? {}).sort()).toEqual(['application/json', 'text/csv', 'text/html', 'text/markdown']);
  });

  it.each([
    ['DELETE', '/api/locales', 'GET, HEAD'],
    ['PUT', '/api/articles?locale=ja-JP', 'GET, HEAD'],
    ['POST', `/api/articles/ja-JP/${ARTICLE}`, 'GET, HEAD'],
    ['PATCH', '/api/claims', 'GET, HEAD, POST'],
    ['DELETE', '/api/runs', 'GET, HEAD, POST'],
  ])('%s %s → 405 with Allow: %s', async (method, url, allow) => {
    const r = await f.app.inject({ method: method as 'GET', url, headers: bearer(f.tokens.maria!) });
    expect(r.statusCode, r.body).toBe(405);
    expect(String(r.headers['allow']).split(', ').sort().join(', ')).toBe(allow);
    expect((r.json() as { message: string }).message).toContain(`${method} is not supported`);
  });

  it('still 404s paths that do not exist', async () => {
    expect((await f.app.inject({ method: 'DELETE', url: '/api/nothing', headers: bearer(f.tokens.maria!) })).statusCode).toBe(404);
  });
});
