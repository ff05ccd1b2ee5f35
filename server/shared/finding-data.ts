import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';

/**
 * What each check's findings carry as `data`, by check id and message id: defined once here,
 * checked at compile time in each check (server/checks/define.ts: defineCheck), served by the
 * API (server/routes/schemas.ts) and read by the dashboard (web/src/lib/types.ts), which renders
 * what a finding says and keeps no check rule of its own. The data also fills the message's
 * {{placeholders}}. A data object holds exactly the keys listed (additionalProperties: false), so
 * a check that adds a key must say so here; test/api/finding-data.test.ts validates every finding
 * of the sample against these schemas.
 */

const data = <P extends TProperties>(properties: P): TObject<P> => Type.Object(properties, { additionalProperties: false });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const BaseSource = Type.Union([Type.Literal('sourceCommit'), Type.Literal('git'), Type.Literal('index'), Type.Literal('claim')]);
const BaseReason = Type.Union(
  (
    [
      'no-git-history',
      'not-committed',
      'no-source-commit',
      'no-source-repository',
      'malformed-source-commit',
      'unknown-commit',
      'before-history',
      'data-file',
    ] as const
  ).map((r) => Type.Literal(r)),
);

/** What every stale-translation and base-unknown finding says about the base (stale-translation.ts: baseData). */
const baseProperties = {
  baseSource: BaseSource,
  baseRef: Nullable(Type.String()),
  baseDate: Nullable(Type.String()),
  commitsBehind: Nullable(Type.Number()),
  daysBehind: Nullable(Type.Number()),
  baseState: Type.Union([Type.Literal('known'), Type.Literal('unknown')]),
  baseReason: Nullable(BaseReason),
  uncommitted: Type.Boolean(),
};

/** An English section that changed since the base (server/history/compare.ts: SectionChange). */
const SectionChange = Type.Object({
  status: Type.Union([Type.Literal('changed'), Type.Literal('added'), Type.Literal('removed')]),
  kinds: Type.Array(Type.String()),
  baseOrdinal: Nullable(Type.Integer()),
  ordinal: Nullable(Type.Integer()),
  heading: Type.String(),
  anchor: Type.String(),
  level: Type.Integer(),
  wordsChanged: Type.Number(),
});
/** A content field of the English frontmatter that changed since the base (server/history/fields.ts: FieldChange). */
const FieldChange = Type.Object({ field: Type.String(), before: Nullable(Type.String()), after: Nullable(Type.String()) });

const parseErrorData = data({ code: Type.String(), detail: Type.String() });
const duplicateData = data({ code: Type.String(), key: Type.String(), other: Type.String(), detail: Type.String() });
const paragraphData = data({ excerpt: Type.String(), text: Type.String(), kind: Type.String() });
const linkData = data({ from: Type.String(), text: Type.String(), inEnglish: Type.Boolean() });
const outdatedData = data({ from: Type.String(), suggestion: Type.String(), text: Type.String(), inEnglish: Type.Boolean() });
const movedData = data({ from: Type.String(), suggestion: Type.String(), suggestionKey: Type.String(), suggestionPath: Type.String() });
const formerKeyData = data({
  from: Type.String(),
  former: Type.String(),
  suggestion: Type.String(),
  suggestionKey: Type.String(),
  suggestionPath: Type.String(),
});
const macroData = data({ macro: Type.String(), expected: Type.Integer(), actual: Type.Integer() });
const liquidRefData = data({ name: Type.String(), kind: Type.String(), englishLine: Type.Integer() });
const liquidExtraData = data({ name: Type.String(), kind: Type.String(), normalized: Type.Optional(Type.String()) });
const unknownNameData = data({ name: Type.String(), suggestion: Nullable(Type.String()), suggestionNote: Type.String() });
const stepsData = <T extends TSchema>(value: T) => data({ heading: Type.String(), actual: value, expected: value });
const staleData = data({
  ...baseProperties,
  changedSections: Type.Array(Type.String()),
  changedCount: Type.Integer(),
  wordsChanged: Type.Number(),
  sections: Type.Array(SectionChange),
  fields: Type.Array(FieldChange),
  changedFields: Type.Array(Type.String()),
});

export const FINDING_DATA = {
  'parse-error': {
    yaml: parseErrorData,
    encoding: parseErrorData,
    binary: parseErrorData,
    size: parseErrorData,
    limits: parseErrorData,
    unreadable: parseErrorData,
    'duplicate-key': parseErrorData,
    duplicateKeep: duplicateData,
    duplicateDelete: duplicateData,
  },
  'missing-translation': {
    missing: data({
      locale: Type.String(),
      url: Type.String(),
      englishPath: Type.String(),
      /** Words to translate: the English page's prose and translated frontmatter fields (server/shared/word-count.ts); null when its paragraphs were not loaded whole. */
      words: Nullable(Type.Integer()),
    }),
  },
  'orphaned-translation': {
    moved: movedData,
    leftover: movedData,
    merged: movedData,
    formerKey: formerKeyData,
    formerKeyLeftover: formerKeyData,
    gone: data({ from: Type.String() }),
  },
  'missing-redirect': {
    /** `from`: the old URL English's redirect_from has and the translation lacks. */
    missing: data({ from: Type.String(), note: Type.String() }),
    /** `from`: the old URL only the translation redirects. */
    extra: data({ from: Type.String() }),
  },
  'frontmatter-mismatch': {
    /** `expected` and `actual`: English's and the translation's values as shown (lists: only the entries that differ). */
    differs: data({ field: Type.String(), expected: Type.String(), actual: Type.String() }),
    contentDiffers: data({ field: Type.String(), expected: Type.String(), actual: Type.String() }),
    missing: data({ field: Type.String(), expected: Type.String() }),
    extra: data({ field: Type.String(), actual: Type.String() }),
  },
  'untranslated-field': {
    equal: data({ field: Type.String(), value: Type.String() }),
    english: data({ field: Type.String(), value: Type.String(), confidence: Type.Number(), olderNote: Type.String() }),
  },
  'outdated-link': {
    redirect: outdatedData,
    legacy: outdatedData,
    redirectInEnglish: outdatedData,
    legacyInEnglish: outdatedData,
    redirectToLeftover: data({ from: Type.String(), leftover: Type.String(), text: Type.String(), inEnglish: Type.Boolean() }),
  },
  'broken-link': {
    broken: linkData,
    brokenInEnglish: linkData,
  },
  'link-mismatch': {
    missing: data({ target: Type.String(), heading: Type.String() }),
    extra: data({ target: Type.String(), resolvesTo: Type.String(), heading: Type.String() }),
  },
  'liquid-mismatch': {
    unknownVariable: unknownNameData,
    unknownReusable: unknownNameData,
    missingReference: liquidRefData,
    missingCondition: liquidRefData,
    extraReference: liquidExtraData,
    extraCondition: liquidExtraData,
  },
  'liquid-syntax': {
    syntax: data({ detail: Type.String(), raw: Type.String() }),
  },
  'macro-mismatch': {
    missing: macroData,
    extra: macroData,
  },
  'structure-mismatch': {
    sectionCount: data({ actual: Type.Integer(), expected: Type.Integer() }),
    headingLevel: data({
      heading: Type.String(),
      englishHeading: Type.String(),
      actual: Type.Integer(),
      expected: Type.Integer(),
      actualMarks: Type.String(),
      expectedMarks: Type.String(),
    }),
    headingShift: data({
      count: Type.Integer(),
      shift: Type.Integer(),
      direction: Type.Union([Type.Literal('deeper'), Type.Literal('higher')]),
      examples: Type.String(),
      headings: Type.Array(Type.String()),
      lines: Type.Array(Type.Integer()),
      actualMarks: Type.String(),
      expectedMarks: Type.String(),
    }),
    stepCount: stepsData(Type.Integer()),
    stepNumber: stepsData(Type.String()),
  },
  'english-fallback': {
    equal: paragraphData,
    paragraph: paragraphData,
    sentence: paragraphData,
    page: data({ count: Type.Integer(), excerpt: Type.String(), lines: Type.Array(Nullable(Type.Integer())) }),
  },
  'stale-translation': {
    stale: staleData,
    fields: staleData,
    behind: data({
      ...baseProperties,
      changedSections: Type.Array(Type.String()),
      changedCount: Type.Null(),
      wordsChanged: Type.Null(),
      sections: Type.Array(SectionChange),
      fields: Type.Array(FieldChange),
    }),
  },
  'base-unknown': {
    baseUnknown: Type.Union([
      data({ baseState: Type.Literal('unknown'), baseReason: Type.Literal('data-file'), reasonText: Type.String() }),
      data({ ...baseProperties, baseReason: BaseReason, reasonText: Type.String() }),
    ]),
    noSourceRepository: data({ ...baseProperties, sourceCommit: Nullable(Type.String()), reasonText: Type.String() }),
    unknownSourceCommit: data({ ...baseProperties, problem: Type.String() }),
    malformedSourceCommit: data({ entry: Type.String(), meant: Type.String() }),
  },
} as const;

type Schemas = typeof FINDING_DATA;
/** Ids of the built-in checks. */
export type CheckId = keyof Schemas;
/** Message ids of a check. */
export type MessageIdOf<C extends CheckId> = keyof Schemas[C] & string;
/** The data of a check's findings with a message id. */
export type FindingDataOf<C extends CheckId, M extends MessageIdOf<C>> = Schemas[C][M] extends TSchema ? Static<Schemas[C][M]> : never;

/** `{ check, messageId, data }` of every finding, discriminated by check id, then message id. */
export type TypedFindingData = {
  [C in CheckId]: { [M in MessageIdOf<C>]: { check: C; messageId: M; data: FindingDataOf<C, M> } }[MessageIdOf<C>];
}[CheckId];

/** The data schema of a check's message, if the check and message are known. */
export function findingDataSchema(check: string, messageId: string): TSchema | undefined {
  if (!Object.hasOwn(FINDING_DATA, check)) return undefined;
  const messages: Readonly<Record<string, TSchema>> = FINDING_DATA[check as CheckId];
  return Object.hasOwn(messages, messageId) ? messages[messageId] : undefined;
}
