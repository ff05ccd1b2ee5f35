import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifySchema, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Db } from '../db/index.ts';
import type { Config } from './config.ts';
import { allowedHostList, allowedHostsPlugin } from './plugins/allowed-hosts.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorHandler, HttpError } from './plugins/errors.ts';
import { reindexPlugin } from './plugins/reindex.ts';
import { repositoriesPlugin } from './plugins/repositories.ts';
import { responseCachePlugin } from './plugins/response-cache.ts';
import { unknownLocaleMessage } from './locales.ts';
import articlesRoutes from './routes/articles.ts';
import checksRoutes from './routes/checks.ts';
import claimsRoutes from './routes/claims.ts';
import badgesRoutes from './routes/badges.ts';
import dismissalsRoutes from './routes/dismissals.ts';
import englishChangesRoutes from './routes/english-changes.ts';
import eventsRoutes from './routes/events.ts';
import findingsRoutes from './routes/findings.ts';
import fixRoutes from './routes/fix.ts';
import healthRoutes from './routes/health.ts';
import localesRoutes from './routes/locales.ts';
import meRoutes from './routes/me.ts';
import reportsRoutes from './routes/reports.ts';
import runsRoutes from './routes/runs.ts';

export const WEB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

export interface AppOptions {
  db: Db;
  config: Config;
  /** Built web app to serve; defaults to web/dist when it exists. */
  webDir?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Clock for claims and their expiry (tests pass a fake one). */
  now?: () => Date;
  /** Failed authentications per client address and window before 429 (default 20 a minute). */
  authFailures?: { max: number; windowMs: number };
  /** Bytes the response cache keeps at most (default 64 MB). */
  responseCacheBytes?: number;
}

/** Bodies are small JSON ({ locale, key }); anything bigger is refused with 413. */
export const BODY_LIMIT = 16 * 1024;

/** Never log a bearer token, whatever a serializer decides to include. */
const REDACT = ['req.headers.authorization', 'request.headers.authorization', 'headers.authorization', 'authorization', 'res.headers["set-cookie"]'];

function loggerOptions(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  return {
    ...base,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; headers: Record<string, unknown> }) => ({
        method: req.method,
        url: req.url,
        remoteAddress: req.ip,
        headers: req.headers,
      }),
    },
  };
}

/** CSP the built Svelte app passes: only our own scripts; inline styles for Svelte's style attributes. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * A parameter with a default is optional to the caller: TypeBox lists it as required (the
 * handler always sees it, Ajv fills it in), so the description drops it from `required`.
 */
function documentDefaults({ schema, url }: { schema: FastifySchema; url: string }) {
  const query = schema?.querystring as { properties?: Record<string, { default?: unknown }>; required?: string[] } | undefined;
  if (!query?.required || !query.properties) return { schema, url };
  const required = query.required.filter((name) => query.properties![name]?.default === undefined);
  return { schema: { ...schema, querystring: { ...query, required } }, url };
}

/** Builds the Fastify app: plugins, routes, error handler. Never listens (see main.ts). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logger ?? false),
    bodyLimit: BODY_LIMIT,
    // Article keys are long paths; keep the default router limits generous but bounded.
    routerOptions: { maxParamLength: 1000 },
    ajv: { customOptions: { allErrors: false } },
  });
  app.setErrorHandler(errorHandler);
  // First of all hooks: a request for another host name gets nothing, not even a 404.
  await app.register(allowedHostsPlugin, { allowedHosts: allowedHostList(options.config.server) });
  // Ajv coerces "1e309" to Infinity and lets it through integer/maximum checks; refuse it here.
  app.addHook('preHandler', async (request) => {
    for (const [where, values] of [
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      if (!values || typeof values !== 'object') continue;
      for (const [name, value] of Object.entries(values)) {
        if (typeof value === 'number' && !Number.isFinite(value)) throw new HttpError(400, `${where}.${name} must be a finite number`);
      }
    }
  });
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY }, hsts: false });
  await app.register(rateLimit, { global: false });
  await app.register(repositoriesPlugin, { db: options.db, config: options.config, ...(options.now ? { now: options.now } : {}) });
  await app.register(authPlugin, options.authFailures ?? { max: 20, windowMs: 60_000 });
  // Every locale parameter (query, path, body) names an indexed locale: an unknown one used
  // to answer 200 with every page "not translated". Before the response cache looks anything up.
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    for (const [where, values] of [
      ['querystring', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const) {
      const locale = values && typeof values === 'object' ? (values as { locale?: unknown }).locale : undefined;
      if (typeof locale !== 'string') continue;
      const known = app.repos.articles.cached('known-locales', () => app.repos.documents.locales());
      if (!known.includes(locale)) throw new HttpError(400, `${where}.locale: ${unknownLocaleMessage(locale, known)}`, { knownLocales: known });
    }
  });
  await app.register(responseCachePlugin, options.responseCacheBytes ? { maxBytes: options.responseCacheBytes } : {});
  await app.register(reindexPlugin, { db: options.db, config: options.config });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'l10n-drift API',
        version: '1',
        description: 'Translation consistency of a docs site. Reads are open on localhost; writes need Authorization: Bearer <token> (`l10n-drift user add`).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: documentDefaults,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // Every API route's method and path pattern, so a known path asked with another method is a 405.
  const routeTable: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const source = route.url
      .split('/')
      .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    for (const method of [route.method].flat()) routeTable.push({ method, pattern: new RegExp(`^${source}$`) });
  });
  // Every route is imported statically (issue 22): no route module is optional, and loading the
  // four that were imported lazily (reports, fix, badges, dismissals) made no measurable
  // difference to start-up (README, "Performance").
  for (const routes of [
    healthRoutes,
    runsRoutes,
    eventsRoutes,
    localesRoutes,
    articlesRoutes,
    findingsRoutes,
    checksRoutes,
    claimsRoutes,
    meRoutes,
    reportsRoutes,
    fixRoutes,
    badgesRoutes,
    dismissalsRoutes,
    englishChangesRoutes,
  ]) {
    await app.register(routes, { prefix: '/api' });
  }

  const notFound = { statusCode: 404, error: 'Not Found' };
  const noRoute = (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split('?')[0]!;
    const allowed = routeTable.filter((r) => r.pattern.test(pathname)).map((r) => r.method);
    if (allowed.length && !allowed.includes(request.method)) {
      const allow = [...new Set(allowed)].join(', ');
      return reply
        .code(405)
        .header('allow', allow)
        .send({ statusCode: 405, error: 'Method Not Allowed', message: `${request.method} is not supported on ${pathname}; use ${allow}` });
    }
    return reply.code(404).send({ ...notFound, message: `No route for ${request.method} ${pathname}` });
  };
  const webDir = options.webDir === undefined ? WEB_DIST : options.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz copies (web/vite.config.ts): sent to browsers that take them.
      preCompressed: true,
      setHeaders(reply, file) {
        // Vite names built assets by content hash: cache them forever; the shell must revalidate.
        const hashed = file.startsWith(path.join(webDir, 'assets') + path.sep);
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // Client-side routes get the app shell; unknown /api paths stay JSON 404s.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/')) {
        return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
      }
      return noRoute(request, reply);
    });
  } else {
    app.setNotFoundHandler(noRoute);
  }
  return app;
}
