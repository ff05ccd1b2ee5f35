import { stringify } from 'csv-stringify/sync';
import type { WeeklyReport } from './model.ts';

/** Spreadsheets run cells starting with these as formulas (CSV injection); a leading ' keeps them text. */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return stringify([header, ...rows.map((r) => r.map((v) => (v === null ? '' : typeof v === 'number' ? String(v) : neutralizeCell(v))))], {
    record_delimiter: 'windows',
  });
}

export const CHECK_COLUMNS = ['week', 'first_day', 'run', 'locale', 'check', 'previous', 'new', 'resolved', 'current', 'error', 'warning', 'info'];

/** One row per week × locale × check over the trend weeks (weeks without a run have no rows). */
export function renderChecksCsv(r: WeeklyReport): string {
  const rows: (string | number | null)[][] = [];
  for (const w of r.history) {
    for (const c of w.checks) rows.push([w.week, w.firstDay, w.runId, c.locale, c.check, c.previous, c.new, c.resolved, c.current, c.error, c.warning, c.info]);
  }
  return toCsv(CHECK_COLUMNS, rows);
}

export const ARTICLE_COLUMNS = [
  'week',
  'kind',
  'locale',
  'key',
  'check',
  'severity',
  'run',
  'commits_behind',
  'days_behind',
  'changed_sections',
  'title_or_message',
];

/** The report week's articles: new and resolved findings, then stale translations (farthest behind first), then the week's dismissals. */
export function renderArticlesCsv(r: WeeklyReport): string {
  const rows: (string | number | null)[][] = [];
  for (const a of r.articles) rows.push([r.week.id, `${a.event}-finding`, a.locale, a.key, a.check, a.severity, a.run, null, null, null, a.message]);
  for (const s of r.stale.articles)
    rows.push([
      r.week.id,
      'stale',
      s.locale,
      s.key,
      'stale-translation',
      null,
      s.sinceRun,
      s.commitsBehind,
      s.daysBehind,
      s.changedSections.join('; '),
      s.title,
    ]);
  // Dismissals of the week: kind "dismissed:<kind>", the reason and who (and an undo) in the last column.
  for (const d of r.dismissals.events)
    rows.push([
      r.week.id,
      `dismissed:${d.kind}`,
      d.locale,
      d.key,
      d.check,
      null,
      null,
      null,
      null,
      null,
      `${d.reason} (by ${d.by}, ${d.at}${d.undoneAt ? `; undone ${d.undoneAt}` : ''})`,
    ]);
  return toCsv(ARTICLE_COLUMNS, rows);
}

/** `format=csv` answers one file: the checks CSV, or the article rows with `table=articles`. */
export function renderCsv(r: WeeklyReport, table: 'checks' | 'articles' = 'checks'): string {
  return table === 'articles' ? renderArticlesCsv(r) : renderChecksCsv(r);
}
