import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ChangeResult, ClaimEventRow, ClaimListRow, ClaimRow } from '../../db/repositories/claims.ts';
import type { User } from '../../db/repositories/users.ts';
import { HttpError } from '../plugins/errors.ts';
import { teamWrite } from '../plugins/team-writes.ts';
import { claimedUntil } from '../shared/claim-time.ts';
import {
  ClaimantsResponse,
  ClaimConflict,
  ClaimHistoryResponse,
  ClaimInfo,
  ClaimsResponse,
  ClaimStatus,
  errorResponses,
  KeyParam,
  LocaleParam,
  Paging,
  writeErrorResponses,
} from './schemas.ts';
import { claimView } from './views.ts';

/** How often, and how long, a completed claim waits for a running re-index to settle its article (an hour). */
const SETTLE_RETRY_MS = 1000;
const SETTLE_TRIES = 3600;

const ClaimBody = Type.Object({ locale: LocaleParam, key: KeyParam }, { additionalProperties: false });
const ClaimParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });
const ClaimsQuery = Type.Object(
  {
    locale: Type.Optional(LocaleParam),
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'User name, or "me"' })),
    status: Type.Optional(ClaimStatus),
    ...Paging,
  },
  { additionalProperties: false },
);
const HistoryQuery = Type.Object(
  {
    locale: Type.Optional(LocaleParam),
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'User name, or "me": every step of the claims they held or acted on' })),
    claim: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1, description: 'One claim' })),
    ...Paging,
  },
  { additionalProperties: false },
);
const ReassignBody = Type.Object(
  { to: Type.String({ minLength: 1, maxLength: 100, description: 'The name of a translator of the claim’s locale' }) },
  { additionalProperties: false },
);
const ClaimantsQuery = Type.Object({ locale: Type.Optional(LocaleParam) }, { additionalProperties: false });

function listView(row: ClaimListRow) {
  return { ...claimView(row), title: row.title, englishTitle: row.english_title };
}

function eventView(row: ClaimEventRow) {
  return {
    claimId: row.claim_id,
    event: row.kind,
    at: row.at,
    locale: row.locale,
    key: row.key,
    title: row.title,
    englishTitle: row.english_title,
    by: row.by_name,
    holder: row.holder_name,
    to: row.to_name,
    expiresAt: row.expires_at,
  };
}

const DAY_MS = 86_400_000;

function signedIn(request: FastifyRequest): User {
  if (!request.user) throw new HttpError(401, 'This request changes data: send Authorization: Bearer <token>');
  return request.user;
}

const claimsRoutes: FastifyPluginAsync = async (app) => {
  const expiry = (from: Date) => new Date(from.getTime() + app.config.claims.expiryDays * DAY_MS);
  const write = { security: [{ bearer: [] }] };

  /** Owner or manager may change a claim; anyone else is refused before anything changes. */
  const mayChange = (user: User, claimId: number): ClaimRow => {
    const claim = app.repos.claims.get(claimId);
    if (!claim) throw new HttpError(404, `No claim ${claimId}`);
    if (claim.user_id !== user.id && user.role !== 'manager') throw new HttpError(403, notTheirs(claimId, claim));
    return claim;
  };
  const notTheirs = (claimId: number, claim: ClaimRow) => `Claim ${claimId} belongs to ${claim.user_name}; only they or a manager may change it`;
  /** Whose claim a change is limited to: the signed-in translator's own (checked again in the write), any for a manager. */
  const holderOf = (user: User) => (user.role === 'manager' ? null : user.id);
  /** The `user` filter of the lists: "me" (signed in), a name, or none. A name nobody has is a 400: a typo is not "no claims". */
  const userFilter = (request: FastifyRequest, user: string | undefined): number | undefined => {
    if (user === 'me') return signedIn(request).id;
    if (user === undefined) return undefined;
    const found = app.repos.users.byName(user);
    if (!found) throw new HttpError(400, `querystring.user: no user "${user}"`);
    return found.id;
  };
  const answer = (result: ChangeResult, id: number, verb: string) => {
    if ('missing' in result) throw new HttpError(404, `No claim ${id}`);
    if ('notActive' in result) throw new HttpError(409, `Claim ${id} is ${result.notActive.status}; only an active claim can be ${verb}`);
    if ('notHolder' in result) throw new HttpError(403, notTheirs(id, result.notHolder));
    return claimView(result.claim);
  };

  app.post<{ Body: Static<typeof ClaimBody> }>(
    '/claims',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Claim an article of a locale; 409 names the current holder',
        tags: ['claims'],
        ...write,
        body: ClaimBody,
        response: { 201: ClaimInfo, 409: ClaimConflict, ...writeErrorResponses },
      },
    },
    async (request, reply) => {
      const user = signedIn(request);
      const { locale, key } = request.body;
      const source = app.config.layout.sourceLocale;
      if (locale === source) throw new HttpError(400, `body.locale: claims are on translations; ${source} is the source`);
      if (user.role === 'translator' && !user.locales.includes(locale)) {
        throw new HttpError(403, `${user.name} translates ${user.locales.join(', ') || 'no locale'}, not ${locale}`);
      }
      if (!app.repos.articles.articleExists(source, locale, key)) throw new HttpError(404, `No article "${key}" in ${locale} or ${source}`);
      const now = app.now();
      const result = await teamWrite(() => app.repos.claims.create(locale, key, user.id, now, expiry(now)));
      if ('conflict' in result) {
        const holder = result.conflict;
        return reply.code(409).send({
          statusCode: 409 as const,
          error: 'Conflict',
          message: `${locale} ${key} is already claimed by ${holder.user_name} ${claimedUntil(holder.expires_at, now)}`,
          holder: holder.user_name,
          claim: claimView(holder),
        });
      }
      return reply.code(201).send(claimView(result.created));
    },
  );

  const change = (path: string, verb: string, summary: string, run: (id: number, user: User, now: Date) => ChangeResult) =>
    app.post<{ Params: Static<typeof ClaimParams> }>(
      `/claims/:id/${path}`,
      {
        config: { access: 'user' },
        schema: { summary, tags: ['claims'], ...write, params: ClaimParams, response: { 200: ClaimInfo, 409: errorResponses[400], ...writeErrorResponses } },
      },
      async (request) => {
        const user = signedIn(request);
        const { id } = request.params;
        mayChange(user, id);
        return answer(await teamWrite(() => run(id, user, app.now())), id, verb);
      },
    );

  // While a re-index holds the index file, the completed article is settled when it lets go
  // (the run itself may also have read the new base); the claim is already stored either way.
  const pending = new Set<NodeJS.Timeout>();
  app.addHook('onClose', async () => {
    for (const t of pending) clearTimeout(t);
  });
  const settleSoon = (locale: string, key: string, tries = 0): void => {
    if (app.repos.articles.settleCompleted(locale, key) !== null || tries >= SETTLE_TRIES) return;
    const t = setTimeout(() => {
      pending.delete(t);
      settleSoon(locale, key, tries + 1);
    }, SETTLE_RETRY_MS);
    t.unref();
    pending.add(t);
  };

  change('release', 'released', 'Give an article back (the holder, or any manager)', (id, user, now) =>
    app.repos.claims.close(id, 'released', user.id, now, app.config.layout.sourceLocale, holderOf(user)),
  );
  change('complete', 'completed', 'Finish a claim: the current English version becomes the base for stale detection', (id, user, now) => {
    const result = app.repos.claims.close(id, 'completed', user.id, now, app.config.layout.sourceLocale, holderOf(user));
    // The new base takes effect at once: the article leaves the stale list and counts in this request, not at the next run.
    if ('claim' in result) settleSoon(result.claim.locale, result.claim.key);
    return result;
  });
  change('renew', 'renewed', `Extend a claim by the configured expiry from now (the holder, or any manager)`, (id, user, now) =>
    app.repos.claims.renew(id, user.id, now, expiry(now), holderOf(user)),
  );

  app.post<{ Params: Static<typeof ClaimParams>; Body: Static<typeof ReassignBody> }>(
    '/claims/:id/reassign',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Give an active claim to another translator of its locale (managers only); its expiry stays',
        tags: ['claims'],
        ...write,
        params: ClaimParams,
        body: ReassignBody,
        response: { 200: ClaimInfo, 409: errorResponses[400], ...writeErrorResponses },
      },
    },
    async (request) => {
      const user = signedIn(request);
      const { id } = request.params;
      if (user.role !== 'manager') throw new HttpError(403, `Only a manager may reassign a claim; ${user.name} is a ${user.role}`);
      const claim = app.repos.claims.get(id);
      if (!claim) throw new HttpError(404, `No claim ${id}`);
      const target = app.repos.users.byName(request.body.to);
      if (!target || target.revokedAt !== null) throw new HttpError(400, `body.to: no user "${request.body.to}"`);
      if (target.role !== 'translator' || !target.locales.includes(claim.locale)) {
        throw new HttpError(
          400,
          `body.to: ${target.name} does not translate ${claim.locale} (${target.role === 'translator' ? target.locales.join(', ') || 'no locale' : 'a manager'})`,
        );
      }
      if (target.id === claim.user_id) throw new HttpError(400, `body.to: ${target.name} already holds claim ${id}`);
      return answer(await teamWrite(() => app.repos.claims.reassign(id, target.id, user.id, app.now())), id, 'reassigned');
    },
  );

  app.get<{ Querystring: Static<typeof HistoryQuery> }>(
    '/claims/history',
    {
      schema: {
        summary: 'Every step of claims (claimed, renewed, released, completed, reassigned, expired), who and when, newest first',
        tags: ['claims'],
        querystring: HistoryQuery,
        response: { 200: ClaimHistoryResponse, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const userId = userFilter(request, q.user);
      const { total, rows } = app.repos.claims.history(
        { locale: q.locale, userId, claimId: q.claim, sourceLocale: app.config.layout.sourceLocale, limit: q.limit, offset: (q.page - 1) * q.limit },
        app.now(),
      );
      return { total, page: q.page, limit: q.limit, rows: rows.map(eventView) };
    },
  );

  app.get<{ Querystring: Static<typeof ClaimantsQuery> }>(
    '/claims/claimants',
    {
      schema: {
        summary: 'Translators who may hold claims (of one locale), by name: the choices for the translator filter and for reassignment',
        tags: ['claims'],
        querystring: ClaimantsQuery,
        response: { 200: ClaimantsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { locale } = request.query;
      const users = app.repos.users
        .list()
        .filter((u) => u.revokedAt === null && u.role === 'translator' && (locale === undefined || u.locales.includes(locale)))
        .map((u) => ({ name: u.name, locales: u.locales }));
      return { users };
    },
  );

  app.get<{ Querystring: Static<typeof ClaimsQuery> }>(
    '/claims',
    {
      schema: {
        summary: 'Claims by locale, user ("me" for yourself) and status, newest first',
        tags: ['claims'],
        querystring: ClaimsQuery,
        response: { 200: ClaimsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const userId = userFilter(request, q.user);
      const { total, rows } = app.repos.claims.list(
        { locale: q.locale, userId, status: q.status, sourceLocale: app.config.layout.sourceLocale, limit: q.limit, offset: (q.page - 1) * q.limit },
        app.now(),
      );
      return { total, page: q.page, limit: q.limit, rows: rows.map(listView) };
    },
  );
};

export default claimsRoutes;
