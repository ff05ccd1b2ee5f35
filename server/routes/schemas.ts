import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { COVERAGE_STATES } from '../coverage/model.ts';
import type { TypedFindingData } from '../shared/finding-data.ts';

/**
 * TypeBox schemas of the API's JSON. Each mirrors a type in web/src/lib/types.ts (the
 * contract the UI imports); test/api/contract.test.ts keeps the two equal at compile time.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Severity = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]);
export const FindingStatus = Type.Union([Type.Literal('new'), Type.Literal('open'), Type.Literal('resolved')]);
export const Role = Type.Union([Type.Literal('manager'), Type.Literal('translator')]);
export const ClaimStatus = Type.Union([Type.Literal('active'), Type.Literal('completed'), Type.Literal('released'), Type.Literal('expired')]);

/** Locale codes as the layouts name them (ja-JP, zh-CN, pt-BR, en). */
export const LocaleParam = Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$', maxLength: 35 });
/** Article keys are looked up in the database only; the pattern keeps control characters out. */
export const KeyParam = Type.String({ minLength: 0, maxLength: 1000, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });

export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
  },
  { additionalProperties: true },
);

export const SeverityCounts = Type.Object({ error: Type.Integer(), warning: Type.Integer(), info: Type.Integer() });

export const TrendPoint = Type.Object({ runId: Type.Integer(), finishedAt: Type.String(), open: Type.Integer(), upToDatePct: Type.Number() });

export const CoverageStateSchema = Type.Union(COVERAGE_STATES.map((s) => Type.Literal(s)));
export const DocumentKindSchema = Type.Union([Type.Literal('page'), Type.Literal('reusable'), Type.Literal('variables')]);

export const LocaleSummary = Type.Object({
  locale: Type.String(),
  source: Type.Boolean({ description: 'The English source row (its counts describe English itself)' }),
  documents: Type.Integer(),
  pages: Type.Integer(),
  reusables: Type.Integer(),
  variables: Type.Integer(),
  parseErrors: Type.Integer(),
  englishPages: Type.Integer({ description: 'English pages (content files only)' }),
  englishArticles: Type.Integer({ description: 'English articles of every kind (pages, reusables, variables files): translated + englishFallback + missing' }),
  translated: Type.Integer({ description: 'upToDate + stale + baseUnknown (list filter state=translated)' }),
  missing: Type.Integer(),
  upToDate: Type.Integer(),
  stale: Type.Integer(),
  baseUnknown: Type.Integer({ description: 'Translations with no stale finding and no base found: nobody knows whether English changed since' }),
  englishFallback: Type.Integer({ description: 'Translation files whose prose is mostly English' }),
  orphaned: Type.Integer(),
  leftover: Type.Integer({ description: 'Copies under a key English moved away from while the moved article is translated already' }),
  activeClaims: Type.Integer(),
  findings: Type.Record(Type.String(), SeverityCounts),
  articlesByCheck: Type.Record(Type.String(), Type.Integer(), { description: 'Articles with open findings per check (the list total under check=…)' }),
  words: Type.Object(
    {
      toTranslate: Type.Integer({ description: 'English words of the missing articles' }),
      changed: Type.Number({ description: 'English words changed since the base, over the stale articles' }),
      unknown: Type.Integer({ description: 'missing or stale articles whose words are not known' }),
    },
    { description: 'Translation effort of the locale: the sums of the list rows’ words' },
  ),
  cells: Type.Record(
    Type.String(),
    Type.Object({
      articles: Type.Integer({ description: 'articlesByCheck: against + englishToo + info' }),
      against: Type.Integer({ description: 'articles with an error or warning of the translation’s own' }),
      englishToo: Type.Integer({ description: 'articles whose findings English has too (finding data inEnglish): tell the English writers' }),
      info: Type.Integer({ description: 'articles with info findings only' }),
    }),
    { description: 'The heatmap cell per check: its articles split by what they say of the translation' },
  ),
  totals: SeverityCounts,
  trend: Type.Array(TrendPoint),
});

export const LocalesResponse = Type.Object({
  sourceLocale: Type.String(),
  runId: Nullable(Type.Integer()),
  locales: Type.Array(LocaleSummary),
});

export const CheckInfo = Type.Object({
  id: Type.String(),
  /** What people call it (column headers, filters). */
  name: Type.String(),
  /** The doc page's "What it flags", as plain text (the heatmap's header tooltip). */
  summary: Type.String(),
  severity: Severity,
  docs: Type.String(),
  page: Type.String(),
  /** False when the config or the site's layout turns it off everywhere. */
  enabled: Type.Boolean(),
  /** Why the layout turns it off (the config did not turn it on again), else null. */
  offReason: Nullable(Type.String()),
  /** Translation locales the config turns it off in (their cells are "not checked", never 0). */
  offIn: Type.Array(Type.String()),
});

export const ChecksResponse = Type.Object({ checks: Type.Array(CheckInfo) });

export const BaseSource = Type.Union([Type.Literal('sourceCommit'), Type.Literal('git'), Type.Literal('index'), Type.Literal('claim')]);

export const StaleSummary = Type.Object({
  commitsBehind: Nullable(Type.Integer()),
  daysBehind: Nullable(Type.Number()),
  changedSections: Type.Integer(),
  baseSource: BaseSource,
});

export const ClaimInfo = Type.Object({
  id: Type.Integer(),
  locale: Type.String(),
  key: Type.String(),
  userId: Type.Integer(),
  userName: Type.String(),
  status: ClaimStatus,
  claimedAt: Type.String(),
  expiresAt: Type.String(),
  closedAt: Nullable(Type.String()),
});

export const ArticleWords = Type.Object(
  {
    toTranslate: Nullable(Type.Integer({ description: "a missing page: its English words (missing-translation's data)" })),
    changed: Nullable(Type.Number({ description: "a stale translation: English words changed since its base (stale-translation's data)" })),
  },
  { description: 'Translation effort, counted once at check time (server/shared/word-count.ts); null: not known or not this state' },
);

export const ArticleRow = Type.Object({
  locale: Type.String(),
  key: Type.String(),
  url: Type.String(),
  englishTitle: Nullable(Type.String()),
  title: Nullable(Type.String()),
  kind: DocumentKindSchema,
  translated: Type.Boolean({ description: 'The locale has a file for the article' }),
  state: CoverageStateSchema,
  counts: SeverityCounts,
  checks: Type.Record(Type.String(), Type.Integer()),
  newFindings: Type.Integer(),
  stale: Nullable(StaleSummary),
  words: ArticleWords,
  claim: Nullable(ClaimInfo),
});

export const ArticlesResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  limit: Type.Integer(),
  rows: Type.Array(ArticleRow),
});

const FindingFields = Type.Object({
  id: Type.Integer(),
  fingerprint: Type.String(),
  locale: Type.String(),
  key: Type.String(),
  path: Nullable(Type.String()),
  severity: Severity,
  message: Type.String(),
  line: Nullable(Type.Integer()),
  section: Nullable(Type.Integer()),
  status: FindingStatus,
  firstRun: Type.Integer(),
  resolvedRun: Nullable(Type.Integer()),
  /** Open but dismissed (team or repository file): not counted as open. */
  dismissed: Type.Boolean(),
});

/**
 * A finding. Its `check`, `messageId` and `data` are typed together, a union discriminated by
 * check id, then message id (server/shared/finding-data.ts: FINDING_DATA holds each message's
 * data schema, and the checks are compiled against it). On the wire `data` is described as an
 * object: findings stored by an earlier release keep the data that release gave them, and the
 * response must still serialize them whole; test/api/finding-data.test.ts validates every finding
 * the API serves for the sample against its message's schema.
 */
export const FindingView = Type.Unsafe<Static<typeof FindingFields> & TypedFindingData>(
  Type.Object({
    ...FindingFields.properties,
    check: Type.String(),
    messageId: Type.String(),
    data: Type.Record(Type.String(), Type.Unknown(), {
      description: "What the check found, by check id and message id (the dashboard renders it): see each check's data in server/shared/finding-data.ts",
    }),
  }),
);

export const FindingsResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  limit: Type.Integer(),
  rows: Type.Array(FindingView),
});

/** Where a section sits in its file, without its text: the article's section index. */
export const SectionHead = Type.Object({
  ordinal: Type.Integer(),
  level: Type.Integer(),
  heading: Type.String(),
  anchor: Type.String(),
  line: Type.Integer(),
  endLine: Type.Integer(),
});

export const SectionView = Type.Object({
  ...SectionHead.properties,
  source: Type.String(),
});

export const ParagraphView = Type.Object({
  ordinal: Type.Integer(),
  section: Type.Integer(),
  kind: Type.String(),
  line: Type.Integer(),
  endLine: Type.Integer(),
  text: Type.String(),
  lang: Nullable(Type.String()),
  confidence: Type.Number(),
});

/** One side of an article without its text: the text comes per row of sections (SectionRows). */
export const DocumentSide = Type.Object({
  path: Type.String(),
  title: Nullable(Type.String()),
  /** The title as the site shows it: Liquid variables the index knows replaced by their value, comments and tags dropped (server/shared/display-title.ts, with the layout's default version). */
  titleText: Nullable(Type.String()),
  /** The file in its repository (layout or config `repositoryUrl`); null when neither knows the repository. */
  fileUrl: Nullable(Type.String()),
  frontmatter: Nullable(Type.Record(Type.String(), Type.Unknown())),
  sections: Type.Array(SectionHead),
});

export const DiffPart = Type.Object({ added: Type.Boolean(), removed: Type.Boolean(), value: Type.String() });

export const AlignedSection = Type.Object({
  english: Nullable(Type.Integer()),
  translation: Nullable(Type.Integer()),
  /** Both sides set and known to be the same section (server/align): the checks compared this pair on its own. */
  certain: Type.Boolean(),
  changed: Type.Boolean(),
});

/** A section with its text and the paragraphs the indexer found in it. */
export const SectionContent = Type.Object({
  ...SectionView.properties,
  paragraphs: Type.Array(ParagraphView),
});

/** The text of one aligned row (index `row` of the article's `alignment`). */
export const SectionRow = Type.Object({
  row: Type.Integer(),
  english: Nullable(SectionContent),
  translation: Nullable(SectionContent),
  /** Word diff of the English section from the translation's base to now, when it changed. */
  diff: Nullable(Type.Array(DiffPart)),
});

/** Rows `from` … `from + rows.length - 1` of an article's alignment, with their text; `total` rows in all. */
export const SectionRows = Type.Object({
  from: Type.Integer(),
  total: Type.Integer(),
  rows: Type.Array(SectionRow),
});

export const ArticleStale = Type.Intersect([
  StaleSummary,
  Type.Object({
    baseRef: Nullable(Type.String()),
    baseDate: Nullable(Type.String()),
    /** The base commit's subject line when the base is a commit git has (null otherwise). */
    baseSubject: Nullable(Type.String()),
    /** Content fields of the English frontmatter (title, short title, intro …) changed since the base. */
    changedFields: Type.Array(Type.String()),
  }),
]);

/**
 * Which English version the translation was made from, as the latest check run found it:
 * `unknown` with its reason (no git history, no or malformed sourceCommit, unknown commit,
 * before history) is neither up to date nor stale. Null when no translation or no check ran.
 */
export const ArticleBase = Type.Object({
  state: Type.Union([Type.Literal('known'), Type.Literal('unknown')]),
  reason: Nullable(Type.String()),
  source: Nullable(BaseSource),
  ref: Nullable(Type.String()),
});

export const ArticleDetail = Type.Object({
  locale: Type.String(),
  key: Type.String(),
  url: Type.String(),
  /** The live page on the site (layout or config `siteUrl`); null when neither knows the site. */
  pageUrl: Nullable(Type.String()),
  /** The key of the English page the translation is compared with: not `key` for a translation left at a moved page's old path. */
  englishKey: Nullable(Type.String()),
  english: Nullable(DocumentSide),
  translation: Nullable(DocumentSide),
  /** Every aligned row, without text: the section index. */
  alignment: Type.Array(AlignedSection),
  /** The first page of rows with their text; the others come from GET /api/article-sections/:locale/*?from=<a page start>. */
  sections: SectionRows,
  /** The first row of each page of rows (pages stop at 10 rows or 64 KB of JSON). */
  pageStarts: Type.Array(Type.Integer()),
  findings: Type.Array(FindingView),
  stale: Nullable(ArticleStale),
  base: Nullable(ArticleBase),
  claim: Nullable(ClaimInfo),
  /** Resolved findings of the article, newest first (at most 200; the open ones are `findings`). */
  history: Type.Array(FindingView),
});

export const Me = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Role,
  locales: Type.Array(Type.String()),
});

/** A claim in the claims list: with its article's titles as stored in the index (null when the document is not indexed). */
export const ClaimListItem = Type.Object({
  ...ClaimInfo.properties,
  title: Nullable(Type.String()),
  englishTitle: Nullable(Type.String()),
});

export const ClaimsResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  limit: Type.Integer(),
  rows: Type.Array(ClaimListItem),
});

/** One step of a claim's life. */
export const ClaimHistoryEvent = Type.Object({
  claimId: Type.Integer(),
  event: Type.Union([
    Type.Literal('claimed'),
    Type.Literal('renewed'),
    Type.Literal('released'),
    Type.Literal('completed'),
    Type.Literal('reassigned'),
    Type.Literal('expired'),
  ]),
  at: Type.String(),
  locale: Type.String(),
  key: Type.String(),
  title: Nullable(Type.String()),
  englishTitle: Nullable(Type.String()),
  /** Who did it; null for an expiry (the clock) and for steps recorded before the history kept authors. */
  by: Nullable(Type.String()),
  /** claimed: the claimant; expired: whose claim expired; reassigned: the holder before. */
  holder: Nullable(Type.String()),
  /** reassigned: the new holder. */
  to: Nullable(Type.String()),
  /** claimed, renewed: the expiry set; expired: when it expired. */
  expiresAt: Nullable(Type.String()),
});

export const ClaimHistoryResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  limit: Type.Integer(),
  rows: Type.Array(ClaimHistoryEvent),
});

/** A user a claim of the locale may be given to (a translator of it). */
export const Claimant = Type.Object({ name: Type.String(), locales: Type.Array(Type.String()) });
export const ClaimantsResponse = Type.Object({ users: Type.Array(Claimant) });

export const ClaimConflict = Type.Object({
  statusCode: Type.Literal(409),
  error: Type.String(),
  message: Type.String(),
  holder: Type.String(),
  claim: ClaimInfo,
});

export const ApiErrorBody = ErrorBody;
export const RunStarted = Type.Object({ runId: Type.Integer(), status: Type.Literal('running') });
export const RunBusy = Type.Object({ statusCode: Type.Literal(409), error: Type.String(), message: Type.String(), runningRunId: Type.Integer() });

/** The error answers every route may give, documented once. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  413: ErrorBody,
  /** The Host header names another site (server.allowedHosts). */
  421: ErrorBody,
  429: ErrorBody,
};

/** Writes to users and claims may answer 503 with Retry-After when another write keeps the team file busy. */
export const writeErrorResponses = { ...errorResponses, 503: ErrorBody };

/** Page/limit paging shared by the lists; limit is capped so one request stays cheap. */
export const Paging = {
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};
