import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../plugins/errors.ts';
import { badgeSvg } from '../status/badge.ts';
import { errorResponses, LocaleParam } from './schemas.ts';

const BadgeParams = Type.Object({ locale: LocaleParam }, { additionalProperties: false });

const badgesRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: Static<typeof BadgeParams> }>(
    '/badges/:locale.svg',
    {
      schema: {
        summary: "A locale's status badge (SVG): the up-to-date share of English articles, from the coverage model",
        tags: ['locales'],
        params: BadgeParams,
        response: {
          200: { description: 'The badge', content: { 'image/svg+xml': { schema: Type.String({ description: 'SVG image' }) } } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const source = app.config.layout.sourceLocale;
      const { locale } = request.params;
      if (locale === source) throw new HttpError(400, `params.locale: "${locale}" is the source locale; badges are for translation locales`);
      const latestRun = app.repos.runs.latestComplete()?.id ?? 0;
      const counts = app.repos.articles.localeCoverage(source, latestRun).get(locale)?.counts;
      reply.header('content-type', 'image/svg+xml; charset=utf-8');
      // Badges are embedded in other sites' pages: short-lived, so a new run shows soon.
      reply.header('cache-control', 'max-age=300');
      return reply.send(badgeSvg(locale, counts?.upToDate ?? 0, latestRun === 0 ? 0 : (counts?.englishArticles ?? 0)));
    },
  );
};

export default badgesRoutes;
