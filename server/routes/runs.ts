import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';

export const Run = Type.Object({
  id: Type.Integer(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('running'), Type.Literal('complete'), Type.Literal('failed')]),
  filesSeen: Type.Integer(),
  filesParsed: Type.Integer(),
  filesUnchanged: Type.Integer(),
  filesAdded: Type.Integer(),
  filesDeleted: Type.Integer(),
  parseErrors: Type.Integer(),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

const RunsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

const runsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/runs',
    { schema: { querystring: RunsQuery, response: { 200: Type.Object({ runs: Type.Array(Run) }) } } },
    async (request) => ({
      runs: app.repos.runs.recent(request.query.limit, request.query.offset).map((r) => ({
        id: r.id,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        status: r.status,
        filesSeen: r.files_seen,
        filesParsed: r.files_parsed,
        filesUnchanged: r.files_unchanged,
        filesAdded: r.files_added,
        filesDeleted: r.files_deleted,
        parseErrors: r.parse_errors,
        durationMs: r.duration_ms,
        error: r.error,
      })),
    }),
  );
};

export default runsRoutes;
