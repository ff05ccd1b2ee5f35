import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ARTICLE_SORTS, type ArticlePageRow } from '../../db/repositories/articles.ts';
import type { DocumentRow } from '../../db/repositories/documents.ts';
import { alignDocuments, type AlignableDocument } from '../align/sections.ts';
import { HttpError } from '../plugins/errors.ts';
import { englishDiff } from '../history/diff.ts';
import {
  ArticleDetail,
  ArticlesResponse,
  CoverageStateSchema,
  DocumentSide,
  errorResponses,
  KeyParam,
  LocaleParam,
  Paging,
  Severity,
  type ArticleRow,
  type FindingView,
} from './schemas.ts';
import { articleBase, articleStale, changedSectionList, claimView, findingView, parseData, staleSummary } from './views.ts';

export const CheckId = Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' });
export const StatusFilter = Type.Union([Type.Literal('new'), Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')]);
export const Order = Type.Union([Type.Literal('asc'), Type.Literal('desc')]);

const ArticlesQuery = Type.Object(
  {
    locale: LocaleParam,
    check: Type.Optional(CheckId),
    severity: Type.Optional(Severity),
    status: Type.Optional(StatusFilter),
    stale: Type.Optional(Type.Boolean()),
    claimed: Type.Optional(Type.Boolean()),
    translated: Type.Optional(Type.Boolean({ description: 'The locale has a file for the article' })),
    state: Type.Optional(
      Type.Union([CoverageStateSchema, Type.Literal('translated')], {
        description: "The coverage state (server/coverage/model.ts); 'translated' = up-to-date, stale or base-unknown",
      }),
    ),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Searches the key and both titles' })),
    sort: Type.Union(
      ARTICLE_SORTS.map((s) => Type.Literal(s)),
      { default: 'key' },
    ),
    order: Type.Optional(Order),
    ...Paging,
  },
  { additionalProperties: false },
);
type ArticlesQuery = Static<typeof ArticlesQuery>;

// Counts and staleness read best largest-first; names alphabetically.
const DESC_BY_DEFAULT = new Set(['translated', 'errors', 'warnings', 'infos', 'findings', 'new', 'stale']);

const ArticleParams = Type.Object({ locale: LocaleParam, '*': KeyParam });

function listRow(app: { config: { layout: { urlOf(key: string): string } } }, locale: string, r: ArticlePageRow): Static<typeof ArticleRow> {
  const checks: Record<string, number> = {};
  for (const [id, c] of r.checks) checks[id] = c.error + c.warning + c.info;
  return {
    locale,
    key: r.key,
    url: app.config.layout.urlOf(r.key),
    englishTitle: r.english_title,
    title: r.title,
    kind: r.kind,
    translated: r.translated,
    state: r.state,
    counts: { error: r.errors, warning: r.warnings, info: r.infos },
    checks,
    newFindings: r.new_findings,
    stale: r.stale_json ? staleSummary(parseData(r.stale_json)) : null,
    words: r.words,
    claim: r.claim
      ? {
          id: r.claim.id,
          locale,
          key: r.key,
          userId: r.claim.user_id,
          userName: r.claim.user_name,
          status: 'active',
          claimedAt: r.claim.claimed_at,
          expiresAt: r.claim.expires_at,
          closedAt: null,
        }
      : null,
  };
}

const articlesRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: ArticlesQuery }>(
    '/articles',
    {
      config: { cached: true },
      schema: {
        summary: "A locale's articles with open findings, staleness and claims; filter, search, sort, page",
        tags: ['articles'],
        querystring: ArticlesQuery,
        response: { 200: ArticlesResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      app.cachedRead(request, reply, () => {
        const q = request.query;
        const desc = q.order ? q.order === 'desc' : DESC_BY_DEFAULT.has(q.sort);
        const { total, rows } = app.repos.articles.list({
          sourceLocale: app.config.layout.sourceLocale,
          locale: q.locale,
          check: q.check,
          severity: q.severity,
          status: q.status,
          stale: q.stale,
          claimed: q.claimed,
          translated: q.translated,
          state: q.state,
          q: q.q?.trim() || undefined,
          sort: q.sort,
          desc,
          limit: q.limit,
          offset: (q.page - 1) * q.limit,
          now: app.now(),
          latestRun: app.repos.runs.latestComplete()?.id ?? 0,
        });
        return { total, page: q.page, limit: q.limit, rows: rows.map((r) => listRow(app, q.locale, r)) };
      }),
  );

  app.get<{ Params: Static<typeof ArticleParams> }>(
    '/articles/:locale/*',
    {
      config: { cached: true },
      schema: {
        summary: 'One article: both sides, sections aligned, findings on their sections and lines, English diff, claim, history',
        tags: ['articles'],
        params: ArticleParams,
        response: { 200: ArticleDetail, ...errorResponses },
      },
    },
    async (request, reply) =>
      app.cachedRead(request, reply, async () => {
        const { locale } = request.params;
        const key = request.params['*'];
        const source = app.config.layout.sourceLocale;
        const { documents, articles, claims, runs } = app.repos;
        // The key is only ever a database lookup: nothing on disk is read for a request.
        const live = (d: DocumentRow | undefined) => (d && d.deleted_run === null ? d : undefined);
        const translation = locale === source ? undefined : live(documents.get(locale, key));
        // A translation under a key English moved away from is compared with the moved page, as the checks do.
        const englishKey = translation ? articles.englishKeyFor(source, key, translation.kind) : key;
        const english = englishKey === undefined ? undefined : live(documents.get(source, englishKey));
        if (!english && !translation) throw new HttpError(404, `No article "${key}" in ${locale} or ${source}`);

        const side = (d: DocumentRow | undefined): Static<typeof DocumentSide> | null =>
          d
            ? {
                path: d.path,
                title: d.title,
                frontmatter: d.frontmatter_json ? parseData(d.frontmatter_json) : null,
                sections: documents.sections(d.id).map((s) => ({
                  ordinal: s.ordinal,
                  level: s.level,
                  heading: s.heading,
                  anchor: s.anchor,
                  line: s.line,
                  endLine: s.end_line,
                  source: s.source,
                })),
                paragraphs: documents.paragraphs(d.id).map((p) => ({
                  ordinal: p.ordinal,
                  section: p.section,
                  kind: p.kind,
                  line: p.line,
                  endLine: p.end_line,
                  text: p.text,
                  lang: p.lang,
                  confidence: p.confidence,
                })),
              }
            : null;
        const englishSections = english ? documents.sections(english.id) : [];
        const translationSections = translation ? documents.sections(translation.id) : [];

        const latestRun = runs.latestComplete()?.id ?? 0;
        const open = articles.openFindingsOf(locale, key);
        const staleRow = open.find((f) => f.check_id === 'stale-translation');
        const staleData = staleRow ? parseData(staleRow.data_json) : null;

        // Which English sections changed since the base: by ordinal, anchor or {ordinal|anchor} entries.
        const changed = new Set<string>();
        for (const c of staleData ? changedSectionList(staleData) : []) {
          if (typeof c === 'number' || typeof c === 'string') changed.add(String(c));
          else if (c && typeof c === 'object') {
            const o = c as { ordinal?: unknown; anchor?: unknown };
            if (o.ordinal !== undefined) changed.add(String(o.ordinal));
            if (typeof o.anchor === 'string') changed.add(o.anchor);
          }
        }
        let diffs: Awaited<ReturnType<typeof englishDiff>> = null;
        if (staleData && english) {
          try {
            diffs = await englishDiff(app.db, app.config, locale, key);
          } catch (err) {
            request.log.warn({ err }, 'English diff failed; answering without it');
          }
        }
        const byOrdinal = new Map(englishSections.map((s) => [s.ordinal, s]));
        // The pairs the checks compared: the same alignment on the same parsed sections, links and references.
        const alignable = (d: DocumentRow | undefined, sections: AlignableDocument['sections']): AlignableDocument => ({
          sections,
          links: d ? documents.links(d.id) : [],
          liquid: d ? documents.liquidRefs(d.id) : [],
        });
        const alignment = alignDocuments(alignable(english, englishSections), alignable(translation, translationSections)).map((pair) => {
          const e = pair.english === null ? undefined : byOrdinal.get(pair.english);
          const diff = e ? (diffs?.get(e.ordinal) ?? null) : null;
          const isChanged = Boolean(e && staleData && (changed.has(String(e.ordinal)) || changed.has(e.anchor) || diff !== null));
          return { english: pair.english, translation: pair.translation, certain: pair.certain, changed: isChanged, diff };
        });

        // Findings without a section get the one their line falls in (translation side when there is one).
        const placeOn = translation ? translationSections : englishSections;
        const place = (f: Static<typeof FindingView>) => {
          if (f.section === null && f.line !== null) {
            const s = placeOn.find((x) => f.line! >= x.line && f.line! <= x.end_line);
            if (s) f.section = s.ordinal;
          }
          return f;
        };
        const claim = claims.active(locale, key, app.now());
        return {
          locale,
          key,
          url: app.config.layout.urlOf(key),
          english: side(english),
          translation: side(translation),
          alignment,
          findings: open.map((f) => place(findingView(f, latestRun))),
          stale: staleData ? articleStale(staleData) : null,
          // Only a translation compared with English has a base; an English-only or orphaned page has none.
          base: translation && english ? articleBase(open, articles.baseKnown(locale, key)) : null,
          claim: claim ? claimView(claim) : null,
          history: articles.historyOf(locale, key).map((f) => findingView(f, latestRun)),
        };
      }),
  );
};

export default articlesRoutes;
