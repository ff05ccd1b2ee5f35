import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { FindingsRepository, LAST_RUN_SQL, type FindingInput } from '../../db/repositories/findings.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';

/** A finding as the outdated-link check reports one in the de-DE seed. */
function finding(fingerprint: string, change: Partial<FindingInput> = {}): FindingInput {
  return {
    fingerprint,
    locale: 'de-DE',
    key: 'admin/configuration/enabling-automatic-user-license-sync',
    path: 'translations/de-DE/content/admin/configuration/enabling-automatic-user-license-sync.md',
    check_id: 'outdated-link',
    message_id: 'redirected',
    severity: 'warning',
    message: 'Link /enterprise/admin/installation/setting-up-a-github-enterprise-server-instance resolves only through a redirect',
    data_json: JSON.stringify({ from: '/enterprise/{{ currentVersion }}/admin/installation/setting-up-a-github-enterprise-server-instance' }),
    line: 12,
    section: 1,
    ...change,
  };
}

function rows(db: Db) {
  return db.prepare(`SELECT fingerprint, line, message, first_run, ${LAST_RUN_SQL}, resolved_run, digest FROM findings ORDER BY id`).all() as {
    fingerprint: string;
    line: number;
    message: string;
    first_run: number;
    last_run: number;
    resolved_run: number | null;
    digest: string | null;
  }[];
}

/** Syncs as a check run does: findings, then the check run's record. */
function sync(repo: FindingsRepository, runId: number, findings: FindingInput[]) {
  const result = repo.sync(runId, findings);
  repo.recordCheckRun({
    run_id: runId,
    finished_at: new Date().toISOString(),
    duration_ms: 1,
    checks: 'outdated-link',
    open_count: 0,
    new_count: 0,
    resolved_count: 0,
  });
  return result;
}

// Real fingerprints are 24 hex digits (read packed); rows of any other width are read one by one.
describe.each([
  ['24-digit fingerprints', (x: string) => x.repeat(24)],
  ['fingerprints of another width', (x: string) => x],
])('findings sync, %s', (_, fp) => {
  it('inserts new findings, rewrites kept ones only when what they show changed, resolves the missing ones, and stamps no unchanged row', () => {
    const db = openDb(':memory:');
    const runs = new RunsRepository(db);
    const repo = new FindingsRepository(db);
    const run1 = runs.start(new Date('2021-07-01T00:00:00Z'));
    // The same fingerprint twice in one run is stored once (the first wins).
    expect(sync(repo, run1, [finding(fp('a')), finding(fp('b')), finding(fp('c')), finding(fp('a'), { line: 99 })])).toEqual({
      inserted: 3,
      kept: 0,
      resolved: 0,
    });
    expect(rows(db).map((r) => [r.fingerprint, r.line, r.first_run, r.last_run, r.resolved_run])).toEqual([
      [fp('a'), 12, run1, run1, null],
      [fp('b'), 12, run1, run1, null],
      [fp('c'), 12, run1, run1, null],
    ]);
    const digestOfB = rows(db)[1]!.digest;
    expect(digestOfB).toMatch(/^\S+$/);

    const run2 = runs.start(new Date('2021-07-02T00:00:00Z'));
    expect(sync(repo, run2, [finding(fp('a'), { line: 14 }), finding(fp('b')), finding(fp('d'))])).toEqual({ inserted: 1, kept: 2, resolved: 1 });
    const after = rows(db);
    // a moved two lines down: rewritten; b unchanged; c resolved by run 2; d new.
    expect(after.map((r) => [r.fingerprint, r.line, r.first_run, r.last_run, r.resolved_run])).toEqual([
      [fp('a'), 14, run1, run2, null],
      [fp('b'), 12, run1, run2, null],
      [fp('c'), 12, run1, run1, run2],
      [fp('d'), 12, run2, run2, null],
    ]);
    expect(after[1]!.digest).toBe(digestOfB);
    expect(after[0]!.digest).not.toBe(rows(db)[1]!.digest);

    // A row from before digests existed (NULL) is rewritten once, with its digest, when found again.
    db.prepare("UPDATE findings SET digest = NULL, message = 'old wording' WHERE fingerprint = ?").run(fp('b'));
    const run3 = runs.start(new Date('2021-07-03T00:00:00Z'));
    expect(sync(repo, run3, [finding(fp('a'), { line: 14 }), finding(fp('b')), finding(fp('d'), { message: 'new wording' })])).toEqual({
      inserted: 0,
      kept: 3,
      resolved: 0,
    });
    const last = rows(db);
    expect(last.find((r) => r.fingerprint === fp('b'))).toMatchObject({ message: finding(fp('b')).message, digest: digestOfB, last_run: run3 });
    expect(last.find((r) => r.fingerprint === fp('d'))).toMatchObject({ message: 'new wording', last_run: run3 });
    // A run that finds the same findings writes no finding row at all.
    const changes = db.prepare('SELECT total_changes()').pluck();
    const run35 = runs.start(new Date('2021-07-03T12:00:00Z'));
    const before = changes.get() as number;
    expect(repo.sync(run35, [finding(fp('a'), { line: 14 }), finding(fp('b')), finding(fp('d'), { message: 'new wording' })])).toEqual({
      inserted: 0,
      kept: 3,
      resolved: 0,
    });
    const statsRows = db.prepare('SELECT COUNT(*) FROM locale_stats WHERE run_id = ?').pluck().get(run35) as number;
    expect((changes.get() as number) - before).toBe(statsRows);
    repo.recordCheckRun({
      run_id: run35,
      finished_at: new Date().toISOString(),
      duration_ms: 1,
      checks: 'outdated-link',
      open_count: 3,
      new_count: 0,
      resolved_count: 0,
    });
    expect(
      rows(db)
        .filter((r) => r.resolved_run === null)
        .every((r) => r.last_run === run35),
    ).toBe(true);
    // The resolved finding stays resolved; a reappearing problem opens a new row.
    const run4 = runs.start(new Date('2021-07-04T00:00:00Z'));
    expect(sync(repo, run4, [finding(fp('c'))])).toEqual({ inserted: 1, kept: 0, resolved: 3 });
    expect(
      rows(db)
        .filter((r) => r.fingerprint === fp('c'))
        .map((r) => [r.first_run, r.resolved_run]),
    ).toEqual([
      [run1, run2],
      [run4, null],
    ]);
    db.close();
  });
});

describe('findings sync, locale by locale', () => {
  it('forgets a closed locale’s findings in an unscoped sync without resolving them, and refuses a finding of it afterwards', () => {
    const db = openDb(':memory:');
    const runs = new RunsRepository(db);
    const repo = new FindingsRepository(db);
    const ja = (x: string, change: Partial<FindingInput> = {}) =>
      finding(x.repeat(24), { locale: 'ja-JP', path: 'translations/ja-JP/content/admin/configuration/enabling-automatic-user-license-sync.md', ...change });
    const de = (x: string, change: Partial<FindingInput> = {}) => finding(x.repeat(24), change);
    const run1 = runs.start(new Date('2021-07-01T00:00:00Z'));
    sync(repo, run1, [de('a'), de('b'), ja('c'), ja('d')]);

    // Run 2 as the check runner hands findings over: de-DE, then ja-JP, each closed once checked.
    const run2 = runs.start(new Date('2021-07-02T00:00:00Z'));
    const sink = repo.startSync(run2);
    sink.add(de('a'));
    sink.add(de('e'));
    sink.add(de('e', { line: 99 })); // a duplicate in its locale: the first wins
    sink.closeLocale('de-DE');
    expect(() => sink.add(de('f'))).toThrow(/de-DE after its locale was closed/);
    // Taking an article in again would bring back the found ones it forgot as open, to be resolved.
    expect(() => sink.scope('de-DE', de('a').key)).toThrow(/only a scoped sync/);
    sink.add(ja('c', { line: 14 }));
    sink.closeLocale('ja-JP');
    // b and d were not found: resolved; a, c and e were, though their locales' fingerprints are forgotten.
    expect(sink.finish()).toEqual({ inserted: 1, kept: 2, resolved: 2 });
    expect(rows(db).map((r) => [r.fingerprint[0], r.line, r.resolved_run])).toEqual([
      ['a', 12, null],
      ['b', 12, run2],
      ['c', 14, null],
      ['d', 12, run2],
      ['e', 12, null],
    ]);
    db.close();
  });

  it('keeps a closed locale’s findings as found in a scoped sync, where an article may be taken into the run after its locale', () => {
    const db = openDb(':memory:');
    const runs = new RunsRepository(db);
    const repo = new FindingsRepository(db);
    const run1 = runs.start(new Date('2021-07-01T00:00:00Z'));
    const a = finding('a'.repeat(24));
    sync(repo, run1, [a]);
    const run2 = runs.start(new Date('2021-07-02T00:00:00Z'));
    const sink = repo.startSync(run2, { scoped: true });
    sink.scope(a.locale, a.key);
    sink.add(a);
    sink.closeLocale(a.locale);
    // Scoped again after the locale (a unit gone under the same key): its finding stays found.
    sink.scope(a.locale, a.key);
    expect(sink.finish()).toEqual({ inserted: 0, kept: 1, resolved: 0 });
    expect(rows(db)[0]!.resolved_run).toBeNull();
    db.close();
  });
});
