import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { ARTICLE_SORTS, type ArticlePageRow } from '../../db/repositories/articles.ts';
import type { DocumentRow, SectionRow } from '../../db/repositories/documents.ts';
import { displayTitle, variableLookup } from '../shared/display-title.ts';
import { alignDocuments, type AlignableDocument } from '../align/sections.ts';
import { HttpError } from '../plugins/errors.ts';
import { storedUrlOf } from '../layouts/stored-url.ts';
import { englishDiff } from '../history/diff.ts';
import { git } from '../history/git.ts';
import {
  AlignedSection,
  ArticleDetail,
  ParagraphView,
  SectionContent,
  SectionRow as SectionRowSchema,
  SectionRows,
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

/**
 * A page of rows: at most PAGE_ROWS, and no more than PAGE_BYTES of JSON once one row is in
 * (Kubernetes' pod-v1 has single sections of 100 KB, and word diffs of small sections that weigh
 * more than their text). The detail carries the first page; GET /api/article-sections gives the
 * page starting at `from` (cut at `limit` rows too), so the pages the dashboard asks for, from
 * `pageStarts`, are always the same answers (cache hits).
 */
export const PAGE_ROWS = 10;
export const PAGE_BYTES = 64 * 1024;

type RowView = Static<typeof SectionRowSchema>;
const rowBytes = new WeakMap<RowView, number>();
/** A row's size as sent (JSON characters), measured once per computed article. */
function weight(r: RowView): number {
  let w = rowBytes.get(r);
  if (w === undefined) rowBytes.set(r, (w = JSON.stringify(r).length));
  return w;
}

/** Rows from `from` that make one page (never empty when a row is left). */
export function pageLength(rows: readonly RowView[], from: number, limit = PAGE_ROWS): number {
  let bytes = 0;
  let n = 0;
  for (let i = from; i < rows.length && n < Math.min(limit, PAGE_ROWS); i++) {
    bytes += weight(rows[i]!);
    if (n > 0 && bytes > PAGE_BYTES) break;
    n++;
  }
  return n;
}

function pageStartsOf(rows: readonly RowView[]): number[] {
  const starts: number[] = [];
  for (let from = 0; from < rows.length; from += pageLength(rows, from)) starts.push(from);
  return starts;
}

const SectionsQuery = Type.Object(
  {
    from: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'First row (index into the alignment)' }),
    limit: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: PAGE_ROWS,
      description: `Rows at most (a page also stops at ${PAGE_BYTES} characters of JSON, and at ${PAGE_ROWS} rows)`,
    }),
  },
  { additionalProperties: false },
);

// Articles whose computed rows are kept (each as big as its answer): the ones translators have open.
const MAX_MODELS = 24;

interface ArticleModel {
  head: Omit<Static<typeof ArticleDetail>, 'sections' | 'claim'>;
  rows: Static<typeof SectionRowSchema>[];
}

/** A key's URL as the checks spell it (MDN: the stored `slug` of the live page at the key, English's first). */
function storedUrl(app: FastifyInstance, locale: string, key: string): string {
  const live = (l: string, k: string) => {
    const d = app.repos.documents.get(l, k);
    return d && d.deleted_run === null ? d.frontmatter_json : undefined;
  };
  return storedUrlOf(app.config.layout, key, locale, live);
}

function listRow(app: FastifyInstance, locale: string, r: ArticlePageRow): Static<typeof ArticleRow> {
  const checks: Record<string, number> = {};
  for (const [id, c] of r.checks) checks[id] = c.error + c.warning + c.info;
  return {
    locale,
    key: r.key,
    url: storedUrl(app, locale, r.key),
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
        summary:
          'One article: both sides, the section index (every aligned pair, flags, no text), the first rows of text, findings on their sections and lines, claim, history',
        tags: ['articles'],
        params: ArticleParams,
        response: { 200: ArticleDetail, ...errorResponses },
      },
    },
    async (request, reply) =>
      app.cachedRead(request, reply, async () => {
        const { locale } = request.params;
        const model = await articleModel(request.params['*'], locale, request.log);
        const claim = app.repos.claims.active(locale, model.head.key, app.now());
        return {
          ...model.head,
          sections: { from: 0, total: model.rows.length, rows: model.rows.slice(0, pageLength(model.rows, 0)) },
          claim: claim ? claimView(claim) : null,
        };
      }),
  );

  app.get<{ Params: Static<typeof ArticleParams>; Querystring: Static<typeof SectionsQuery> }>(
    '/article-sections/:locale/*',
    {
      config: { cached: true },
      schema: {
        summary:
          "Rows of an article's alignment with their text (both sections, their paragraphs, the English diff): what the article view loads as it scrolls",
        tags: ['articles'],
        params: ArticleParams,
        querystring: SectionsQuery,
        response: { 200: SectionRows, ...errorResponses },
      },
    },
    async (request, reply) =>
      app.cachedRead(request, reply, async () => {
        const { from, limit } = request.query;
        const model = await articleModel(request.params['*'], request.params.locale, request.log);
        if (from > 0 && from >= model.rows.length)
          throw new HttpError(
            400,
            `querystring.from: ${from} is past the last row of the article (it has ${model.rows.length} rows, 0 … ${model.rows.length - 1})`,
          );
        return { from, total: model.rows.length, rows: model.rows.slice(from, from + pageLength(model.rows, from, limit)) };
      }),
  );

  /**
   * An article as the detail and its section pages answer it, computed once per data version
   * (the alignment, the English diff and every row's text) and sliced per request, so a page
   * of sections costs a slice, not the whole article again.
   */
  const models = new Map<string, { version: string; model: Promise<ArticleModel> }>();
  function articleModel(key: string, locale: string, log: { warn(o: object, m: string): void }): Promise<ArticleModel> {
    const version = app.repos.articles.version();
    const id = `${locale}\0${key}`;
    const hit = models.get(id);
    if (hit && hit.version === version) {
      models.delete(id);
      models.set(id, hit);
      return hit.model;
    }
    // The promise is kept, so requests arriving while it computes share one computation; a failed one is not kept.
    const model = computeArticle(key, locale, log);
    model.catch(() => {
      if (models.get(id)?.model === model) models.delete(id);
    });
    models.delete(id);
    models.set(id, { version, model });
    for (const k of models.keys()) {
      if (models.size <= MAX_MODELS) break;
      models.delete(k);
    }
    return model;
  }

  async function computeArticle(key: string, locale: string, log: { warn(o: object, m: string): void }): Promise<ArticleModel> {
    const source = app.config.layout.sourceLocale;
    const { documents, articles } = app.repos;
    // The key is only ever a database lookup: nothing on disk is read for a request.
    const live = (d: DocumentRow | undefined) => (d && d.deleted_run === null ? d : undefined);
    const translation = locale === source ? undefined : live(documents.get(locale, key));
    // A translation under a key English moved away from is compared with the moved page, as the checks do.
    const englishKey = translation ? articles.englishKeyFor(source, key, translation.kind) : key;
    const english = englishKey === undefined ? undefined : live(documents.get(source, englishKey));
    if (!english && !translation) throw new HttpError(404, `No article "${key}" in ${locale} or ${source}`);

    const urlOf = (k: string) => storedUrl(app, locale, k);
    const englishVariables = variableLookup((k) => articles.variablesFiles(source).get(k));
    const localeVariables = variableLookup((k) => articles.variablesFiles(locale).get(k));
    const links = app.config.links;
    const fileUrl = (d: DocumentRow) => {
      const repo = d.locale === source ? links.sourceRepositoryUrl : links.repositoryUrl;
      return repo ? `${repo}/${d.path.split('/').map(encodeURIComponent).join('/')}` : null;
    };
    const englishSections = english ? documents.sections(english.id) : [];
    const translationSections = translation ? documents.sections(translation.id) : [];
    const side = (d: DocumentRow | undefined, sections: SectionRow[]): Static<typeof DocumentSide> | null =>
      d
        ? {
            path: d.path,
            title: d.title,
            titleText:
              d.title === null
                ? null
                : displayTitle(d.title, {
                    variable: d.locale === source ? englishVariables : (name) => localeVariables(name) ?? englishVariables(name),
                    version: app.config.layout.defaultVersion?.name,
                    versionAliases: app.config.layout.defaultVersion?.aliases,
                  }),
            fileUrl: fileUrl(d),
            frontmatter: d.frontmatter_json ? parseData(d.frontmatter_json) : null,
            sections: sections.map((s) => ({ ordinal: s.ordinal, level: s.level, heading: s.heading, anchor: s.anchor, line: s.line, endLine: s.end_line })),
          }
        : null;

    const latestRun = app.repos.runs.latestComplete()?.id ?? 0;
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
        log.warn({ err }, 'English diff failed; answering without it');
      }
    }
    const byOrdinal = new Map(englishSections.map((s) => [s.ordinal, s]));
    const trByOrdinal = new Map(translationSections.map((s) => [s.ordinal, s]));
    // The pairs the checks compared: the same alignment on the same parsed sections, links and references.
    const alignable = (d: DocumentRow | undefined, sections: AlignableDocument['sections']): AlignableDocument => ({
      sections,
      links: d ? documents.links(d.id) : [],
      liquid: d ? documents.liquidRefs(d.id) : [],
    });
    const paragraphsBySection = (d: DocumentRow | undefined) => {
      const out = new Map<number, Static<typeof ParagraphView>[]>();
      for (const p of d ? documents.paragraphs(d.id) : []) {
        const view = {
          ordinal: p.ordinal,
          section: p.section,
          kind: p.kind,
          line: p.line,
          endLine: p.end_line,
          text: p.text,
          lang: p.lang,
          confidence: p.confidence,
        };
        const list = out.get(p.section);
        if (list) list.push(view);
        else out.set(p.section, [view]);
      }
      return out;
    };
    const englishParagraphs = paragraphsBySection(english);
    const translationParagraphs = paragraphsBySection(translation);
    const content = (s: SectionRow | undefined, paragraphs: Map<number, Static<typeof ParagraphView>[]>): Static<typeof SectionContent> | null =>
      s
        ? {
            ordinal: s.ordinal,
            level: s.level,
            heading: s.heading,
            anchor: s.anchor,
            line: s.line,
            endLine: s.end_line,
            source: s.source,
            paragraphs: paragraphs.get(s.ordinal) ?? [],
          }
        : null;

    const alignment: Static<typeof AlignedSection>[] = [];
    const rows: Static<typeof SectionRowSchema>[] = [];
    alignDocuments(alignable(english, englishSections), alignable(translation, translationSections)).forEach((pair, row) => {
      const e = pair.english === null ? undefined : byOrdinal.get(pair.english);
      const diff = e ? (diffs?.get(e.ordinal) ?? null) : null;
      const isChanged = Boolean(e && staleData && (changed.has(String(e.ordinal)) || changed.has(e.anchor) || diff !== null));
      alignment.push({ english: pair.english, translation: pair.translation, certain: pair.certain, changed: isChanged });
      const t = pair.translation === null ? undefined : trByOrdinal.get(pair.translation);
      rows.push({ row, english: content(e, englishParagraphs), translation: content(t, translationParagraphs), diff });
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
    const stale = staleData ? articleStale(staleData) : null;
    return {
      head: {
        locale,
        key,
        url: urlOf(key),
        pageUrl: app.config.links.siteUrl ? app.config.links.siteUrl + urlOf(englishKey ?? key) : null,
        englishKey: english ? (englishKey ?? key) : null,
        english: side(english, englishSections),
        translation: side(translation, translationSections),
        alignment,
        pageStarts: pageStartsOf(rows),
        findings: open.map((f) => place(findingView(f, latestRun))),
        stale: stale ? { ...stale, baseSubject: await commitSubject(stale.baseSource, stale.baseRef) } : null,
        // Only a translation compared with English has a base; an English-only or orphaned page has none.
        base: translation && english ? articleBase(open, articles.baseKnown(locale, key)) : null,
        history: articles.historyOf(locale, key).map((f) => findingView(f, latestRun)),
      },
      rows,
    };
  }

  /** The subject line of a git base (a commit of the English source), read once per computed article; null when git does not have it. */
  async function commitSubject(source: string, ref: string | null): Promise<string | null> {
    if ((source !== 'git' && source !== 'sourceCommit') || !ref || !/^[0-9a-f]{7,64}$/i.test(ref)) return null;
    try {
      const subject = (await git(app.config.sourceRepository ?? app.config.root, ['log', '-1', '--format=%s', ref, '--'])).toString('utf8').trim();
      return subject || null;
    } catch {
      return null;
    }
  }
};

export default articlesRoutes;
