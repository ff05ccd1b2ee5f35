import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { UsersRepository } from '../../db/repositories/users.ts';
import { buildApp } from '../../server/app.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexWithChecks } from '../../server/plugins/reindex.ts';
import type { FastifyInstance } from 'fastify';
import { ARTICLE, SAMPLE, bearer } from './helpers.ts';

// Issue 9: 100 translators claiming 100 different articles at once → 100 winners.
// The sample has 8 English pages; 12 more copies of the article make 20 × 5 locales.
let dir: string;
let db: Db;
let app: FastifyInstance;
const tokens = new Map<string, string>();
const pairs: [locale: string, key: string][] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-claims-wide-'));
  const root = path.join(dir, 'site');
  fs.cpSync(SAMPLE, root, { recursive: true });
  const article = fs.readFileSync(path.join(root, 'content', `${ARTICLE}.md`), 'utf8');
  for (let i = 1; i <= 12; i++) fs.writeFileSync(path.join(root, 'content', `${ARTICLE}-copy-${i}.md`), article);
  const config = resolveConfig({ workers: 0 }, dir, null, { root, db: path.join(dir, 'drift.db') });
  db = openDb(config.db);
  await indexWithChecks(config, db);
  const keys = db.prepare("SELECT key FROM documents WHERE locale = 'en' AND kind = 'page' AND deleted_run IS NULL ORDER BY key").pluck().all() as string[];
  for (const locale of ['ja-JP', 'zh-CN', 'es-ES', 'pt-BR', 'de-DE']) for (const key of keys) pairs.push([locale, key]);
  const users = new UsersRepository(db);
  const now = new Date('2026-03-02T09:00:00.000Z');
  pairs.forEach(([locale], i) => tokens.set(`t${i}`, users.add(`t${i}`, 'translator', [locale], now).token));
  app = await buildApp({ db, config, webDir: null, now: () => now, authFailures: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await app.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('claims under contention', () => {
  it('100 translators claiming 100 different articles at once → 100 winners, each recorded once', async () => {
    expect(pairs).toHaveLength(100);
    const results = await Promise.all(
      pairs.map(([locale, key], i) => app.inject({ method: 'POST', url: '/api/claims', headers: bearer(tokens.get(`t${i}`)!), payload: { locale, key } })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(pairs.map(() => 201));
    expect(db.prepare("SELECT COUNT(*) FROM claims WHERE status = 'active'").pluck().get()).toBe(100);
    expect(db.prepare("SELECT COUNT(DISTINCT locale || char(0) || key) FROM claims WHERE status = 'active'").pluck().get()).toBe(100);
  });
});
