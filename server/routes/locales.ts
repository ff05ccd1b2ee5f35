import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { folderListing } from '../coverage/folders.ts';
import { HttpError } from '../plugins/errors.ts';
import { errorResponses, LocaleParam, LocalesResponse, type LocaleSummary, type SeverityCounts } from './schemas.ts';

const Counts = Type.Object({
  englishArticles: Type.Integer(),
  translated: Type.Integer({ description: 'up to date + stale + base unknown' }),
  upToDate: Type.Integer(),
  stale: Type.Integer(),
  baseUnknown: Type.Integer(),
  englishFallback: Type.Integer(),
  missing: Type.Integer(),
  orphaned: Type.Integer(),
  leftover: Type.Integer(),
});
const Folder = Type.Object({
  path: Type.String({ description: "segments joined with '/'; '' is the whole site" }),
  name: Type.String(),
  counts: Counts,
  words: Type.Object(
    { toTranslate: Type.Integer(), changed: Type.Number(), unknown: Type.Integer() },
    { description: 'the sums of its articles’ words, as the overview’s' },
  ),
  folders: Type.Integer({ description: 'subfolders directly inside' }),
  articles: Type.Integer({ description: 'articles directly inside' }),
});
export const FoldersResponse = Type.Object({ locale: Type.String(), folder: Folder, children: Type.Array(Folder) });
const FoldersParams = Type.Object({ locale: LocaleParam });
const FoldersQuery = Type.Object(
  { folder: Type.String({ default: '', maxLength: 1000, description: "a folder of page keys ('admin/configuration'), '' for the top" }) },
  { additionalProperties: false },
);

export { LocaleSummary } from './schemas.ts';

/** Runs shown in each locale's trend sparkline. */
const TREND_RUNS = 30;

const zero = (): Static<typeof SeverityCounts> => ({ error: 0, warning: 0, info: 0 });

const localesRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/locales',
    {
      config: { cached: true },
      schema: {
        summary: 'Per-locale coverage, staleness, open findings per check and severity, active claims and trend',
        tags: ['locales'],
        response: { 200: LocalesResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      app.cachedRead(request, reply, () => {
        const source = app.config.layout.sourceLocale;
        const { documents, articles, claims, runs } = app.repos;
        // Everything but claims changes only with a run: computed once per run, not per request.
        const perRun = articles.cached('locales', () => {
          const latestRun = runs.latestComplete()?.id ?? 0;
          // The same rows the article list filters (ArticlesRepository.localeArticles): each count is a list total.
          const coverage = articles.localeCoverage(source, latestRun);
          const counts = documents.localeCounts();
          const englishPages = counts.find((c) => c.locale === source)?.pages ?? 0;
          const englishArticles = coverage.get(source)?.counts.englishArticles ?? 0;
          const findings = new Map<string, Record<string, Static<typeof SeverityCounts>>>();
          const totals = new Map<string, Static<typeof SeverityCounts>>();
          for (const c of articles.openCounts()) {
            const perCheck = findings.get(c.locale) ?? {};
            findings.set(c.locale, perCheck);
            (perCheck[c.check_id] ??= zero())[c.severity] += c.count;
            const total = totals.get(c.locale) ?? zero();
            totals.set(c.locale, total);
            total[c.severity] += c.count;
          }
          const trend = new Map<string, Static<typeof LocaleSummary>['trend']>();
          for (const t of articles.trend(TREND_RUNS)) {
            const list = trend.get(t.locale) ?? [];
            trend.set(t.locale, list);
            // Coverage of past runs is measured against today's English article count (not stored per run).
            const upToDate = Math.max(0, englishArticles - t.missing - t.stale);
            list.push({
              runId: t.run_id,
              finishedAt: t.finished_at,
              open: t.open,
              upToDatePct: englishArticles ? Math.round((1000 * upToDate) / englishArticles) / 10 : 0,
            });
          }
          return { englishPages, englishArticles, coverage, findings, totals, trend, counts, runId: runs.latestComplete()?.id ?? null };
        });
        const { englishPages, englishArticles, coverage, findings, totals, trend } = perRun;
        const activeClaims = claims.activeCountByLocale(app.now());
        const locales = perRun.counts.map((c): Static<typeof LocaleSummary> => {
          const cov = coverage.get(c.locale);
          const n = cov?.counts;
          return {
            locale: c.locale,
            source: c.locale === source,
            documents: c.documents,
            pages: c.pages,
            reusables: c.reusables,
            variables: c.variables,
            parseErrors: c.parse_errors,
            englishPages,
            englishArticles,
            translated: n?.translated ?? 0,
            missing: n?.missing ?? 0,
            upToDate: n?.upToDate ?? 0,
            stale: n?.stale ?? 0,
            baseUnknown: n?.baseUnknown ?? 0,
            englishFallback: n?.englishFallback ?? 0,
            orphaned: n?.orphaned ?? 0,
            leftover: n?.leftover ?? 0,
            activeClaims: activeClaims.get(c.locale) ?? 0,
            findings: findings.get(c.locale) ?? {},
            articlesByCheck: cov?.articlesByCheck ?? {},
            cells: cov?.cells ?? {},
            words: cov?.words ?? { toTranslate: 0, changed: 0, unknown: 0 },
            totals: totals.get(c.locale) ?? zero(),
            trend: trend.get(c.locale) ?? [],
          };
        });
        return { sourceLocale: source, runId: perRun.runId, locales };
      }),
  );

  app.get<{ Params: Static<typeof FoldersParams>; Querystring: Static<typeof FoldersQuery> }>(
    '/locales/:locale/folders',
    {
      config: { cached: true },
      schema: {
        summary: "Per-folder progress of a locale: a folder's coverage counts and its subfolders' (expand one level at a time)",
        tags: ['locales'],
        params: FoldersParams,
        querystring: FoldersQuery,
        response: { 200: FoldersResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      app.cachedRead(request, reply, () => {
        const { locale } = request.params;
        const folder = request.query.folder.replace(/^\/+|\/+$/g, '');
        if (locale === app.config.layout.sourceLocale)
          throw new HttpError(400, `params.locale: ${locale} is the source locale; progress is per translation locale`);
        const latestRun = app.repos.runs.latestComplete()?.id ?? 0;
        // The locale's list rows (the coverage model's), so every count equals the list's and the overview's.
        const rows = app.repos.articles.localeArticles(app.config.layout.sourceLocale, locale, latestRun);
        const listing = app.repos.articles.cached(`folders\0${locale}\0${folder}`, () => folderListing(rows, folder));
        if (!listing) throw new HttpError(404, `querystring.folder: no article of ${locale} is under "${folder}"`);
        return { locale, ...listing };
      }),
  );
};

export default localesRoutes;
