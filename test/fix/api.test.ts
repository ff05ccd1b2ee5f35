import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, DE_ARTICLE, fixture, type Fixture } from '../api/helpers.ts';
import { gitInit } from './helpers.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture({ copySample: true, prepare: gitInit });
});
afterAll(async () => f?.close());

const patchOf = (locale: string, key: string) => f.app.inject(`/api/fix.patch?locale=${locale}&key=${encodeURIComponent(key)}`);

describe('GET /api/fix.patch', () => {
  it("serves one article's fixes as a git patch that applies at the site root", async () => {
    const r = await patchOf('de-DE', DE_ARTICLE);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/x-diff; charset=utf-8');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="de-DE-[\w.-]+\.fix\.patch"$/);
    expect(r.headers['x-fixes-fixed']).toBe('10');
    expect(r.headers['x-fixes-skipped']).toBe('0');
    expect(r.body).toContain(`rename from translations/de-DE/content/${DE_ARTICLE}.md`);
    expect(r.body).not.toContain('translations/ja-JP'); // one article only
    const file = path.join(f.config.root, '..', 'de.patch');
    fs.writeFileSync(file, r.body);
    execFileSync('git', ['-C', f.config.root, 'apply', '--check', file]);
    // Nothing was written.
    expect(execFileSync('git', ['-C', f.config.root, 'status', '--porcelain']).toString()).toBe('');
  });

  it('is empty for an article with nothing mechanical to fix', async () => {
    const r = await patchOf('pt-BR', ARTICLE);
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('');
    expect(r.headers['x-fixes-fixed']).toBe('0');
  });

  it('400 on bad parameters, 404 on an article the locale does not have', async () => {
    expect((await f.app.inject('/api/fix.patch?locale=de-DE')).statusCode).toBe(400);
    expect((await f.app.inject(`/api/fix.patch?key=${ARTICLE}`)).statusCode).toBe(400);
    expect((await f.app.inject(`/api/fix.patch?locale=de-DE&key=`)).statusCode).toBe(400);
    expect((await f.app.inject(`/api/fix.patch?locale=not%20a%20locale&key=${ARTICLE}`)).statusCode).toBe(400);
    const unknown = await f.app.inject(`/api/fix.patch?locale=fr-FR&key=${ARTICLE}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('fr-FR');
    expect((await f.app.inject(`/api/fix.patch?locale=en&key=${ARTICLE}`)).statusCode).toBe(400);
    expect((await patchOf('de-DE', 'no/such/page')).statusCode).toBe(404);
  });

  it('is in the OpenAPI description with its query and patch body', async () => {
    const spec = (await f.app.inject('/api/docs/json')).json() as {
      paths: Record<string, { get?: { parameters: { name: string; required?: boolean }[]; responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    const op = spec.paths['/api/fix.patch']?.get;
    expect(op).toBeDefined();
    expect(op!.parameters.map((p) => [p.name, p.required]).sort()).toEqual([
      ['key', true],
      ['locale', true],
    ]);
    expect(Object.keys(op!.responses['200']!.content!)).toEqual(['text/x-diff']);
    expect(Object.keys(op!.responses)).toContain('400');
  });
});
