import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
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
const MIN_COMPRESS_BYTES = 1024;

/** Content codings offered, best first (the order breaks ties between equal weights). */
const ENCODINGS = ['br', 'gzip'] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * The coding to send an answer in, from a request's Accept-Encoding (weights honoured:
 * `br;q=0` refuses brotli), by the negotiator @fastify/static uses for the built files.
 */
export function answerEncoding(header: string | undefined): Encoding | null {
  return header ? (negotiate(header, [...ENCODINGS]) as Encoding | null) : null;
}

// Brotli quality 5: the heaviest article of the snapshot (576 KB) to 29 KB in ~5 ms; quality 9 took 35 ms for 6% less.
const COMPRESS: Record<Encoding, (body: Buffer) => Buffer> = {
  br: (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } }),
  gzip: (body) => gzipSync(body),
};

interface Entry {
  version: string;
  body: Buffer;
  /** The body compressed, each coding made on the first request that takes it. */
  encoded: Partial<Record<Encoding, Buffer>>;
}

/**
 * Reads are answered many times per run: the dashboard polls the overview and lists, and
 * the load target (p95 ≤ 20 ms at 50 connections) leaves no room to rebuild them each time.
 * Responses only for URLs that do not depend on who asks.
 */
export const responseCachePlugin = fp(async (app) => {
  // Bodies are kept as bytes: a hit is written as it is, not serialized again (the heaviest article of the snapshot is 576 KB).
  const entries = new Map<string, Entry>();
  const version = () => `${app.repos.articles.version()}|${app.repos.claims.version(app.now())}`;
  const JSON_TYPE = 'application/json; charset=utf-8';

  /**
   * Sends an entry compressed when the client takes brotli or gzip (every browser does), each
   * coding made once and kept: the heaviest article of the snapshot goes out as 29 KB of
   * brotli or 55 KB of gzip instead of 576 KB, and compressing costs the first request only.
   */
  const answer = (request: FastifyRequest, reply: FastifyReply, entry: Entry) => {
    reply.type(JSON_TYPE);
    if (entry.body.byteLength < MIN_COMPRESS_BYTES) return reply.send(entry.body);
    reply.header('vary', 'accept-encoding');
    const encoding = answerEncoding(request.headers['accept-encoding']);
    if (!encoding) return reply.send(entry.body);
    const bytes = (entry.encoded[encoding] ??= COMPRESS[encoding](entry.body));
    return reply.header('content-encoding', encoding).send(bytes);
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
    const serialized = reply.serialize(await compute());
    const body = typeof serialized === 'string' ? Buffer.from(serialized, 'utf8') : Buffer.from(serialized as Uint8Array);
    const entry: Entry = { version: current, body, encoded: {} };
    entries.set(key, entry);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    return answer(request, reply, entry);
  });
});
