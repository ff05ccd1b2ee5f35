import type { WeeklyReport } from './model.ts';

/** The versioned JSON shape documented in server/reports/README.md. */
export function renderJson(report: WeeklyReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
