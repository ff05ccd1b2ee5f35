import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import { runChecksWithBases, type BasesOutcome } from '../../server/check-with-bases.ts';
import type { Config } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { commitAll, page, staleSite, write, type StaleSite } from '../history/helpers.ts';

// A no-change run reuses the last run's stale-detection bases instead of resolving them again
// (server/check-with-bases.ts): only while nothing they are made of changed. Each change below
// must make the run resolve them, and every run must leave what a full re-check finds.

let root: string;
let db: Db;
let config: Config;
let clock = Date.parse('2021-03-01T00:00:00Z');

/** An index run with the checks, as `l10n-drift index` runs it: how it got its bases, and what is open after it. */
async function indexRun(full = false): Promise<{ bases: BasesOutcome | undefined; open: string[]; coverage: string }> {
  let bases: BasesOutcome | undefined;
  await indexSite({
    config,
    db,
    now: () => new Date((clock += 1000)),
    afterIndex: async ({ db: tx, runId, now }) => void ({ bases } = await runChecksWithBases(tx, config, runId, now, { full })),
  });
  const open = db
    .prepare('SELECT fingerprint, locale, key, check_id, message_id, data_json FROM findings WHERE resolved_run IS NULL')
    .raw()
    .all()
    .map((r) => (r as unknown[]).join(' '))
    .sort();
  return { bases, open, coverage: JSON.stringify([...new CoverageRepository(db).summary('en')]) };
}

/** A run that reuses nothing, then back to the incremental state: what every incremental run must equal. */
async function fullRun() {
  return indexRun(true);
}

let site: StaleSite;
beforeAll(() => {
  site = staleSite('l10n-bases-unchanged', { pages: ['alpha', 'beta'] });
  ({ root, db, config } = site);
});

afterAll(() => site.remove());

describe('stale-detection bases of a no-change run', () => {
  it('are reused when nothing changed, and resolved again after each kind of change, with the findings of a full run', async () => {
    const first = await indexRun();
    expect(first.bases).toBe('resolved');
    expect(first.open.some((f) => f.includes('ja-JP alpha stale-translation'))).toBe(true);

    const same = await indexRun();
    expect(same.bases).toBe('unchanged');
    expect(same.open).toEqual(first.open);
    expect(same.coverage).toEqual(first.coverage);

    // A commit that touches no indexed file: HEAD moved, so git may say something else.
    write(root, 'README.md', 'A test site.\n');
    commitAll(root, 'Readme', '2021-01-04T12:00:00Z');
    expect((await indexRun()).bases).toBe('resolved');
    expect((await indexRun()).bases).toBe('unchanged');

    // English changes in git: beta is stale now, and an unchanged run would not know.
    write(root, 'content/beta.md', page('beta', 'Intro.\n\n## Overview\n\nThe beta page explains one thing better.'));
    commitAll(root, 'English beta changes', '2021-01-05T12:00:00Z');
    const afterEnglish = await indexRun();
    expect(afterEnglish.bases).toBe('resolved');
    expect(afterEnglish.open.some((f) => f.includes('ja-JP beta stale-translation'))).toBe(true);

    // An uncommitted translation edit: a document changed (its base alone is resolved: test/run-checks/partial-bases.test.ts).
    fs.appendFileSync(`${root}/translations/ja-JP/content/alpha.md`, '\n追加の段落です。\n');
    const afterEdit = await indexRun();
    expect(afterEdit.bases).toBe('partial');
    const reused = await indexRun();
    expect(reused.bases).toBe('unchanged');

    // What a full re-check with resolved bases finds, the reused run found.
    const full = await fullRun();
    expect(full.bases).toBe('resolved');
    expect(reused.open).toEqual(full.open);
    expect(reused.coverage).toEqual(full.coverage);
    expect((await indexRun()).bases).toBe('unchanged');
  }, 60_000);
});
