import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers may come from the response cache (the route answers through cachedRead). */
    cached?: boolean;
  }
  interface FastifyInstance {
    /**
     * Answers a read from the serialized response of an earlier identical request while
     * the data behind it is unchanged (same run, same claims); otherwise computes it.
     */
    cachedRead(request: FastifyRequest, reply: FastifyReply, compute: () => unknown): Promise<FastifyReply>;
  }
}

// Enough for every locale's first pages and the articles translators have open.
const MAX_ENTRIES = 2000;

/**
 * Reads are answered many times per run: the dashboard polls the overview and lists, and
 * the load target (p95 ≤ 20 ms at 50 connections) leaves no room to rebuild them each time.
 * Responses only for URLs that do not depend on who asks.
 */
export const responseCachePlugin = fp(async (app) => {
  // Bodies are kept encoded: a hit is written as it is, not encoded again (the heaviest article is 622 KB).
  const entries = new Map<string, { version: string; body: Buffer }>();
  const version = () => `${app.repos.articles.version()}|${app.repos.claims.version(app.now())}`;
  const JSON_TYPE = 'application/json; charset=utf-8';

  // A hit is answered before validation and the handler: the same URL passed them when it was stored.
  // Registered after the auth plugin, so its checks run first.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !request.routeOptions.config?.cached) return;
    const hit = entries.get(request.url);
    if (!hit || hit.version !== version()) return;
    // Recently used entries move to the end; the oldest are evicted first.
    entries.delete(request.url);
    entries.set(request.url, hit);
    return reply.type(JSON_TYPE).send(hit.body);
  });

  app.decorate('cachedRead', async (request: FastifyRequest, reply: FastifyReply, compute: () => unknown) => {
    const current = version();
    const key = request.url;
    reply.type(JSON_TYPE);
    const serialized = reply.serialize(await compute());
    const body = typeof serialized === 'string' ? Buffer.from(serialized, 'utf8') : Buffer.from(serialized as Uint8Array);
    entries.set(key, { version: current, body });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    return reply.send(body);
  });
});
