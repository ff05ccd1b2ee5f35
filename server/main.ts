import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './app.ts';

/** The only place that opens a port: 127.0.0.1 unless configured otherwise. */
export async function listen(options: AppOptions & { host?: string; port?: number }): Promise<{ app: FastifyInstance; url: string }> {
  const host = options.host ?? options.config.server.host;
  // --host also names the server for the allowed-hosts check.
  const config = { ...options.config, server: { ...options.config.server, host } };
  const app = await buildApp({ ...options, config });
  const port = options.port ?? options.config.server.port;
  const address = await app.listen({ host, port });
  return { app, url: address.replace('[::1]', 'localhost') };
}
