import type { Db } from '../../db/index.ts';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import { dismissalFieldsJson } from '../../db/repositories/dismissals.ts';
import { sumWords } from '../coverage/words.ts';
import { countStates } from '../coverage/model.ts';
import { ReportsRepository, type CheckedRun, type FindingEventRow } from '../../db/repositories/reports.ts';
import { resolveWeek, weekOf, weeksEndingWith, type IsoWeek } from './week.ts';
import type {
  SeverityCounts,
  OpenCounts,
  LocaleTotals,
  CheckDelta,
  ArticleCount,
  CheckEvents,
  FindingEvent,
  StaleArticle,
  ClaimEvent,
  TranslatorClaims,
  TrendPoint,
  WeekHistory,
  WeeklyReport,
} from './types.ts';

/** Bump on incompatible changes of the JSON shape (documented in server/reports/README.md). */
export const REPORT_VERSION = 2;
/** Weeks of trend data, the report week included. */
export const TREND_WEEKS = 12;
const TOP_ARTICLES = 5;

export type {
  Severity,
  SeverityCounts,
  OpenCounts,
  LocaleTotals,
  LocaleChange,
  LocaleReport,
  CheckDelta,
  ArticleCount,
  CheckEvents,
  FindingEvent,
  StaleArticle,
  ClaimEventKind,
  ClaimEvent,
  ClaimCounts,
  TranslatorClaims,
  WorseLocale,
  TrendPoint,
  WeekHistory,
  RunRef,
  WeeklyReport,
} from './types.ts';

export interface ReportOptions {
  /** `YYYY-Www`; default: the week of the latest run (the last full week when there is none). */
  week?: string | undefined;
  locale?: string | undefined;
  timeZone: string;
  sourceLocale: string;
  now: Date;
  /** The layout's default version: titles are shown as its readers see them. */
  titleVersion?: { name: string; aliases?: readonly string[] } | undefined;
}

interface Snapshot {
  totals: Map<string, LocaleTotals>;
  /** locale → check → severity counts */
  byCheck: Map<string, Map<string, SeverityCounts>>;
  staleRows: StaleArticle[];
}

const zero = (): SeverityCounts => ({ error: 0, warning: 0, info: 0 });
const pct = (part: number, whole: number) => (whole ? Math.round((1000 * part) / whole) / 10 : 0);
const round1 = (n: number) => Math.round(n * 10) / 10;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function parseStale(json: string): { commitsBehind: number | null; daysBehind: number | null; changedSections: string[] } {
  try {
    const d = JSON.parse(json) as { commitsBehind?: unknown; daysBehind?: unknown; changedSections?: unknown };
    const sections = Array.isArray(d.changedSections) ? d.changedSections.filter((s): s is string => typeof s === 'string') : [];
    return { commitsBehind: num(d.commitsBehind), daysBehind: num(d.daysBehind), changedSections: sections };
  } catch {
    return { commitsBehind: null, daysBehind: null, changedSections: [] };
  }
}

/** Farthest behind first: commits, then days, then locale and key for a stable order. */
export function compareStale(a: StaleArticle, b: StaleArticle): number {
  return (
    (b.commitsBehind ?? -1) - (a.commitsBehind ?? -1) ||
    (b.daysBehind ?? -1) - (a.daysBehind ?? -1) ||
    a.locale.localeCompare(b.locale) ||
    a.key.localeCompare(b.key)
  );
}

class ReportBuilder {
  private readonly repo: ReportsRepository;
  private readonly coverage: CoverageRepository;
  private readonly snapshots = new Map<number, Snapshot>();

  constructor(
    db: Db,
    private readonly source: string,
    private readonly locale: string | null,
    titleVersion?: ReportOptions['titleVersion'],
  ) {
    this.repo = new ReportsRepository(db);
    this.coverage = new CoverageRepository(db, { memoize: true, titleVersion });
  }

  private keep(locale: string): boolean {
    return this.locale === null || locale === this.locale;
  }

  /** The state right after a run: coverage, staleness and open findings per locale. */
  snapshot(runId: number): Snapshot {
    const hit = this.snapshots.get(runId);
    if (hit) return hit;
    const englishPages = this.repo.englishPages(runId, this.source);
    const byCheck = new Map<string, Map<string, SeverityCounts>>();
    for (const s of this.repo.stats(runId)) {
      if (!this.keep(s.locale)) continue;
      const checks = byCheck.get(s.locale) ?? new Map<string, SeverityCounts>();
      byCheck.set(s.locale, checks);
      const c = checks.get(s.check_id) ?? zero();
      checks.set(s.check_id, c);
      c[s.severity] += s.count;
    }
    // The coverage model's rows (as /api/locales and the lists count them): live for the latest
    // run, rebuilt from the documents and findings alive at an older one.
    const atRun = runId === this.repo.latestCheckedRun()?.id ? null : runId;
    const locales = this.coverage.locales(atRun).filter((l) => l !== this.source && this.keep(l));
    for (const l of byCheck.keys()) if (l !== this.source && !locales.includes(l)) locales.push(l);
    const staleRows: StaleArticle[] = [];
    const totals = new Map<string, LocaleTotals>();
    const staleData = new Map(this.repo.staleAt(runId).map((r) => [`${r.locale}\0${r.key}`, r]));
    for (const locale of locales.sort()) {
      const rows = this.coverage.articles(this.source, locale, atRun);
      const c = countStates(rows.map((r) => r.state));
      for (const r of rows) {
        const f = r.state === 'stale' ? staleData.get(`${locale}\0${r.key}`) : undefined;
        if (f) staleRows.push({ locale, key: r.key, title: r.englishTitle, ...parseStale(f.data_json), sinceRun: f.first_run });
      }
      const open: OpenCounts = { ...zero(), total: 0 };
      for (const sc of byCheck.get(locale)?.values() ?? []) {
        open.error += sc.error;
        open.warning += sc.warning;
        open.info += sc.info;
      }
      open.total = open.error + open.warning + open.info;
      totals.set(locale, {
        englishPages,
        englishArticles: c.englishArticles,
        translated: c.translated,
        translatedPct: pct(c.translated, c.englishArticles),
        upToDate: c.upToDate,
        upToDatePct: pct(c.upToDate, c.englishArticles),
        stale: c.stale,
        baseUnknown: c.baseUnknown,
        englishFallback: c.englishFallback,
        missing: c.missing,
        orphaned: c.orphaned,
        leftover: c.leftover,
        words: sumWords(rows),
        open,
      });
    }
    const snap = { totals, byCheck, staleRows };
    this.snapshots.set(runId, snap);
    return snap;
  }

  /** Deltas per locale × check between the baseline run and the week's last run. */
  checkDeltas(baseline: number | null, end: number, opened: Map<string, number>, resolved: Map<string, number>): CheckDelta[] {
    const before = baseline === null ? null : this.snapshot(baseline).byCheck;
    const after = this.snapshot(end).byCheck;
    const keys = new Set<string>([...opened.keys(), ...resolved.keys()]);
    for (const m of [before, after]) for (const [locale, checks] of m ?? []) for (const check of checks.keys()) keys.add(`${locale}\0${check}`);
    const total = (c: SeverityCounts | undefined) => (c ? c.error + c.warning + c.info : 0);
    const rows: CheckDelta[] = [];
    for (const k of keys) {
      const [locale, check] = k.split('\0') as [string, string];
      if (!this.keep(locale)) continue;
      const cur = after.get(locale)?.get(check);
      const row: CheckDelta = {
        locale,
        check,
        previous: total(before?.get(locale)?.get(check)),
        new: opened.get(k) ?? 0,
        resolved: resolved.get(k) ?? 0,
        current: total(cur),
        ...(cur ?? zero()),
      };
      if (row.previous || row.new || row.resolved || row.current) rows.push(row);
    }
    return rows.sort((a, b) => a.locale.localeCompare(b.locale) || a.check.localeCompare(b.check));
  }

  counts(rows: { locale: string; check_id: string; count: number }[]): Map<string, number> {
    return new Map(rows.map((r) => [`${r.locale}\0${r.check_id}`, r.count]));
  }

  /** One week's end run, baseline and per-check deltas (for trends and the CSV history). */
  week(w: IsoWeek): { runs: CheckedRun[]; baseline: CheckedRun | undefined; history: WeekHistory } {
    const runs = this.repo.runsBetween(w.start, w.end);
    const baseline = this.repo.lastRunBefore(w.start);
    const end = runs.at(-1);
    if (!end) return { runs, baseline, history: { week: w.id, firstDay: w.firstDay, runId: null, checks: [] } };
    const from = baseline?.id ?? 0;
    const checks = this.checkDeltas(
      baseline?.id ?? null,
      end.id,
      this.counts(this.repo.openedCounts(from, end.id)),
      this.counts(this.repo.resolvedCounts(from, end.id)),
    );
    return { runs, baseline, history: { week: w.id, firstDay: w.firstDay, runId: end.id, checks } };
  }

  events(rows: FindingEventRow[], kind: 'new' | 'resolved'): FindingEvent[] {
    return rows
      .filter((r) => this.keep(r.locale))
      .map((r) => ({
        event: kind,
        locale: r.locale,
        key: r.key,
        check: r.check_id,
        severity: r.severity,
        message: r.message,
        run: kind === 'new' ? r.first_run : r.resolved_run!,
      }));
  }
}

function byCheck(events: FindingEvent[]): CheckEvents[] {
  const groups = new Map<string, FindingEvent[]>();
  for (const e of events) {
    const list = groups.get(e.check) ?? [];
    groups.set(e.check, list);
    list.push(e);
  }
  return [...groups.entries()]
    .map(([check, list]): CheckEvents => {
      const sev = zero();
      const perArticle = new Map<string, ArticleCount>();
      for (const e of list) {
        sev[e.severity]++;
        const k = `${e.locale}\0${e.key}`;
        const a = perArticle.get(k) ?? { locale: e.locale, key: e.key, count: 0 };
        perArticle.set(k, a);
        a.count++;
      }
      const top = [...perArticle.values()]
        .sort((a, b) => b.count - a.count || a.locale.localeCompare(b.locale) || a.key.localeCompare(b.key))
        .slice(0, TOP_ARTICLES);
      return { check, count: list.length, ...sev, topArticles: top };
    })
    .sort((a, b) => b.count - a.count || a.check.localeCompare(b.check));
}

function worseReasons(cur: LocaleTotals, prev: LocaleTotals): string[] {
  const reasons: string[] = [];
  if (cur.upToDatePct < prev.upToDatePct) reasons.push(`up to date ${prev.upToDatePct}% → ${cur.upToDatePct}%`);
  if (cur.stale > prev.stale) reasons.push(`stale ${prev.stale} → ${cur.stale}`);
  if (cur.missing > prev.missing) reasons.push(`missing ${prev.missing} → ${cur.missing}`);
  if (cur.open.error > prev.open.error) reasons.push(`errors ${prev.open.error} → ${cur.open.error}`);
  if (cur.open.total > prev.open.total) reasons.push(`open findings ${prev.open.total} → ${cur.open.total}`);
  return reasons;
}

/** Builds the weekly report from the runs that finished inside the week (WeekError for a bad or future week). */
export function buildWeeklyReport(db: Db, options: ReportOptions): WeeklyReport {
  const repo = new ReportsRepository(db);
  // The latest run whose checks finished by now: its week is the default, and a week without runs names it.
  const latest = repo.lastRunBefore(new Date(options.now.getTime() + 1));
  const latestWeek = latest ? weekOf(new Date(latest.finished_at), options.timeZone) : null;
  const week = options.week ? resolveWeek(options.week, options.now, options.timeZone) : (latestWeek ?? resolveWeek(undefined, options.now, options.timeZone));
  const locale = options.locale ?? null;
  const b = new ReportBuilder(db, options.sourceLocale, locale, options.titleVersion);

  const weeks = weeksEndingWith(week, TREND_WEEKS);
  const perWeek = weeks.map((w) => ({ w, ...b.week(w) }));
  const current = perWeek.at(-1)!;
  const end = current.runs.at(-1);
  const baseline = current.baseline;

  const trendLocales = new Map<string, TrendPoint[]>();
  perWeek.forEach(({ w, history }, i) => {
    const totals = history.runId === null ? null : b.snapshot(history.runId).totals;
    for (const l of totals?.keys() ?? []) if (!trendLocales.has(l)) trendLocales.set(l, []);
    for (const [l, points] of trendLocales) {
      // Locales first seen in a later week get empty points for the weeks before.
      while (points.length < i) points.push({ week: weeks[points.length]!.id, runId: null, upToDatePct: null, open: null });
      const t = totals?.get(l);
      points.push({ week: w.id, runId: t ? history.runId : null, upToDatePct: t ? t.upToDatePct : null, open: t ? t.open.total : null });
    }
  });

  const report: WeeklyReport = {
    version: REPORT_VERSION,
    generatedAt: options.now.toISOString(),
    week: {
      id: week.id,
      start: week.start.toISOString(),
      end: week.end.toISOString(),
      firstDay: week.firstDay,
      lastDay: week.lastDay,
      timeZone: week.timeZone,
      complete: week.end.getTime() <= options.now.getTime(),
    },
    sourceLocale: options.sourceLocale,
    locale,
    runs: current.runs.map((r) => ({ id: r.id, finishedAt: r.finished_at })),
    baseline: end && baseline ? { id: baseline.id, finishedAt: baseline.finished_at } : null,
    message: null,
    locales: [],
    checks: current.history.checks,
    newFindings: { total: 0, byCheck: [] },
    resolvedFindings: { total: 0, byCheck: [] },
    articles: [],
    stale: { total: 0, articles: [] },
    claims: { totals: { opened: 0, completed: 0, released: 0, expired: 0 }, byTranslator: [], events: [] },
    dismissals: { total: 0, byKind: { 'false-alarm': 0, 'wont-fix': 0, later: 0 }, events: [] },
    worse: [],
    trends: {
      weeks: weeks.map((w) => w.id),
      locales: [...trendLocales.entries()].sort(([a], [b2]) => a.localeCompare(b2)).map(([l, points]) => ({ locale: l, points })),
    },
    history: perWeek.map((p) => p.history),
  };

  // Claims are people's work, not index output: they are reported even in a week without runs.
  const events: ClaimEvent[] = [];
  for (const c of repo.claimEvents(week.start, week.end, options.now)) {
    if (locale !== null && c.locale !== locale) continue;
    const base = { claimId: c.id, locale: c.locale, key: c.key, translator: c.user_name };
    const inWeek = (iso: string | null) => iso !== null && iso >= report.week.start && iso < report.week.end;
    if (inWeek(c.claimed_at)) events.push({ ...base, translator: c.opened_by, event: 'opened', at: c.claimed_at });
    if (c.status !== 'active' && inWeek(c.closed_at)) events.push({ ...base, event: c.status, at: c.closed_at! });
  }
  events.sort((a, b2) => a.at.localeCompare(b2.at) || a.claimId - b2.claimId);
  const byTranslator = new Map<string, TranslatorClaims>();
  for (const e of events) {
    const t = byTranslator.get(e.translator) ?? { translator: e.translator, opened: 0, completed: 0, released: 0, expired: 0 };
    byTranslator.set(e.translator, t);
    t[e.event]++;
    report.claims.totals[e.event]++;
  }
  report.claims.events = events;
  report.claims.byTranslator = [...byTranslator.values()].sort((a, b2) => a.translator.localeCompare(b2.translator));
  // Dismissals are people's decisions too: reported even in a week without runs.
  for (const d of repo.dismissalEvents(week.start, week.end)) {
    if (locale !== null && d.locale !== locale) continue;
    report.dismissals.events.push({
      ...dismissalFieldsJson(d),
      at: d.created_at,
      undoneAt: d.undone_at,
    });
    report.dismissals.byKind[d.kind]++;
    report.dismissals.total++;
  }

  if (!end) {
    const where =
      latest && latestWeek
        ? ` The latest run (#${latest.id}) finished in ${latestWeek.id} (${latestWeek.firstDay} to ${latestWeek.lastDay}).`
        : ' No index run has finished yet.';
    report.message = `No index run finished in ${week.id} (${week.firstDay} to ${week.lastDay}, ${week.timeZone}): there are no numbers for this week.${where}`;
    return report;
  }

  const now = b.snapshot(end.id);
  const prev = baseline ? b.snapshot(baseline.id) : null;
  for (const [l, cur] of now.totals) {
    const p = prev?.totals.get(l) ?? null;
    const findings: Record<string, SeverityCounts> = {};
    for (const [check, c] of [...(now.byCheck.get(l) ?? new Map<string, SeverityCounts>())].sort(([a], [b2]) => a.localeCompare(b2)))
      findings[check] = { ...c };
    report.locales.push({
      locale: l,
      current: cur,
      previous: p,
      change: p
        ? {
            translatedPct: round1(cur.translatedPct - p.translatedPct),
            upToDatePct: round1(cur.upToDatePct - p.upToDatePct),
            stale: cur.stale - p.stale,
            missing: cur.missing - p.missing,
            errors: cur.open.error - p.open.error,
            open: cur.open.total - p.open.total,
          }
        : null,
      findings,
    });
    if (p) {
      const reasons = worseReasons(cur, p);
      if (reasons.length) report.worse.push({ locale: l, reasons });
    }
  }

  const from = baseline?.id ?? 0;
  const opened = b.events(repo.opened(from, end.id), 'new');
  const resolved = b.events(repo.resolved(from, end.id), 'resolved');
  report.newFindings = { total: opened.length, byCheck: byCheck(opened) };
  report.resolvedFindings = { total: resolved.length, byCheck: byCheck(resolved) };
  report.articles = [...opened, ...resolved];
  const stale = [...now.staleRows].sort(compareStale);
  report.stale = { total: stale.length, articles: stale };
  return report;
}
