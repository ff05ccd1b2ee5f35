import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildWeeklyReport } from '../reports/model.ts';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../reports/render.ts';
import { WeekError } from '../reports/week.ts';
import { assertIndexedLocale, COMMON_OPTIONS, openContext, UsageError, type CommandIO } from './context.ts';

export const REPORT_HELP = `Usage: l10n-drift report [--week 2026-W47] [--format md|csv|json|html] [--locale L] [--out FILE] [--table checks|articles]

The weekly drift report from the index history: per-locale totals at the end of the
ISO week and their change, findings new and resolved during the week, stale articles,
claims by translator, locales that got worse, 12-week trends. The week defaults to the
week of the latest run in config report.timeZone (UTC by default). CSV: one row per week ×
locale × check; --table articles gives the week's article rows instead.
Exit code 0 on success, 2 on a malformed or future week and other usage errors.`;

export async function reportCommand(argv: string[], io: CommandIO, now: () => Date = io.now ?? (() => new Date())): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      week: { type: 'string' },
      format: { type: 'string', default: 'md' },
      locale: { type: 'string' },
      out: { type: 'string' },
      table: { type: 'string', default: 'checks' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(REPORT_HELP + '\n');
    return 0;
  }
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got "${values.format}")`);
  if (values.table !== 'checks' && values.table !== 'articles') throw new UsageError(`--table must be checks or articles (got "${values.table}")`);
  const { config, db } = openContext(values, io);
  try {
    assertIndexedLocale(db, values.locale, '--locale');
    let report;
    try {
      report = buildWeeklyReport(db, {
        week: values.week,
        locale: values.locale,
        timeZone: config.report.timeZone,
        sourceLocale: config.layout.sourceLocale,
        titleVersion: config.layout.defaultVersion,
        now: now(),
      });
    } catch (err) {
      if (err instanceof WeekError) throw new UsageError(err.message);
      throw err;
    }
    const text = renderReport(report, format, values.table);
    if (values.out) {
      const file = path.resolve(io.cwd, values.out);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      io.stderr.write(`Wrote ${report.week.id} ${format} report to ${values.out}\n`);
    } else io.stdout.write(text);
    return 0;
  } finally {
    db.close();
  }
}
