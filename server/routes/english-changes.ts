import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { englishChanges } from '../history/diff.ts';
import { HttpError } from '../plugins/errors.ts';
import { errorResponses, KeyParam, LocaleParam } from './schemas.ts';

const EnglishChangesQuery = Type.Object(
  {
    locale: LocaleParam,
    key: Type.String({ ...KeyParam, minLength: 1, description: "The article's key as the article route takes it (no leading slash)" }),
  },
  { additionalProperties: false },
);
type EnglishChangesQuery = Static<typeof EnglishChangesQuery>;

const Commit = Type.Object(
  {
    ref: Type.String({ description: 'Commit sha' }),
    subject: Type.String(),
    cosmetic: Type.Literal(true, { description: 'Marked "no translation update needed" by the writer (config `history`)' }),
  },
  { additionalProperties: false },
);

export const EnglishChanges = Type.Object(
  {
    locale: Type.String(),
    key: Type.String(),
    /** Null: no English version can be named as the one translated. */
    base: Type.Union([
      Type.Object(
        {
          source: Type.String(),
          ref: Type.Union([Type.String(), Type.Null()]),
          date: Type.Union([Type.String(), Type.Null()]),
          commitsBehind: Type.Union([Type.Integer(), Type.Null()], {
            description: 'English changes a translator has to make since the base (cosmetic commits not counted)',
          }),
          state: Type.Union([Type.Literal('known'), Type.Literal('unknown')], {
            description: '`unknown`: no English version can be named as the one translated (`reason` says why)',
          }),
          reason: Type.Optional(Type.String({ description: 'Why the base is unknown (the base-unknown check names the same reasons)' })),
          problem: Type.Optional(Type.String({ description: 'Why the base is unusable, when it is (e.g. a sourceCommit git does not know)' })),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    stale: Type.Union([Type.Boolean(), Type.Null()], {
      description: 'English changed since the base in a way the translation has to follow; null when that cannot be told (no base, or an unknown one)',
    }),
    commits: Type.Array(Commit, { description: 'English commits since the base that writers marked cosmetic, newest first' }),
  },
  { additionalProperties: false },
);

/**
 * What changed in English since a translation's base, as `l10n-drift diff` says it (the same
 * englishChanges): the commits the writers marked cosmetic, which the stale count leaves out.
 */
const englishChangesRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: EnglishChangesQuery }>(
    '/english-changes',
    {
      schema: {
        summary: "English changes since a translation's base: the commits writers marked cosmetic (no translation update needed) and the count of the others",
        tags: ['articles'],
        querystring: EnglishChangesQuery,
        response: { 200: EnglishChanges, ...errorResponses },
      },
    },
    async (request) => {
      const { locale, key } = request.query;
      if (locale === app.config.layout.sourceLocale)
        throw new HttpError(400, `locale: ${locale} is the source locale; English changes are told for translations`);
      const diff = await englishChanges(app.db, app.config, locale, key);
      if (!diff) throw new HttpError(404, `No English page and ${locale} translation under the key "${key}"`);
      const b = diff.base;
      return {
        locale,
        key,
        base: b
          ? {
              source: b.source,
              ref: b.ref,
              date: b.date,
              commitsBehind: b.commitsBehind,
              state: b.baseState,
              ...(b.reason ? { reason: b.reason } : {}),
              ...(b.problem ? { problem: b.problem } : {}),
            }
          : null,
        stale: diff.stale,
        commits: (b?.cosmetic ?? []).map((c) => ({ ref: c.ref, subject: c.subject, cosmetic: true as const })),
      };
    },
  );
};

export default englishChangesRoutes;
