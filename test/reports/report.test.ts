/**
 * The weekly report on a history built like a team builds it (test/reports/history.ts):
 * exactly the new/resolved findings and claim events of that history, deltas that add up,
 * golden md/csv/json, CSV that parses back to the JSON's numbers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportsRepository } from '../../db/repositories/reports.ts';
import { renderArticlesCsv, renderChecksCsv, neutralizeCell } from '../../server/reports/csv.ts';
import { renderJson } from '../../server/reports/json.ts';
import { renderMarkdown } from '../../server/reports/markdown.ts';
import { buildWeeklyReport, type WeeklyReport } from '../../server/reports/model.ts';
import { WeekError } from '../../server/reports/week.ts';
import { ARTICLE, buildHistory, GENERATED_AT, type History } from './history.ts';
import { DE_ARTICLE } from '../api/helpers.ts';

const GOLDEN = path.join(import.meta.dirname, 'golden');
let h: History;
let report: WeeklyReport;

const build = (week: string | undefined, extra: { locale?: string; timeZone?: string; now?: Date } = {}) =>
  buildWeeklyReport(h.db, { week, locale: extra.locale, timeZone: extra.timeZone ?? 'UTC', sourceLocale: 'en', now: extra.now ?? GENERATED_AT });

beforeAll(async () => {
  h = await buildHistory();
  report = build('2026-W47');
});
afterAll(() => h?.close());

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1' || !fs.existsSync(file)) {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
    if (process.env['UPDATE_GOLDEN'] !== '1') throw new Error(`wrote missing golden file ${name}; review it and run again`);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

describe('weekly report of W47 on the two-week history', () => {
  it('uses the week’s two runs against the last run of W46', () => {
    expect(report.runs.map((r) => r.id)).toEqual([h.runIds.w47a, h.runIds.w47b]);
    expect(report.baseline?.id).toBe(h.runIds.w46);
    expect(report.message).toBeNull();
    expect(report.week).toMatchObject({
      id: '2026-W47',
      firstDay: '2026-11-16',
      lastDay: '2026-11-22',
      start: '2026-11-16T00:00:00.000Z',
      end: '2026-11-23T00:00:00.000Z',
      complete: true,
    });
  });

  it('shows exactly the findings the edits opened and resolved', () => {
    const events = report.articles.map((a) => `${a.event} ${a.locale} ${a.check} ${a.key}`).sort();
    expect(events).toEqual(
      [
        // The added English paragraph makes every translation of the article stale, de-DE's copy
        // at the old path too (paired with the moved English page, as every count pairs it) …
        `new de-DE stale-translation ${DE_ARTICLE}`,
        `new es-ES stale-translation ${ARTICLE}`,
        `new ja-JP stale-translation ${ARTICLE}`,
        `new pt-BR stale-translation ${ARTICLE}`,
        `new zh-CN stale-translation ${ARTICLE}`,
        // … es-ES and ja-JP were then edited against the new English (index-history base),
        `resolved es-ES stale-translation ${ARTICLE}`,
        `resolved ja-JP stale-translation ${ARTICLE}`,
        // the translated fallback paragraph and the fixed redirect.
        `resolved es-ES english-fallback ${ARTICLE}`,
        `resolved ja-JP missing-redirect ${ARTICLE}`,
      ].sort(),
    );
    expect(report.newFindings.total).toBe(5);
    expect(report.resolvedFindings.total).toBe(4);
    expect(report.newFindings.byCheck.map((c) => [c.check, c.count])).toEqual([['stale-translation', 5]]);
    expect(report.resolvedFindings.byCheck.map((c) => [c.check, c.count])).toEqual([
      ['stale-translation', 2],
      ['english-fallback', 1],
      ['missing-redirect', 1],
    ]);
    expect(report.articles.find((a) => a.check === 'missing-redirect')?.run).toBe(h.runIds.w47b);
  });

  it('lists the stale articles still open at week end, farthest behind first', () => {
    expect(report.stale.articles.map((s) => s.locale)).toEqual(['de-DE', 'pt-BR', 'zh-CN']);
    for (const s of report.stale.articles) {
      expect(s.key).toBe(s.locale === 'de-DE' ? DE_ARTICLE : ARTICLE);
      expect(s.commitsBehind).toBeGreaterThanOrEqual(1);
      expect(s.changedSections.length).toBeGreaterThan(0);
      expect(s.sinceRun).toBe(h.runIds.w47a);
    }
  });

  it('shows the week’s claim events by translator', () => {
    expect(report.claims.events.map((e) => `${e.translator} ${e.event} ${e.locale} ${e.at}`)).toEqual([
      'kenji expired ja-JP 2026-11-17T10:00:00.000Z',
      'ana opened pt-BR 2026-11-19T09:00:00.000Z',
      'kenji opened zh-CN 2026-11-20T10:00:00.000Z',
      'ana completed pt-BR 2026-11-20T16:00:00.000Z',
      'kenji released zh-CN 2026-11-21T11:00:00.000Z',
    ]);
    expect(report.claims.byTranslator).toEqual([
      { translator: 'ana', opened: 1, completed: 1, released: 0, expired: 0 },
      { translator: 'kenji', opened: 1, completed: 0, released: 1, expired: 1 },
    ]);
    expect(report.claims.totals).toEqual({ opened: 2, completed: 1, released: 1, expired: 1 });
  });

  it('deltas add up for every locale and check: previous + new − resolved = current', () => {
    const repo = new ReportsRepository(h.db);
    const stored = (run: number) => {
      const m = new Map<string, number>();
      for (const s of repo.stats(run)) m.set(`${s.locale} ${s.check_id}`, (m.get(`${s.locale} ${s.check_id}`) ?? 0) + s.count);
      return m;
    };
    const before = stored(h.runIds.w46);
    const after = stored(h.runIds.w47b);
    const keys = new Set([...before.keys(), ...after.keys(), ...report.articles.map((a) => `${a.locale} ${a.check}`)]);
    // Every locale × check with findings at either end or events in between has a row, and each row adds up.
    expect(new Set(report.checks.map((c) => `${c.locale} ${c.check}`))).toEqual(keys);
    for (const c of report.checks) {
      const k = `${c.locale} ${c.check}`;
      expect(c.previous, k).toBe(before.get(k) ?? 0);
      expect(c.current, k).toBe(after.get(k) ?? 0);
      expect(c.previous + c.new - c.resolved, k).toBe(c.current);
      expect(c.new, k).toBe(report.articles.filter((a) => a.event === 'new' && a.locale === c.locale && a.check === c.check).length);
      expect(c.resolved, k).toBe(report.articles.filter((a) => a.event === 'resolved' && a.locale === c.locale && a.check === c.check).length);
    }
    // The same identity holds in every trend week that had a run.
    for (const w of report.history) for (const c of w.checks) expect(c.previous + c.new - c.resolved, `${w.week} ${c.locale} ${c.check}`).toBe(c.current);
    // And per locale: the totals row agrees with the check rows.
    for (const l of report.locales) {
      const rows = report.checks.filter((c) => c.locale === l.locale);
      expect(l.current.open.total).toBe(rows.reduce((n, c) => n + c.current, 0));
      expect(l.previous!.open.total).toBe(rows.reduce((n, c) => n + c.previous, 0));
      expect(l.change!.open).toBe(rows.reduce((n, c) => n + c.new - c.resolved, 0));
    }
  });

  it('reports the locales that got worse and the change since W46', () => {
    expect(report.worse.map((w) => w.locale)).toEqual(['de-DE', 'pt-BR', 'zh-CN']);
    const pt = report.locales.find((l) => l.locale === 'pt-BR')!;
    expect(pt.current.stale).toBe(1);
    expect(pt.previous!.stale).toBe(0);
    // The sample's files were all there at the first index, with no git history: no base is known.
    expect(pt.current.upToDate).toBe(0);
    expect(pt.current.baseUnknown).toBe(pt.current.translated - 1);
    expect(pt.change!.stale).toBe(1);
    const ja = report.locales.find((l) => l.locale === 'ja-JP')!;
    expect(ja.change).toMatchObject({ stale: 0, open: -1 });
  });

  it('has 12 weeks of trends with gaps where no run happened', () => {
    expect(report.trends.weeks).toHaveLength(12);
    expect(report.trends.weeks.at(-1)).toBe('2026-W47');
    const pt = report.trends.locales.find((t) => t.locale === 'pt-BR')!;
    expect(pt.points.slice(-2).map((p) => [p.week, p.runId, p.upToDatePct])).toEqual([
      // Up to date needs a known base, and none is known for files already there at the first index.
      ['2026-W46', h.runIds.w46, 0],
      ['2026-W47', h.runIds.w47b, 0],
    ]);
    expect(pt.points.slice(0, -2).every((p) => p.runId === null && p.upToDatePct === null && p.open === null)).toBe(true);
  });

  it('filters to one locale', () => {
    const ja = build('2026-W47', { locale: 'ja-JP' });
    expect(ja.locales.map((l) => l.locale)).toEqual(['ja-JP']);
    expect(new Set(ja.articles.map((a) => a.locale))).toEqual(new Set(['ja-JP']));
    expect(ja.claims.events.map((e) => e.event)).toEqual(['expired']);
    expect(ja.checks).toEqual(report.checks.filter((c) => c.locale === 'ja-JP'));
  });

  it('says so for a week without runs instead of inventing numbers', () => {
    const w48 = build('2026-W48', { now: new Date('2026-12-01T00:00:00Z') });
    expect(w48.runs).toEqual([]);
    expect(w48.message).toContain('No index run finished in 2026-W48');
    expect(w48.locales).toEqual([]);
    expect(w48.checks).toEqual([]);
    expect(w48.newFindings.total).toBe(0);
    expect(w48.trends.locales.find((t) => t.locale === 'pt-BR')!.points.at(-1)).toEqual({ week: '2026-W48', runId: null, upToDatePct: null, open: null });
    expect(renderMarkdown(w48)).toContain('there are no numbers for this week');
    expect(renderMarkdown(w48)).not.toContain('## Locales at the end of the week');
  });

  // Fixed clocks only: the runs are in W46 (Nov 10) and W47 (Nov 16, Nov 18 15:00 UTC).
  it.each([
    // Minutes after the latest run, in the week it finished in: that week, not the empty last full week (W46 has an older run).
    { name: 'minutes after the latest run', now: '2026-11-18T15:05:00Z', week: '2026-W47', runs: 2 },
    // A week later: still the week of the latest run, not the run-less W47 → W48.
    { name: 'a week after the latest run', now: '2026-11-25T12:00:00Z', week: '2026-W47', runs: 2 },
    { name: 'weeks after the latest run', now: '2026-12-10T12:00:00Z', week: '2026-W47', runs: 2 },
    // The clock before the W47 runs: the latest run by then is W46's.
    { name: 'before the W47 runs', now: '2026-11-15T12:00:00Z', week: '2026-W46', runs: 1 },
  ])('defaults to the week of the latest run: $name', ({ now, week, runs }) => {
    const r = build(undefined, { now: new Date(now) });
    expect(r.week.id).toBe(week);
    expect(r.runs).toHaveLength(runs);
    expect(r.message).toBeNull();
  });

  it('a week without runs names the week of the latest one', () => {
    const w49 = build('2026-W49', { now: new Date('2026-12-10T12:00:00Z') });
    expect(w49.message).toContain('No index run finished in 2026-W49');
    expect(w49.message).toContain(`The latest run (#${h.runIds.w47b}) finished in 2026-W47 (2026-11-16 to 2026-11-22)`);
  });

  it('refuses future or malformed weeks', () => {
    expect(build(undefined).week.id).toBe('2026-W47');
    expect(() => build('2026-W49')).toThrow(WeekError);
    expect(() => build('2026-W49')).toThrow(/future/);
    for (const bad of ['2026-47', '2026-W54', '2026-W00', 'W47', '2026-W4', '2026-W47; drop']) expect(() => build(bad), bad).toThrow(WeekError);
    // The current week is allowed and marked as not over.
    expect(build('2026-W48').week.complete).toBe(false);
  });

  it('puts runs in the week of the configured time zone', () => {
    // W47 starts 2026-11-15T23:00Z in Berlin and 2026-11-16T13:00Z in Honolulu: run w47a (08:30Z Monday) is W46 there.
    const honolulu = build('2026-W47', { timeZone: 'Pacific/Honolulu' });
    expect(honolulu.week.start).toBe('2026-11-16T10:00:00.000Z');
    expect(honolulu.runs.map((r) => r.id)).toEqual([h.runIds.w47b]);
    expect(honolulu.baseline?.id).toBe(h.runIds.w47a);
    expect(() => build('2026-W47', { timeZone: 'Mars/Olympus' })).toThrow(/unknown time zone/);
  });
});

describe('renderers', () => {
  it('markdown, csv and json match the golden files', () => {
    golden('w47.md', renderMarkdown(report));
    golden('w47-checks.csv', renderChecksCsv(report));
    golden('w47-articles.csv', renderArticlesCsv(report));
    golden('w47.json', renderJson(report));
  });

  it('CSV parses back (csv-parse) to the JSON numbers', () => {
    const json = JSON.parse(renderJson(report)) as WeeklyReport;
    const rows = parse(renderChecksCsv(report), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const expected = json.history.flatMap((w) => w.checks.map((c) => ({ w, c })));
    expect(rows).toHaveLength(expected.length);
    expected.forEach(({ w, c }, i) => {
      const r = rows[i]!;
      expect([r['week'], r['locale'], r['check']]).toEqual([w.week, c.locale, c.check]);
      expect(Number(r['run'])).toBe(w.runId);
      for (const col of ['previous', 'new', 'resolved', 'current', 'error', 'warning', 'info'] as const)
        expect(Number(r[col]), `${c.locale} ${c.check} ${col}`).toBe(c[col]);
    });
    const articles = parse(renderArticlesCsv(report), { columns: true }) as Record<string, string>[];
    expect(articles.filter((a) => a['kind'] === 'new-finding')).toHaveLength(json.newFindings.total);
    expect(articles.filter((a) => a['kind'] === 'resolved-finding')).toHaveLength(json.resolvedFindings.total);
    const stale = articles.filter((a) => a['kind'] === 'stale');
    expect(stale.map((s) => [s['locale'], Number(s['commits_behind']), Number(s['days_behind'])])).toEqual(
      json.stale.articles.map((s) => [s.locale, s.commitsBehind, s.daysBehind]),
    );
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const v of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)']) expect(neutralizeCell(v)).toBe(`'${v}`);
    expect(neutralizeCell('admin/x')).toBe('admin/x');
    const hostile: WeeklyReport = { ...report, articles: [{ ...report.articles[0]!, message: '=cmd|"/c calc"!A1', key: '@evil' }] };
    const rows = parse(renderArticlesCsv(hostile), { columns: true }) as Record<string, string>[];
    expect(rows[0]!['title_or_message']).toBe(`'=cmd|"/c calc"!A1`);
    expect(rows[0]!['key']).toBe(`'@evil`);
  });

  it('markdown escapes document text', () => {
    const hostile: WeeklyReport = { ...report, stale: { total: 1, articles: [{ ...report.stale.articles[0]!, title: '<img src=x onerror=alert(1)> | *x*' }] } };
    const md = renderMarkdown(hostile);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; \\| \\*x\\*');
    expect(md).not.toContain('<img');
  });
});

describe('dismissals of the week', () => {
  it('are listed apart in JSON, Markdown, CSV and HTML, undone ones with when', async () => {
    const { DismissalsRepository } = await import('../../db/repositories/dismissals.ts');
    const { renderHtml } = await import('../../server/reports/html.ts');
    const repo = new DismissalsRepository(h.db);
    const de = h.db
      .prepare("SELECT fingerprint FROM findings WHERE locale = 'de-DE' AND check_id = 'stale-translation' AND resolved_run IS NULL")
      .pluck()
      .get() as string;
    const ja = h.db.prepare("SELECT fingerprint FROM findings WHERE locale = 'ja-JP' AND resolved_run IS NULL LIMIT 1").pluck().get() as string;
    repo.dismiss(repo.openFinding(de)!, {
      kind: 'wont-fix',
      reason: 'Old page | retired soon',
      userId: null,
      byName: 'maria',
      now: new Date('2026-11-18T09:00:00Z'),
    });
    repo.dismiss(repo.openFinding(ja)!, { kind: 'later', reason: 'Next sprint', userId: null, byName: 'kenji', now: new Date('2026-11-19T09:00:00Z') });
    repo.undo(ja, 'kenji', new Date('2026-11-20T09:00:00Z'));
    // Outside the week: not listed.
    const other = h.db.prepare("SELECT fingerprint FROM findings WHERE locale = 'pt-BR' AND resolved_run IS NULL LIMIT 1").pluck().get() as string;
    repo.dismiss(repo.openFinding(other)!, { kind: 'false-alarm', reason: 'x', userId: null, byName: 'ana', now: new Date('2026-11-24T09:00:00Z') });

    const r = build('2026-W47');
    expect(r.version).toBe(2);
    expect(r.dismissals.total).toBe(2);
    expect(r.dismissals.byKind).toEqual({ 'false-alarm': 0, 'wont-fix': 1, later: 1 });
    expect(r.dismissals.events.map((d) => `${d.by} ${d.kind} ${d.locale} ${d.at} ${d.undoneAt}`)).toEqual([
      'maria wont-fix de-DE 2026-11-18T09:00:00.000Z null',
      'kenji later ja-JP 2026-11-19T09:00:00.000Z 2026-11-20T09:00:00.000Z',
    ]);
    expect(JSON.parse(renderJson(r)).dismissals.total).toBe(2);
    const md = renderMarkdown(r);
    expect(md).toContain('## Dismissed this week');
    expect(md).toContain("2 dismissed (not counted as open): 0 false alarm, 1 won't fix, 1 later.");
    expect(md).toContain('| wont-fix | Old page \\| retired soon | maria | 2026-11-18 |');
    expect(md).toContain('later (undone 2026-11-20)');
    const csv = parse(renderArticlesCsv(r), { columns: true }) as Record<string, string>[];
    expect(csv.filter((row) => row.kind!.startsWith('dismissed:')).map((row) => `${row.kind} ${row.locale}`)).toEqual([
      'dismissed:wont-fix de-DE',
      'dismissed:later ja-JP',
    ]);
    expect(renderHtml(r)).toMatch(/<table data-testid="dismissals">.*Old page \| retired soon/s);
    expect(build('2026-W47', { locale: 'ja-JP' }).dismissals.events.map((d) => d.locale)).toEqual(['ja-JP']);
  });
});
