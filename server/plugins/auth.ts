import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../db/repositories/users.ts';
import { HttpError } from './errors.ts';

/** Who may call a route: anyone, any signed-in user, or managers only. Writes default to 'user'. */
export type Access = 'public' | 'read' | 'user' | 'manager';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface AuthOptions {
  /** Failed authentications allowed per client address and window before 429. */
  max: number;
  windowMs: number;
}

// Liveness and the API docs stay readable even when reads need a token.
const PUBLIC = /^\/api\/(health|docs)(\/|\?|$)/;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearer(header: string): string | null {
  const m = /^Bearer[ ]+([A-Za-z0-9._~+/=-]{1,512})[ ]*$/i.exec(header);
  return m ? m[1]! : null;
}

/**
 * Bearer tokens → request.user. Writes need a user (managers for manager routes);
 * reads are open to loopback clients unless the config requires a token. Failed
 * authentications are rate-limited per client address (a valid token is never refused);
 * the token itself is never logged.
 */
export const authPlugin = fp<AuthOptions>(async (app, options) => {
  app.decorateRequest('user', null);
  // Counts failed authentications per client address (not requests): @fastify/rate-limit's store.
  const limiter = app.createRateLimit({ max: options.max, timeWindow: options.windowMs, keyGenerator: (req) => `auth-failure:${req.ip}` });
  const tooMany = (ttlInSeconds: number) => new HttpError(429, `Too many failed authentications from this address; retry in ${ttlInSeconds} s`);

  // A valid token always passes, whatever the address did before: many users share one
  // address behind a reverse proxy, and a guess at a 256-bit token (see UsersRepository.add)
  // cannot succeed, so only failed attempts are counted and only they are refused.
  const fail = async (request: FastifyRequest, reply: FastifyReply, message: string): Promise<never> => {
    const r = await limiter(request);
    if (!r.isAllowed && r.isExceeded) {
      reply.header('retry-after', r.ttlInSeconds);
      throw tooMany(r.ttlInSeconds);
    }
    throw new HttpError(401, message);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const token = bearer(header);
      if (!token) return fail(request, reply, 'Authorization must be "Bearer <token>"');
      const user = app.repos.users.byToken(token);
      if (!user) return fail(request, reply, 'Unknown token');
      if (user.revokedAt) return fail(request, reply, 'This token was revoked');
      request.user = user;
    }
    const configured = request.routeOptions.config?.access;
    const isRead = READ_METHODS.has(request.method);
    const access: Access = configured ?? (isRead && PUBLIC.test(request.url) ? 'public' : isRead ? 'read' : 'user');
    if (access === 'public') return;
    if (access === 'read') {
      const open = !app.config.server.requireTokenForReads && LOOPBACK.has(request.ip);
      if (!open && !request.user) throw new HttpError(401, 'Reading needs a token here: send Authorization: Bearer <token>');
      return;
    }
    // A missing token is not a guess at one: only bad tokens count towards the rate limit.
    if (!request.user) throw new HttpError(401, 'This request changes data: send Authorization: Bearer <token>');
    if (access === 'manager' && request.user.role !== 'manager')
      throw new HttpError(403, `Only managers may do this; ${request.user.name} is a ${request.user.role}`);
  });
});
