import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../plugins/errors.ts';
import { buildWeeklyReport, REPORT_VERSION } from '../reports/model.ts';
import { CONTENT_TYPES, renderReport, REPORT_FORMATS, reportFileName } from '../reports/render.ts';
import { WeekError } from '../reports/week.ts';
import { errorResponses, LocaleParam } from './schemas.ts';

const ReportQuery = Type.Object(
  {
    // A week that matches but does not exist (2025-W53) or has not started is refused in code, as by the CLI.
    week: Type.Optional(
      Type.String({
        pattern: '^[0-9]{4}-W[0-9]{2}$',
        maxLength: 8,
        description: 'ISO week, e.g. 2026-W47; default: the week of the latest run in config report.timeZone',
      }),
    ),
    format: Type.Union(
      REPORT_FORMATS.map((f) => Type.Literal(f)),
      { default: 'json' },
    ),
    locale: Type.Optional(LocaleParam),
    table: Type.Union([Type.Literal('checks'), Type.Literal('articles')], {
      default: 'checks',
      description: 'CSV only: locale × check × week rows, or the week’s article rows',
    }),
    download: Type.Optional(Type.Boolean({ description: 'Send Content-Disposition: attachment (the default for every format but json)' })),
  },
  { additionalProperties: false },
);
type ReportQuery = Static<typeof ReportQuery>;

/** The report comes as text in the asked format; the JSON shape is server/reports/README.md (version 1). */
const WeeklyReportJson = Type.Object(
  { version: Type.Literal(REPORT_VERSION), week: Type.Object({ id: Type.String() }, { additionalProperties: true }) },
  { additionalProperties: true, description: 'format=json (the default): the report model, documented in server/reports/README.md' },
);
const ReportText = (what: string) => ({ schema: Type.String({ description: what }) });
const ReportOk = {
  description: 'The weekly report in the asked format (md, csv and html as downloads)',
  content: {
    'application/json': { schema: WeeklyReportJson },
    'text/markdown': ReportText('format=md'),
    'text/csv': ReportText('format=csv: locale × check × week rows, or with table=articles the week’s article rows'),
    'text/html': ReportText('format=html: a page of its own'),
  },
};

const reportsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: ReportQuery }>(
    '/reports/weekly',
    {
      schema: {
        summary: 'Weekly drift report (JSON shape: server/reports/README.md, version 1); md, csv and html come as downloads',
        tags: ['reports'],
        querystring: ReportQuery,
        response: { 200: ReportOk, ...errorResponses },
      },
    },
    async (request, reply) => {
      const q = request.query;
      let report;
      try {
        report = buildWeeklyReport(app.db, {
          week: q.week,
          locale: q.locale,
          timeZone: app.config.report.timeZone,
          sourceLocale: app.config.layout.sourceLocale,
          titleVersion: app.config.layout.defaultVersion,
          now: app.now(),
        });
      } catch (err) {
        if (err instanceof WeekError) throw new HttpError(400, err.message);
        throw err;
      }
      const name = reportFileName(report, q.format, q.table);
      const attach = q.download ?? q.format !== 'json';
      reply.header('content-type', CONTENT_TYPES[q.format]);
      reply.header('content-disposition', `${attach ? 'attachment' : 'inline'}; filename="${name}"`);
      reply.header('cache-control', 'no-cache');
      return reply.send(renderReport(report, q.format, q.table));
    },
  );
};

export default reportsRoutes;
