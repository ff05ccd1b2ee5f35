import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { FINDING_SORTS } from '../../db/repositories/articles.ts';
import { CheckId, Order, StatusFilter } from './articles.ts';
import { errorResponses, FindingsResponse, KeyParam, LocaleParam, Paging, Severity } from './schemas.ts';
import { findingView } from './views.ts';

const FindingsQuery = Type.Object(
  {
    locale: Type.Optional(LocaleParam),
    key: Type.Optional(KeyParam),
    check: Type.Optional(CheckId),
    severity: Type.Optional(Severity),
    status: Type.Union([StatusFilter], { default: 'open' }),
    dismissed: Type.Union([Type.Literal('hide'), Type.Literal('only'), Type.Literal('include')], {
      default: 'hide',
      description: 'Dismissed open findings: hidden (default), the only ones shown, or shown with the rest',
    }),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Searches the key and the message' })),
    sort: Type.Union(
      FINDING_SORTS.map((s) => Type.Literal(s)),
      { default: 'severity' },
    ),
    order: Type.Optional(Order),
    ...Paging,
  },
  { additionalProperties: false },
);
type FindingsQuery = Static<typeof FindingsQuery>;

const findingsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: FindingsQuery }>(
    '/findings',
    {
      schema: {
        summary: 'Findings as a flat list, with the filters of the article list (status defaults to open)',
        tags: ['findings'],
        querystring: FindingsQuery,
        response: { 200: FindingsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const latestRun = app.repos.runs.latestComplete()?.id ?? 0;
      const { total, rows } = app.repos.articles.findings({
        locale: q.locale,
        key: q.key,
        check: q.check,
        severity: q.severity,
        status: q.status,
        dismissed: q.dismissed,
        q: q.q?.trim() || undefined,
        sort: q.sort,
        desc: q.order === 'desc' || (q.order === undefined && q.sort === 'firstRun'),
        limit: q.limit,
        offset: (q.page - 1) * q.limit,
        latestRun,
      });
      return { total, page: q.page, limit: q.limit, rows: rows.map((r) => findingView(r, latestRun)) };
    },
  );
};

export default findingsRoutes;
