import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { RunRow } from '../../db/repositories/runs.ts';
import { IndexBusyError } from '../indexer/indexer.ts';
import { errorResponses, RunBusy, RunStarted } from './schemas.ts';

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
  findings: Type.Union(
    [
      Type.Object({
        open: Type.Integer({ description: 'open after the run' }),
        new: Type.Integer({ description: 'first found by the run' }),
        resolved: Type.Integer({ description: 'resolved by the run' }),
      }),
      Type.Null(),
    ],
    { description: "The run's check pass; null when it ran none (index --no-checks, a failed run): unknown, not zero" },
  ),
});

/** A run row as the API shows it (GET /api/runs and the run-finished event). */
export function runOf(r: RunRow, findings: Static<typeof Run>['findings'] = null): Static<typeof Run> {
  return {
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
    findings,
  };
}

export const RunsResponse = Type.Object({ runs: Type.Array(Run) });

const RunsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

const runsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Static<typeof RunsQuery> }>(
    '/runs',
    { schema: { summary: 'History of index runs, newest first', tags: ['runs'], querystring: RunsQuery, response: { 200: RunsResponse, ...errorResponses } } },
    async (request) => {
      const runs = app.repos.runs.recent(request.query.limit, request.query.offset);
      const counts = app.repos.runs.checkCounts(runs);
      return { runs: runs.map((r) => runOf(r, counts.get(r.id) ?? null)) };
    },
  );

  app.post(
    '/runs',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Re-index now (managers). One run at a time: 409 names the running one.',
        tags: ['runs'],
        security: [{ bearer: [] }],
        response: { 202: RunStarted, 409: RunBusy, ...errorResponses },
      },
    },
    async (request, reply) => {
      try {
        const runId = await app.reindexer.start();
        return reply.code(202).send({ runId, status: 'running' as const });
      } catch (err) {
        if (!(err instanceof IndexBusyError)) throw err;
        return reply.code(409).send({ statusCode: 409 as const, error: 'Conflict', message: err.message, runningRunId: err.runId });
      }
    },
  );
};

export default runsRoutes;
