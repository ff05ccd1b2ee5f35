import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Db } from '../db/index.ts';
import type { Config } from './config.ts';
import { repositoriesPlugin } from './plugins/repositories.ts';
import { errorHandler } from './plugins/errors.ts';
import healthRoutes from './routes/health.ts';
import localesRoutes from './routes/locales.ts';
import runsRoutes from './routes/runs.ts';

export const WEB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

export interface AppOptions {
  db: Db;
  config: Config;
  /** Built web app to serve; defaults to web/dist when it exists. */
  webDir?: string | null;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the Fastify app: plugins, routes, error handler. Never listens (see main.ts). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 64 * 1024,
    // Article keys are long paths; keep the default router limits generous but bounded.
    routerOptions: { maxParamLength: 1000 },
  });
  app.setErrorHandler(errorHandler);
  await app.register(repositoriesPlugin, { db: options.db, config: options.config });
  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(localesRoutes, { prefix: '/api' });
  await app.register(runsRoutes, { prefix: '/api' });

  const webDir = options.webDir === undefined ? WEB_DIST : options.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
    // Client-side routes get the app shell; unknown /api paths stay JSON 404s.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/')) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` }),
    );
  }
  return app;
}
