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
    async (request, reply) => app.cachedRead(request, reply, () => {
      const source = app.config.layout.sourceLocale;
      const { documents, articles, claims, runs } = app.repos;
      // Everything but claims changes only with a run: computed once per run, not per request.
      const perRun = articles.cached('locales', () => {
        const englishPages = articles.englishPages(source);
        const coverage = new Map(articles.coverage(source).map((c) => [c.locale, c]));
        const stale = articles.staleByLocale();
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
          // Coverage of past runs is measured against today's English page count (not stored per run).
          const upToDate = Math.max(0, englishPages - t.missing - t.stale);
          list.push({ runId: t.run_id, finishedAt: t.finished_at, open: t.open, upToDatePct: englishPages ? Math.round((1000 * upToDate) / englishPages) / 10 : 0 });
        }
        return { englishPages, coverage, stale, findings, totals, trend, counts: documents.localeCounts(), runId: runs.latestComplete()?.id ?? null };
      });
      const { englishPages, coverage, stale, findings, totals, trend } = perRun;
      const activeClaims = claims.activeCountByLocale(app.now());
      const locales = perRun.counts.map((c): Static<typeof LocaleSummary> => {
        const isSource = c.locale === source;
        const cov = coverage.get(c.locale);
        const translated = isSource ? englishPages : (cov?.translated ?? 0);
        const staleCount = isSource ? 0 : (stale.get(c.locale) ?? 0);
        return {
          locale: c.locale,
          source: isSource,
          documents: c.documents,
          pages: c.pages,
          reusables: c.reusables,
          variables: c.variables,
          parseErrors: c.parse_errors,
          englishPages,
          translated,
          missing: englishPages - translated,
          upToDate: Math.max(0, translated - staleCount),
          stale: staleCount,
          orphaned: isSource ? 0 : (cov?.orphaned ?? 0),
          activeClaims: activeClaims.get(c.locale) ?? 0,
          findings: findings.get(c.locale) ?? {},
          totals: totals.get(c.locale) ?? zero(),
          trend: trend.get(c.locale) ?? [],
        };
      });
      return { sourceLocale: source, runId: perRun.runId, locales };
    }),
  );
};

export default localesRoutes;
