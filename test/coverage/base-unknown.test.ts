/**
 * "Base unknown" is not "up to date": a translation with no stale finding counts as up to date
 * only when stale detection found the English version it was made from. The check run records
 * which translations have one (translation_bases); the overview counts and the list filter
 * read the coverage model built on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaleBase } from '../../server/checks/define.ts';
import { runChecks } from '../../server/run-checks.ts';
import type { ArticlesResponse, LocalesResponse } from '../../web/src/lib/types.ts';
import { ARTICLE, fixture, type Fixture } from '../api/helpers.ts';
import { mismatches, readSurfaces } from './surfaces.ts';

const KNOWN: StaleBase = { source: 'git', baseState: 'known', ref: 'abc1234', date: '2021-06-10T00:00:00Z', sections: null, commitsBehind: 0, daysBehind: 0 };

describe('base unknown', () => {
  let f: Fixture;
  let latestRun: number;
  beforeAll(async () => {
    f = await fixture();
    latestRun = f.app.repos.runs.latestComplete()!.id;
  }, 120_000);
  afterAll(async () => f?.close());

  const recheck = (staleBase: (locale: string, key: string) => StaleBase | undefined) => runChecks(f.db, f.config, latestRun, new Date(), { staleBase });
  const locales = async () => ((await f.app.inject('/api/locales')).json() as LocalesResponse).locales.find((l) => l.locale === 'ja-JP')!;
  const list = async (state: string) => ((await f.app.inject(`/api/articles?locale=ja-JP&state=${state}`)).json() as ArticlesResponse).rows.map((r) => r.key);

  it.each([
    ['no base found', 'base-unknown', () => undefined, { upToDate: 0, baseUnknown: 1 }],
    ['a base found, English unchanged since', 'up-to-date', () => KNOWN, { upToDate: 1, baseUnknown: 0 }],
    ['history says the base is unknown (cut before the translation)', 'base-unknown', () => ({ ...KNOWN, baseState: 'unknown' as const, reason: 'before-history' as const }), { upToDate: 0, baseUnknown: 1 }],
    ['a sourceCommit that is not a commit (no usable base)', 'base-unknown', () => ({ ...KNOWN, source: 'sourceCommit' as const, problem: 'unknown commit' }), { upToDate: 0, baseUnknown: 1 }],
  ])('%s → %s, in /api/locales and under the list filter', async (_name, state, staleBase: () => StaleBase | undefined, counts) => {
    recheck(staleBase);
    expect(await locales()).toMatchObject({ translated: 1, stale: 0, ...counts });
    expect(await list(state)).toEqual([ARTICLE]);
    expect(mismatches(await readSurfaces(f.app, f.db, f.config))).toEqual([]);
  });

  it('a check run without stale detection keeps what the last one found', async () => {
    recheck(() => KNOWN);
    const { CHECKS } = await import('../../server/checks/registry.ts');
    runChecks(f.db, f.config, latestRun, new Date(), { checks: CHECKS.filter((c) => c.id !== 'stale-translation' && c.id !== 'base-unknown') });
    expect(await list('up-to-date')).toEqual([ARTICLE]);
  });
});
