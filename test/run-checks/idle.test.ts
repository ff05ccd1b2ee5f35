import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/index.ts';
import * as checkDocuments from '../../db/repositories/check-documents.ts';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import type { Config } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { commitAll, page, staleSite, write, type StaleSite } from '../history/helpers.ts';

// A check run with nothing to re-check (no document written or deleted since the last check
// run, the stale bases the last run's) loads no document at all: server/run-checks.ts skips the
// site. It must still leave what a full re-check finds, and the coverage summary `index`
// prints must stay the one of the rows the dashboard lists.

vi.mock('../../db/repositories/check-documents.ts', async (original) => {
  const actual = await original<typeof import('../../db/repositories/check-documents.ts')>();
  return { ...actual, lazySite: vi.fn(actual.lazySite) };
});
const lazySite = vi.mocked(checkDocuments.lazySite);

let root: string;
let db: Db;
let config: Config;
let clock = Date.parse('2021-03-01T00:00:00Z');

/** An index run with the checks, as `l10n-drift index` runs it. */
async function indexRun(full = false) {
  lazySite.mockClear();
  let rechecked = -1;
  let runId = -1;
  await indexSite({
    config,
    db,
    now: () => new Date((clock += 1000)),
    afterIndex: async ({ db: tx, runId: id, now }) => {
      ({ rechecked } = await runChecksWithBases(tx, config, id, now, { full }));
      runId = id;
    },
  });
  const open = db
    .prepare('SELECT fingerprint, locale, key, check_id, message_id, first_run, data_json FROM findings WHERE resolved_run IS NULL')
    .raw()
    .all()
    .map((r) => (r as unknown[]).join(' '))
    .sort();
  const coverage = new CoverageRepository(db);
  return {
    runId,
    rechecked,
    loaded: lazySite.mock.calls.length,
    open,
    summary: JSON.stringify([...coverage.summary('en')]),
    // The same counts read as "right after run N" (the weekly report's reading of a past run).
    summaryAtRun: JSON.stringify([...coverage.summary('en', runId)]),
    articles: JSON.stringify(coverage.articles('en', 'ja-JP')),
  };
}

let site: StaleSite;
beforeAll(() => {
  site = staleSite('l10n-idle', { translated: ['alpha', 'beta'] });
  ({ root, db, config } = site);
});

afterAll(() => site.remove());

describe('a check run with nothing to re-check', () => {
  it('loads no document, and leaves the findings and coverage of a full run', async () => {
    const first = await indexRun();
    expect(first.loaded).toBe(1);
    expect(first.open.some((f) => f.includes('ja-JP alpha stale-translation'))).toBe(true);
    expect(first.open.some((f) => f.includes('ja-JP gamma missing-translation'))).toBe(true);
    const counts = JSON.parse(first.summary) as [string, Record<string, number>][];
    expect(counts).toHaveLength(1);
    expect(counts[0]![1]).toMatchObject({ stale: 1, missing: 1 });
    expect(first.summaryAtRun).toBe(first.summary);

    const same = await indexRun();
    expect(same.rechecked).toBe(0);
    expect(same.loaded).toBe(0);
    expect(same.open).toEqual(first.open);
    expect(same.summary).toBe(first.summary);
    expect(same.summaryAtRun).toBe(first.summary);
    expect(same.articles).toBe(first.articles);

    // One translation edited: the site is loaded, its unit re-checked.
    write(root, 'translations/ja-JP/content/beta.md', page('beta', '紹介。\n\n## 概要\n\nbeta のページです。もう一文。'));
    commitAll(root, 'ja-JP beta', '2021-01-04T12:00:00Z');
    const edited = await indexRun();
    expect(edited.loaded).toBe(1);
    expect(edited.rechecked).toBeGreaterThan(0);

    const again = await indexRun();
    expect(again.loaded).toBe(0);
    expect(again.rechecked).toBe(0);

    const full = await indexRun(true);
    expect(full.open).toEqual(again.open);
    expect(full.summary).toBe(again.summary);
    expect(again.summaryAtRun).toBe(again.summary);
    expect(full.articles).toBe(again.articles);
  });
});
