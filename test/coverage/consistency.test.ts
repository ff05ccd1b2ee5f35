/**
 * One truth for every count: /api/locales, the article list under the matching filter, the
 * weekly report's JSON for the latest run and the CLI summary agree for every locale, on the
 * bundled sample (and, with L10N_DRIFT_CORPUS=1, on the GitHub Docs snapshot).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexWithChecks } from '../../server/plugins/reindex.ts';
import type { ArticlesResponse } from '../../web/src/lib/types.ts';
import { bearer, fixture, type Fixture } from '../api/helpers.ts';
import { corpus, noteSkipped } from '../corpus.ts';
import { mismatches, readSurfaces, SNAPSHOT, type Surfaces } from './surfaces.ts';

describe('coverage numbers on the bundled sample', () => {
  let f: Fixture;
  let surfaces: Surfaces;
  beforeAll(async () => {
    f = await fixture();
    surfaces = await readSurfaces(f.app, f.db, f.config);
  }, 120_000);
  afterAll(async () => f?.close());

  it('every surface gives the same numbers for every locale', () => {
    expect([...surfaces.api.keys()].sort()).toEqual(fs.readdirSync(path.join(f.config.root, 'translations')).sort());
    expect(mismatches(surfaces)).toEqual([]);
  });

  it('pairs the de-DE copy at the old path with the moved English page, everywhere', () => {
    // de-DE translated the article under the key English moved away from (helpers.ts DE_ARTICLE).
    const de = surfaces.api.get('de-DE')!;
    expect(de.orphaned).toBe(0);
    expect(de.translated + de.englishFallback).toBe(1);
    expect(surfaces.report.get('de-DE')).toEqual(surfaces.cli.get('de-DE'));
  });

  it('a reusable is an article like a page: listed, searchable, filterable by state, claimable, readable', async () => {
    const key = 'reusables.enterprise-licensing.about-license-sync';
    const found = (await f.app.inject('/api/articles?locale=ja-JP&q=about-license-sync')).json() as ArticlesResponse;
    expect(found.rows.map((r) => [r.key, r.kind, r.englishTitle, r.state])).toEqual([[key, 'reusable', 'about-license-sync', 'missing']]);
    const missing = (await f.app.inject('/api/articles?locale=ja-JP&state=missing&limit=200')).json() as ArticlesResponse;
    expect(missing.rows.map((r) => r.key)).toContain(key);
    const claim = await f.app.inject({ method: 'POST', url: '/api/claims', headers: bearer(f.tokens.kenji!), payload: { locale: 'ja-JP', key } });
    expect(claim.statusCode, claim.body).toBe(201);
    expect((await f.app.inject(`/api/articles/ja-JP/${key}`)).statusCode).toBe(200);
  });

  // The test must fail when any one surface counts differently: break each in turn.
  it.each([
    ['the list', (s: Surfaces) => (s.lists.get('ja-JP')!.stale! += 1)],
    ['the report', (s: Surfaces) => (s.report.get('de-DE')!.missing += 1)],
    ['the CLI', (s: Surfaces) => (s.cli.get('zh-CN')!.baseUnknown += 1)],
    ['a check column of the heatmap', (s: Surfaces) => (s.api.get('ja-JP')!.articlesByCheck['missing-translation'] = 99)],
    ['a surface without a locale', (s: Surfaces) => s.cli.delete('es-ES')],
    ['a list with an article in no state', (s: Surfaces) => (s.lists.get('pt-BR')!.all! += 1)],
  ])('notices when %s counts differently', (_name, breakIt) => {
    const copy = structuredClone(surfaces);
    breakIt(copy);
    expect(mismatches(copy).length).toBeGreaterThan(0);
  });
});

const onSnapshot = corpus.enabled && fs.existsSync(SNAPSHOT);
noteSkipped('test/coverage/consistency.test.ts', 'coverage numbers on the GitHub Docs snapshot');

describe.runIf(onSnapshot)('coverage numbers on the GitHub Docs snapshot (L10N_DRIFT_CORPUS=1)', () => {
  let dir: string;
  let surfaces: Surfaces;
  const close: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-coverage-snapshot-'));
    execFileSync('tar', ['xzf', SNAPSHOT, '-C', dir]);
    const root = path.join(dir, 'github-docs');
    const config = resolveConfig({}, dir, null, { root, db: path.join(dir, 'drift.db') });
    const db = openDb(config.db);
    close.push(() => void db.close());
    await indexWithChecks(config, db);
    const app = await buildApp({ db, config, webDir: null });
    close.push(() => app.close());
    surfaces = await readSurfaces(app, db, config);
    console.log(JSON.stringify(Object.fromEntries(surfaces.api), null, 1));
  }, 2_400_000);
  afterAll(async () => {
    for (const c of close.reverse()) await c();
    if (dir) await fs.promises.rm(dir, { recursive: true, force: true });
  }, 600_000);

  it('every surface gives the same numbers for every locale', () => {
    expect(mismatches(surfaces)).toEqual([]);
  });

  it('ko-KR and ru-RU are mostly English fallback, ja-JP and zh-CN mostly not', () => {
    for (const l of ['ko-KR', 'ru-RU']) {
      const c = surfaces.api.get(l)!;
      expect(c.englishFallback, l).toBeGreaterThan(c.translated);
    }
    for (const l of ['ja-JP', 'zh-CN']) {
      const c = surfaces.api.get(l)!;
      expect(c.translated, l).toBeGreaterThan(c.englishFallback);
    }
  });
});
