import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import { CheckDependenciesRepository } from '../../db/repositories/check-dependencies.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import type { Config } from '../../server/config.ts';
import { identityChanges, type LocaleRecord } from '../../server/history/identities.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { openTempDb, siteConfig, tempDir, write } from './helpers.ts';

// Base identities after a translation is saved: its locale is looked at around the rows that
// changed since the last resolution (the saved row and the translations that read it through an
// English page's old key), not read whole; what it finds equals a reading of everything. A locale
// whose stored rows cannot be accounted for by run counters (a row removed by another writer) is
// read whole. test/run-checks/partial-bases.test.ts compares whole runs with full re-checks.

let clock = Date.parse('2021-03-01T00:00:00Z');
const at = () => new Date((clock += 86_400_000));
const en = (title: string, body: string, redirects: string[] = []) =>
  `---\ntitle: ${title}\n${redirects.length ? `redirect_from:\n${redirects.map((r) => `  - ${r}\n`).join('')}` : ''}---\n\n${body}\n`;

async function indexWithChecks(config: Config, db: Db): Promise<void> {
  await indexSite({ config, db, now: at, afterIndex: async ({ db: tx, runId, now }) => void (await runChecksWithBases(tx, config, runId, now)) });
}

/** The last resolution's locale states, as a partial resolution reads them. */
const before = (db: Db) => JSON.parse(new CheckDependenciesRepository(db).state('bases-locales')!) as LocaleRecord;

describe('base identities of a locale whose rows changed', () => {
  let cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup) c();
    cleanup = [];
  });

  it('looks only at the changed rows and at the translations reading them, with the identities of a whole reading', async () => {
    const root = tempDir('l10n-narrow-site-');
    const dbDir = tempDir('l10n-narrow-db-');
    const { db, file } = openTempDb(dbDir);
    cleanup.push(() => (db.close(), fs.rmSync(root, { recursive: true, force: true }), fs.rmSync(dbDir, { recursive: true, force: true })));
    const config = siteConfig(root, file);
    for (const n of ['alpha', 'beta', 'gamma', 'delta']) {
      write(root, `content/${n}.md`, en(n, `The ${n} page.`, n === 'gamma' ? ['/gamma-old'] : []));
      write(root, `translations/ja-JP/content/${n}.md`, en(n, `${n} のページ。`));
    }
    await indexWithChecks(config, db);
    const id = (key: string) => db.prepare("SELECT id FROM documents WHERE locale = 'ja-JP' AND key = ?").pluck().get(key) as number;

    // One translation saved (indexed without the checks: the last resolution is the one above).
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/alpha.md'), '\n新しい段落。\n');
    await indexSite({ config, db, now: at });
    const whole = identityChanges(db, 'en', false, null);
    const one = identityChanges(db, 'en', false, before(db));
    expect(one.read.size).toBe(0);
    expect([...one.rows.keys()]).toEqual([id('alpha')]);
    expect([...one.changed]).toEqual([id('alpha')]);
    expect(one.identities.get(id('alpha'))).toBe(whole.identities.get(id('alpha')));
    await indexWithChecks(config, db);

    // A translation added at an old key of gamma: gamma's translation reads that row too.
    write(root, 'translations/ja-JP/content/gamma-old.md', en('gamma', 'gamma の古いページ。'));
    await indexSite({ config, db, now: at });
    const two = identityChanges(db, 'en', false, before(db));
    const whole2 = identityChanges(db, 'en', false, null);
    expect(two.read.size).toBe(0);
    expect(new Set(two.rows.keys())).toEqual(new Set([id('gamma-old'), id('gamma')]));
    expect(two.changed).toEqual(new Set([id('gamma-old'), id('gamma')]));
    for (const k of ['gamma-old', 'gamma']) expect(two.identities.get(id(k)), k).toBe(whole2.identities.get(id(k)));
    await indexWithChecks(config, db);

    // Another writer removed a row outright (not marked deleted): the counters cannot account for it.
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/beta.md'), '\n段落。\n');
    await indexSite({ config, db, now: at });
    db.pragma('foreign_keys = OFF');
    db.prepare("DELETE FROM documents WHERE locale = 'ja-JP' AND key = 'delta'").run();
    db.pragma('foreign_keys = ON');
    const three = identityChanges(db, 'en', false, before(db));
    expect([...three.read]).toEqual(['ja-JP']);
    expect(three.changed.has(id('beta'))).toBe(true);
  }, 60_000);
});
