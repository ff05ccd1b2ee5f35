import { gzipSync } from 'node:zlib';
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

// Smaller answers gain too little from compression to be worth a header.
const MIN_GZIP_BYTES = 1024;

/**
 * Whether an Accept-Encoding header (RFC 9110 §12.5.3) takes gzip: named, or `*`, with a
 * weight above 0. `gzip;q=0` refuses it even where `*` would take it.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const takes = Number.isFinite(weight) && weight > 0;
    if (name === 'gzip' || name === 'x-gzip') return takes;
    if (name === '*') star = takes;
  }
  return star;
}

interface Entry {
  version: string;
  body: Buffer;
  /** The body gzipped, made on the first request that accepts it. */
  gzip?: Buffer;
}

/**
 * Reads are answered many times per run: the dashboard polls the overview and lists, and
 * the load target (p95 ≤ 20 ms at 50 connections) leaves no room to rebuild them each time.
 * Responses only for URLs that do not depend on who asks.
 */
export const responseCachePlugin = fp(async (app) => {
  // Bodies are kept encoded: a hit is written as it is, not encoded again (the heaviest article of the snapshot is 576 KB).
  const entries = new Map<string, Entry>();
  const version = () => `${app.repos.articles.version()}|${app.repos.claims.version(app.now())}`;
  const JSON_TYPE = 'application/json; charset=utf-8';

  /**
   * Sends an entry, gzipped once and kept when the client takes gzip (every browser does):
   * the heaviest article of the snapshot goes out as 55 KB instead of 576 KB, and compressing it costs the
   * first request only.
   */
  const answer = (request: FastifyRequest, reply: FastifyReply, entry: Entry) => {
    reply.type(JSON_TYPE);
    if (entry.body.byteLength < MIN_GZIP_BYTES) return reply.send(entry.body);
    reply.header('vary', 'accept-encoding');
    if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(entry.body);
    entry.gzip ??= gzipSync(entry.body);
    return reply.header('content-encoding', 'gzip').send(entry.gzip);
  };

  // A hit is answered before validation and the handler: the same URL passed them when it was stored.
  // Registered after the auth plugin, so its checks run first.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !request.routeOptions.config?.cached) return;
    const hit = entries.get(request.url);
    if (!hit || hit.version !== version()) return;
    // Recently used entries move to the end; the oldest are evicted first.
    entries.delete(request.url);
    entries.set(request.url, hit);
    return answer(request, reply, hit);
  });

  app.decorate('cachedRead', async (request: FastifyRequest, reply: FastifyReply, compute: () => unknown) => {
    const current = version();
    const key = request.url;
    reply.type(JSON_TYPE);
    const serialized = reply.serialize(await compute());
    const body = typeof serialized === 'string' ? Buffer.from(serialized, 'utf8') : Buffer.from(serialized as Uint8Array);
    const entry: Entry = { version: current, body };
    entries.set(key, entry);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    return answer(request, reply, entry);
  });
});
