/**
 * Property test driven by the served OpenAPI description: for every operation, requests with
 * generated valid and invalid parameters and bodies, with no token, a bad token, a translator's
 * and a manager's, get a status the operation documents and a body matching the schema it
 * documents for that status (never a 5xx).
 */
import Ajv from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, bearer, fixture, type Fixture } from './helpers.ts';

interface Schema {
  type?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  maxLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
}

let f: Fixture;
let spec: Spec;
let locales: string[];
beforeAll(async () => {
  f = await fixture();
  spec = (await f.app.inject('/api/docs/json')).json() as Spec;
  locales = ((await f.app.inject('/api/locales')).json() as { locales: { locale: string }[] }).locales.map((l) => l.locale);
});
afterAll(async () => f?.close());

// Values that look like what clients send, where a schema's pattern alone would rarely hit real data.
const known = () => ({
  locale: fc.constantFrom(...locales),
  key: fc.constantFrom(ARTICLE, 'no/such/page', ''),
  week: fc.constantFrom('2026-W09', '2026-W10', '2025-W53', '2026-W11', '2030-W01'),
  q: fc.constantFrom('license', 'sync', '%', "'", ''),
  check: fc.constantFrom('stale-translation', 'broken-link', 'no-such-check'),
  user: fc.constantFrom('me', '1', '2'),
});

/** Values a schema accepts (mostly), as query text. */
function valid(name: string, s: Schema): fc.Arbitrary<string> {
  const named = (known() as Record<string, fc.Arbitrary<string>>)[name];
  if (named) return named;
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x) => valid(name, x)));
  if (s.enum) return fc.constantFrom(...s.enum.map(String));
  if (s.type === 'integer') return fc.integer({ min: s.minimum ?? -1000, max: Math.min(s.maximum ?? 1000, 1000) }).map(String);
  if (s.type === 'boolean') return fc.constantFrom('true', 'false');
  return fc.string({ maxLength: Math.min(s.maxLength ?? 20, 20) });
}

/** Anything a client could send instead. */
const invalid: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('-1', '0', '1e309', 'NaN', '9'.repeat(30), 'true', '[]', '{}', '../etc/passwd', '%00', 'ja-jp', 'x'.repeat(300), '2026-W4', "' OR 1=1 --"),
);

const param = (name: string, s: Schema) => fc.oneof({ weight: 3, arbitrary: valid(name, s) }, { weight: 1, arbitrary: invalid });

const auth = fc.constantFrom<'none' | 'bad' | 'translator' | 'manager'>('none', 'bad', 'translator', 'manager');

function headersFor(who: 'none' | 'bad' | 'translator' | 'manager'): Record<string, string> {
  if (who === 'none') return {};
  if (who === 'bad') return bearer('l10nd_not-a-real-token');
  return bearer(who === 'manager' ? f.tokens.maria! : f.tokens.kenji!);
}

const ajv = new Ajv({ strict: false, allErrors: false });
const validators = new Map<object, ReturnType<typeof ajv.compile>>();
const validate = (schema: object) => validators.get(schema) ?? validators.set(schema, ajv.compile(schema)).get(schema)!;

describe('every operation of the served description', () => {
  it('answers generated requests with a documented status and a body matching its schema', async () => {
    const started = Date.now();
    const operations = Object.entries(spec.paths)
      // The event stream never ends an answer; test/cli/serve-watch.test.ts reads it as a client does.
      .filter(([path]) => !path.startsWith('/api/docs') && path !== '/api/events')
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
    expect(operations.length).toBeGreaterThanOrEqual(12);
    const seen = new Set<string>();
    for (const { path, method, op } of operations) {
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      const bodySchema = op.requestBody?.content['application/json']?.schema;
      const request = fc.record({
        who: auth,
        path: fc.tuple(...pathParams.map((p) => param(p.name === '*' ? 'key' : p.name, p.schema))),
        // Each query parameter is left out, or given a valid or an invalid value.
        query: fc.tuple(...query.map((p) => fc.option(param(p.name, p.schema), { nil: undefined, freq: 3 }))),
        body: bodySchema?.properties
          ? fc.oneof(
              fc.record(Object.fromEntries(Object.entries(bodySchema.properties).map(([k, s]) => [k, valid(k, s)]))),
              fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null))),
              fc.constant('not json'),
            )
          : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let url = path;
          pathParams.forEach((p, i) => {
            const value = r.path[i]!;
            url = url.replace(
              p.name === '*' ? '*' : `{${p.name}}`,
              p.name === '*' ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value),
            );
          });
          const search = new URLSearchParams();
          query.forEach((p, i) => {
            if (r.query[i] !== undefined) search.set(p.name, r.query[i]!);
          });
          const full = search.size ? `${url}?${search}` : url;
          const payload = r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
          const res = await f.app.inject({
            method: method as 'GET',
            url: full,
            headers: { ...headersFor(r.who), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
            ...(payload !== undefined ? { payload } : {}),
          });
          const where = `${method} ${full} as ${r.who} → ${res.statusCode} ${res.body.slice(0, 200)}`;
          const documented = op.responses[String(res.statusCode)];
          expect(documented, where).toBeDefined();
          seen.add(`${method} ${path} ${res.statusCode}`);
          const type = String(res.headers['content-type'] ?? '').split(';')[0]!;
          const schema = documented!.content?.[type]?.schema;
          expect(schema, `${where}: content type ${type} not documented`).toBeDefined();
          if (type === 'application/json') {
            const check = validate(schema!);
            expect(check(res.json()), `${where}: ${ajv.errorsText(check.errors)}`).toBe(true);
          }
        }),
        // A manager's POST /api/runs re-indexes the sample (~1 s on a busy machine): fewer of those.
        { numRuns: method === 'POST' && path === '/api/runs' ? 6 : 25, seed: 19 },
      );
    }
    // The generators reach the answers that matter: successes, validation errors and refusals.
    for (const expected of ['GET /api/articles 200', 'GET /api/articles 400', 'POST /api/claims 401', 'POST /api/claims 201', 'GET /api/reports/weekly 200']) {
      expect([...seen], expected).toContain(expected);
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
