/**
 * One truth for every count: /api/locales, the article list under the matching filter, the
 * weekly report's JSON for the latest run and the CLI summary agree for every locale, on the
 * bundled sample (and, with L10N_DRIFT_CORPUS=1, on the GitHub Docs snapshot and its history
 * bundle cloned at HEAD, where stale detection reads git).
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
import { HISTORY_BUNDLE, mismatches, readSurfaces, SNAPSHOT, type Surfaces } from './surfaces.ts';

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
    ['the words to translate of the list', (s: Surfaces) => (s.words.get('ja-JP')!.list.toTranslate += 1)],
    ['the words changed of the report', (s: Surfaces) => (s.words.get('de-DE')!.report!.changed += 1)],
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
  let app: Awaited<ReturnType<typeof buildApp>>;
  const close: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-coverage-snapshot-'));
    execFileSync('tar', ['xzf', SNAPSHOT, '-C', dir]);
    const root = path.join(dir, 'github-docs');
    const config = resolveConfig({}, dir, null, { root, db: path.join(dir, 'drift.db') });
    const db = openDb(config.db);
    close.push(() => void db.close());
    await indexWithChecks(config, db);
    app = await buildApp({ db, config, webDir: null });
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

  it('a tarball has no history: every translation is base unknown with its reason, none up to date', async () => {
    for (const [locale, c] of surfaces.api) {
      expect([locale, c.upToDate, c.stale], locale).toEqual([locale, 0, 0]);
      expect(c.baseUnknown, locale).toBe(c.translated);
      // Each one says why: an open base-unknown finding on every article of the state.
      const why = (await app.inject(`/api/articles?locale=${locale}&state=base-unknown&check=base-unknown&limit=1`)).json() as ArticlesResponse;
      expect(why.total, locale).toBe(c.baseUnknown);
    }
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

// Indexing the whole bundle with stale detection takes about ten minutes here: only with L10N_DRIFT_CORPUS=full.
const onBundle = corpus.full && fs.existsSync(HISTORY_BUNDLE);
noteSkipped('test/coverage/consistency.test.ts', 'coverage numbers on the GitHub Docs history bundle', true);

describe.runIf(onBundle)('coverage numbers on the GitHub Docs history bundle at HEAD (L10N_DRIFT_CORPUS=full)', () => {
  let dir: string;
  let surfaces: Surfaces;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const close: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-coverage-bundle-'));
    const root = path.join(dir, 'github-docs');
    // A real clone at HEAD: seven snapshots of history, so bases come from git.
    execFileSync('git', ['clone', '-q', HISTORY_BUNDLE, root], { stdio: 'ignore' });
    const config = resolveConfig({}, dir, null, { root, db: path.join(dir, 'drift.db') });
    const db = openDb(config.db);
    close.push(() => void db.close());
    const started = Date.now();
    await indexWithChecks(config, db);
    console.log(`history bundle indexed with its checks in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    app = await buildApp({ db, config, webDir: null });
    close.push(() => app.close());
    surfaces = await readSurfaces(app, db, config);
    console.log(JSON.stringify(Object.fromEntries(surfaces.api), null, 1));
  }, 2_400_000);
  afterAll(async () => {
    for (const c of close.reverse()) await c();
    if (dir) await fs.promises.rm(dir, { recursive: true, force: true });
  }, 600_000);

  it('every surface gives the same numbers for every locale', () => {
    expect([...surfaces.api.keys()].sort()).toEqual(['de-DE', 'es-ES', 'es-XL', 'ja-JP', 'ko-KR', 'pt-BR', 'ru-RU', 'zh-CN']);
    expect(mismatches(surfaces)).toEqual([]);
  });

  it('git gives most ja-JP translations a base: stale and up to date, not base unknown', () => {
    const ja = surfaces.api.get('ja-JP')!;
    expect(ja.stale).toBeGreaterThan(0);
    expect(ja.upToDate).toBeGreaterThan(0);
    expect(ja.baseUnknown).toBeLessThan(ja.stale + ja.upToDate);
  });

  it("the ja-JP stale count on the overview is the stale list's rows, reusables included", async () => {
    const stale = surfaces.api.get('ja-JP')!.stale;
    const rows: ArticlesResponse['rows'] = [];
    for (let page = 1; rows.length < stale + 1; page++) {
      const r = (await app.inject(`/api/articles?locale=ja-JP&state=stale&limit=200&page=${page}`)).json() as ArticlesResponse;
      rows.push(...r.rows);
      if (r.rows.length < 200) break;
    }
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows.length).toBe(stale);
    expect(rows.every((r) => r.state === 'stale')).toBe(true);
    const kinds = new Map<string, number>();
    for (const r of rows) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    console.log(`ja-JP stale rows by kind: ${JSON.stringify(Object.fromEntries(kinds))}`);
    expect(kinds.get('reusable') ?? 0).toBeGreaterThan(0);
    expect(kinds.get('page') ?? 0).toBeGreaterThan(0);
  });
});
