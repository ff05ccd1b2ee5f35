import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { errorResponses } from './schemas.ts';

const Health = Type.Object({
  status: Type.Literal('ok'),
  lastRun: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), finishedAt: Type.Union([Type.String(), Type.Null()]) })]),
});

const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', { schema: { response: { 200: Health, ...errorResponses } } }, async () => {
    const last = app.repos.runs.latestComplete();
    return { status: 'ok' as const, lastRun: last ? { id: last.id, finishedAt: last.finished_at } : null };
  });
};

export default healthRoutes;
