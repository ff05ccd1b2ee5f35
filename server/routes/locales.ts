import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { errorResponses, LocalesResponse, type LocaleSummary, type SeverityCounts } from './schemas.ts';

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
            totals: totals.get(c.locale) ?? zero(),
            trend: trend.get(c.locale) ?? [],
          };
        });
        return { sourceLocale: source, runId: perRun.runId, locales };
      }),
  );
};

export default localesRoutes;
