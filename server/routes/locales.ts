import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';

export const LocaleSummary = Type.Object({
  locale: Type.String(),
  source: Type.Boolean({ description: 'The English source locale' }),
  documents: Type.Integer(),
  pages: Type.Integer(),
  reusables: Type.Integer(),
  variables: Type.Integer(),
  parseErrors: Type.Integer(),
});

const LocalesResponse = Type.Object({
  sourceLocale: Type.String(),
  runId: Type.Union([Type.Integer(), Type.Null()]),
  locales: Type.Array(LocaleSummary),
});

const localesRoutes: FastifyPluginAsync = async (app) => {
  app.get('/locales', { schema: { response: { 200: LocalesResponse } } }, async () => {
    const source = app.config.layout.sourceLocale;
    const counts = app.repos.documents.localeCounts();
    return {
      sourceLocale: source,
      runId: app.repos.runs.latestComplete()?.id ?? null,
      locales: counts.map((c) => ({
        locale: c.locale,
        source: c.locale === source,
        documents: c.documents,
        pages: c.pages,
        reusables: c.reusables,
        variables: c.variables,
        parseErrors: c.parse_errors,
      })),
    };
  });
};

export default localesRoutes;
