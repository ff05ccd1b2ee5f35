import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../plugins/errors.ts';
import { buildWeeklyReport } from '../reports/model.ts';
import { CONTENT_TYPES, renderReport, REPORT_FORMATS, reportFileName } from '../reports/render.ts';
import { WeekError } from '../reports/week.ts';
import { errorResponses, LocaleParam } from './schemas.ts';

const ReportQuery = Type.Object(
  {
    // The pattern is checked in code so a malformed week gets the same message as the CLI.
    week: Type.Optional(Type.String({ maxLength: 20, description: 'ISO week, e.g. 2026-W47; default: the week of the latest run in config report.timeZone' })),
    format: Type.Union(REPORT_FORMATS.map((f) => Type.Literal(f)), { default: 'json' }),
    locale: Type.Optional(LocaleParam),
    table: Type.Union([Type.Literal('checks'), Type.Literal('articles')], { default: 'checks', description: 'CSV only: locale × check × week rows, or the week’s article rows' }),
    download: Type.Optional(Type.Boolean({ description: 'Send Content-Disposition: attachment (the default for every format but json)' })),
  },
  { additionalProperties: false },
);
type ReportQuery = Static<typeof ReportQuery>;

const reportsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: ReportQuery }>(
    '/reports/weekly',
    {
      schema: {
        summary: 'Weekly drift report (JSON shape: server/reports/README.md, version 1); md, csv and html come as downloads',
        tags: ['reports'],
        querystring: ReportQuery,
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const q = request.query;
      let report;
      try {
        report = buildWeeklyReport(app.db, { week: q.week, locale: q.locale, timeZone: app.config.report.timeZone, sourceLocale: app.config.layout.sourceLocale, now: app.now() });
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
