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
    /** What the response cache holds (tests and diagnostics). */
    responseCacheStats(): { entries: number; bytes: number };
  }
}

export interface ResponseCacheOptions {
  /** Bytes of bodies (and their compressed copies) kept at most; the least recently used go first. */
  maxBytes?: number;
}

// Enough for every locale's first pages and the articles translators have open.
const MAX_ENTRIES = 2000;
// The heaviest article of the snapshot is 576 KB of JSON: room for ~100 of them with every list.
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Object keys in order, recursively: the same parameters in any order give one key. */
function sortedJson(value: unknown): string {
  if (!value || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`)
    .join(',')}}`;
}

/**
 * The cache key of a read: its route and its validated parameters (unknown ones already
 * removed, defaults applied, sorted), never the raw URL, so `?locale=ja-JP&x=1`, `?x=2&locale=ja-JP`
 * and `?locale=ja-JP&page=1` share one entry.
 */
export function cacheKey(request: FastifyRequest): string {
  // A route without a query schema reads no query: whatever was sent is not part of the answer.
  const query = request.routeOptions.schema?.querystring ? sortedJson(request.query) : '';
  return `${request.routeOptions.url}\0${sortedJson(request.params)}\0${query}`;
}

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
  /** body plus the compressed copies made so far. */
  bytes: number;
  /** The body compressed, each coding made on the first request that takes it. */
  encoded: Partial<Record<Encoding, Buffer>>;
}

/**
 * Reads are answered many times per run: the dashboard polls the overview and lists, and
 * the load target (p95 ≤ 20 ms at 50 connections) leaves no room to rebuild them each time.
 * Responses only for URLs that do not depend on who asks.
 */
export const responseCachePlugin = fp<ResponseCacheOptions>(async (app, options) => {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Bodies are kept as bytes: a hit is written as it is, not serialized again (the heaviest article of the snapshot is 576 KB).
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= entry.bytes;
    entries.delete(key);
  };
  const evict = () => {
    for (const key of entries.keys()) {
      if (entries.size <= MAX_ENTRIES && bytes <= maxBytes) break;
      remove(key);
    }
  };
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
    let encoded = entry.encoded[encoding];
    if (!encoded) {
      encoded = entry.encoded[encoding] = COMPRESS[encoding](entry.body);
      entry.bytes += encoded.byteLength;
      if (entries.get(cacheKey(request)) === entry) {
        bytes += encoded.byteLength;
        evict();
      }
    }
    return reply.header('content-encoding', encoding).send(encoded);
  };

  // A hit is answered after validation (its key is the validated query) and before the handler.
  // Registered after the auth plugin and the locale check, so their checks run first.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' || !request.routeOptions.config?.cached) return;
    const key = cacheKey(request);
    const hit = entries.get(key);
    if (!hit || hit.version !== version()) return;
    // Recently used entries move to the end; the oldest are evicted first.
    entries.delete(key);
    entries.set(key, hit);
    return answer(request, reply, hit);
  });

  app.decorate('responseCacheStats', () => ({ entries: entries.size, bytes }));

  app.decorate('cachedRead', async (request: FastifyRequest, reply: FastifyReply, compute: () => unknown) => {
    const current = version();
    const key = cacheKey(request);
    const serialized = reply.serialize(await compute());
    const body = typeof serialized === 'string' ? Buffer.from(serialized, 'utf8') : Buffer.from(serialized as Uint8Array);
    const entry: Entry = { version: current, body, bytes: body.byteLength, encoded: {} };
    remove(key);
    // An answer bigger than the whole cache is sent, not kept.
    if (entry.bytes <= maxBytes) {
      entries.set(key, entry);
      bytes += entry.bytes;
      evict();
    }
    return answer(request, reply, entry);
  });
});
