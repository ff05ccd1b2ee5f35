import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { filePatch } from '../fix/patch.ts';
import { planFixes } from '../fix/plan.ts';
import { HttpError } from '../plugins/errors.ts';
import { errorResponses, KeyParam, LocaleParam } from './schemas.ts';

const FixQuery = Type.Object(
  {
    locale: LocaleParam,
    key: Type.String({ ...KeyParam, minLength: 1, description: "The article's key as the article route takes it (no leading slash)" }),
  },
  { additionalProperties: false },
);
type FixQuery = Static<typeof FixQuery>;

const FixPatch = {
  description:
    'The mechanical fixes of one translation (l10n-drift fix for this article) as a git patch to `git apply` at the translations’ root; empty when it has none. ' +
    'Headers: x-fixes-fixed (findings the patch fixes), x-fixes-skipped (mechanical ones it cannot fix: conflicts, a file changed since the index).',
  content: { 'text/x-diff': { schema: Type.String() } },
};

const fixRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: FixQuery }>(
    '/fix.patch',
    {
      schema: {
        summary: "One article's suggested fixes (links, redirects, frontmatter English fixes, heading levels, moves) as a git patch",
        tags: ['articles'],
        querystring: FixQuery,
        response: { 200: FixPatch, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { locale, key } = request.query;
      if (locale === app.config.layout.sourceLocale) throw new HttpError(400, `locale: ${locale} is the source locale; fixes are made to translations`);
      const doc = app.repos.documents.get(locale, key);
      if (!doc || doc.deleted_run !== null) throw new HttpError(404, `No ${locale} translation "${key}"`);
      const plan = planFixes(app.db, app.config, { locales: [locale], keys: [key] });
      const fixed = plan.files.reduce((n, f) => n + f.fixed.length, 0);
      const name = `${locale}-${key.replace(/[^\w.-]+/g, '-').slice(-80)}.fix.patch`;
      reply.header('content-type', 'text/x-diff; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${name}"`);
      reply.header('cache-control', 'no-cache');
      reply.header('x-fixes-fixed', String(fixed));
      reply.header('x-fixes-skipped', String(plan.skipped.length));
      return reply.send(plan.files.map(filePatch).join(''));
    },
  );
};

export default fixRoutes;
