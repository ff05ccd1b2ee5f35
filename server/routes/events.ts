import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import type { RunRow } from '../../db/repositories/runs.ts';
import { runOf } from './runs.ts';
import { claimView } from './views.ts';

/** Proxies and browsers drop a silent connection after a minute or two; a comment line keeps it. */
const HEARTBEAT_MS = 25_000;

function send(res: ServerResponse, event: string, id: number | null, data: unknown): void {
  res.write(`event: ${event}\n${id !== null ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
}

/**
 * GET /api/events: server-sent events. `run-finished` (id = the run's id, data = { run }) each
 * time a re-index run of this server ends, whether `serve --watch` or a manager started it.
 * A client that reconnects with Last-Event-ID older than the latest complete run is sent that run.
 * `claim-changed` (no id, so Last-Event-ID keeps naming runs; data = { change, claim }) after
 * each claim, renewal, release, completion or reassignment through this server, so open
 * claim lists and article lists reload.
 */
const eventsRoutes: FastifyPluginAsync = async (app) => {
  const streams = new Set<ServerResponse>();
  const unsubscribe = app.reindexer.onRunFinished((run: RunRow) => {
    for (const res of streams) send(res, 'run-finished', run.id, { run: runOf(run, app.repos.runs.checkCounts([run]).get(run.id) ?? null) });
  });
  const unsubscribeClaims = app.repos.claims.onChange(({ kind, claim }) => {
    for (const res of streams) send(res, 'claim-changed', null, { change: kind, claim: claimView(claim) });
  });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': heartbeat\n\n');
  }, HEARTBEAT_MS).unref();
  // Open streams would hold app.close() until every dashboard goes away.
  app.addHook('preClose', async () => {
    unsubscribe();
    unsubscribeClaims();
    clearInterval(heartbeat);
    for (const res of streams) res.end();
    streams.clear();
  });

  app.get<{ Headers: { 'last-event-id'?: string } }>(
    '/events',
    {
      schema: {
        summary: 'Server-sent events: run-finished when an index run ends, claim-changed when a claim changes (text/event-stream)',
        tags: ['runs'],
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      const latest = app.repos.runs.latestComplete();
      const lastSeen = Number(request.headers['last-event-id']);
      if (latest && Number.isInteger(lastSeen) && lastSeen < latest.id)
        send(res, 'run-finished', latest.id, { run: runOf(latest, app.repos.runs.checkCounts([latest]).get(latest.id) ?? null) });
      streams.add(res);
      request.raw.once('close', () => streams.delete(res));
    },
  );
};

export default eventsRoutes;
