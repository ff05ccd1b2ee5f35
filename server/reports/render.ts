import { renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import type { WeeklyReport } from './model.ts';

export const REPORT_FORMATS = ['md', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export function renderReport(report: WeeklyReport, format: ReportFormat, table: 'checks' | 'articles' = 'checks'): string {
  switch (format) {
    case 'md':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report, table);
    case 'json':
      return renderJson(report);
    case 'html':
      return renderHtml(report);
  }
}

/** `l10n-drift-2026-W47-ja-JP.md`; locale codes are [A-Za-z0-9_-] by the route's schema. */
export function reportFileName(report: WeeklyReport, format: ReportFormat, table: 'checks' | 'articles' = 'checks'): string {
  const locale = report.locale ? `-${report.locale.replace(/[^A-Za-z0-9_-]/g, '')}` : '';
  const suffix = format === 'csv' && table === 'articles' ? '-articles' : '';
  return `l10n-drift-${report.week.id}${locale}${suffix}.${format}`;
}
