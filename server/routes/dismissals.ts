import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { dismissalFieldsJson, type DismissalRow } from '../../db/repositories/dismissals.ts';
import type { User } from '../../db/repositories/users.ts';
import { DISMISSAL_KINDS } from '../dismissals/file.ts';
import { HttpError } from '../plugins/errors.ts';
import { teamWrite } from '../plugins/team-writes.ts';
import { errorResponses, LocaleParam, writeErrorResponses } from './schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Kind = Type.Union(
  DISMISSAL_KINDS.map((k) => Type.Literal(k)),
  { description: 'false-alarm: the check is wrong here; wont-fix: right, but stays; later: right, fixed another time' },
);
const FingerprintParams = Type.Object({ fingerprint: Type.String({ pattern: '^[0-9a-f]{24}$', description: "The finding's fingerprint" }) });
const DismissBody = Type.Object(
  { kind: Kind, reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Why (required)' }) },
  { additionalProperties: false },
);
export const DismissalView = Type.Object({
  fingerprint: Type.String(),
  locale: Type.String(),
  key: Type.String(),
  check: Type.String(),
  kind: Kind,
  reason: Type.String(),
  by: Type.String(),
  /** team: dismissed through the API or CLI; file: the repository's .l10n-drift-dismissed.json. */
  source: Type.Union([Type.Literal('team'), Type.Literal('file')]),
  createdAt: Nullable(Type.String()),
  /** False once the finding's content changed (or it was resolved): it counts as open again. */
  applies: Type.Boolean(),
});
const DismissalsQuery = Type.Object({ locale: Type.Optional(LocaleParam) }, { additionalProperties: false });

function view(d: DismissalRow): Static<typeof DismissalView> {
  return {
    ...dismissalFieldsJson(d),
    source: d.source,
    createdAt: d.created_at,
    applies: d.applies,
  };
}

function signedIn(request: FastifyRequest): User {
  if (!request.user) throw new HttpError(401, 'This request changes data: send Authorization: Bearer <token>');
  return request.user;
}

const dismissalsRoutes: FastifyPluginAsync = async (app) => {
  const write = { security: [{ bearer: [] }] };

  /** The open finding, and the user's right to dismiss it: a translator only in their locales. */
  const mayDismiss = (user: User, fingerprint: string) => {
    const finding = app.repos.dismissals.openFinding(fingerprint);
    if (!finding) throw new HttpError(404, `No open finding ${fingerprint}`);
    if (user.role === 'translator' && !user.locales.includes(finding.locale)) {
      throw new HttpError(403, `${user.name} translates ${user.locales.join(', ') || 'no locale'}, not ${finding.locale}`);
    }
    return finding;
  };

  app.post<{ Params: Static<typeof FingerprintParams>; Body: Static<typeof DismissBody> }>(
    '/findings/:fingerprint/dismissal',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Dismiss an open finding (false alarm, won’t fix, later) with a reason; it comes back when its content changes',
        tags: ['findings'],
        ...write,
        params: FingerprintParams,
        body: DismissBody,
        response: { 201: DismissalView, ...writeErrorResponses },
      },
    },
    async (request, reply) => {
      const user = signedIn(request);
      const finding = mayDismiss(user, request.params.fingerprint);
      const reason = request.body.reason.trim();
      const row = await teamWrite(() =>
        app.repos.dismissals.dismiss(finding, { kind: request.body.kind, reason, userId: user.id, byName: user.name, now: app.now() }),
      );
      return reply.code(201).send(view(row));
    },
  );

  app.delete<{ Params: Static<typeof FingerprintParams> }>(
    '/findings/:fingerprint/dismissal',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Undo a dismissal: the finding counts as open again',
        tags: ['findings'],
        ...write,
        params: FingerprintParams,
        response: { 200: DismissalView, 409: errorResponses[400], ...writeErrorResponses },
      },
    },
    async (request) => {
      const user = signedIn(request);
      const { fingerprint } = request.params;
      const standing = app.repos.dismissals.standing(fingerprint);
      if (!standing) throw new HttpError(404, `Finding ${fingerprint} is not dismissed`);
      if (user.role === 'translator' && !user.locales.includes(standing.locale)) {
        throw new HttpError(403, `${user.name} translates ${user.locales.join(', ') || 'no locale'}, not ${standing.locale}`);
      }
      if (standing.source === 'file') {
        throw new HttpError(
          409,
          `Finding ${fingerprint} is dismissed in the repository's .l10n-drift-dismissed.json: remove its entry there (a reviewed change)`,
        );
      }
      await teamWrite(() => app.repos.dismissals.undo(fingerprint, user.name, app.now()));
      return { ...view(standing), applies: false };
    },
  );

  app.get<{ Querystring: Static<typeof DismissalsQuery> }>(
    '/dismissals',
    {
      schema: {
        summary: 'Standing dismissals (team and repository file), each saying whether it still applies',
        tags: ['findings'],
        querystring: DismissalsQuery,
        response: { 200: Type.Array(DismissalView), ...errorResponses },
      },
    },
    async (request) => app.repos.dismissals.list(request.query.locale).map(view),
  );
};

export default dismissalsRoutes;
