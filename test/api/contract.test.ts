import type { Static } from '@sinclair/typebox';
import { describe, expectTypeOf, it } from 'vitest';
import type { DismissalView as DismissalSchema } from '../../server/routes/dismissals.ts';
import type { EnglishChanges as EnglishChangesSchema } from '../../server/routes/english-changes.ts';
import type { Run as RunSchema, RunsResponse as RunsSchema } from '../../server/routes/runs.ts';
import type * as S from '../../server/routes/schemas.ts';
import type * as T from '../../web/src/lib/types.ts';

// Compile-time: `tsc --noEmit` fails when a route schema and the UI's type drift apart.
describe('response schemas equal web/src/lib/types.ts', () => {
  it('every shape the UI imports', () => {
    expectTypeOf<Static<typeof RunSchema>>().toEqualTypeOf<T.Run>();
    expectTypeOf<Static<typeof RunsSchema>>().toEqualTypeOf<T.RunsResponse>();
    expectTypeOf<Static<typeof S.RunStarted>>().toEqualTypeOf<T.RunStarted>();
    expectTypeOf<Static<typeof S.RunBusy>>().toEqualTypeOf<T.RunBusy>();
    expectTypeOf<Static<typeof S.LocaleSummary>>().toEqualTypeOf<T.LocaleSummary>();
    expectTypeOf<Static<typeof S.LocalesResponse>>().toEqualTypeOf<T.LocalesResponse>();
    expectTypeOf<Static<typeof S.CheckInfo>>().toEqualTypeOf<T.CheckInfo>();
    expectTypeOf<Static<typeof S.ChecksResponse>>().toEqualTypeOf<T.ChecksResponse>();
    expectTypeOf<Static<typeof S.StaleSummary>>().toEqualTypeOf<T.StaleSummary>();
    expectTypeOf<Static<typeof S.ClaimInfo>>().toEqualTypeOf<T.ClaimInfo>();
    expectTypeOf<Static<typeof S.ClaimsResponse>>().toEqualTypeOf<T.ClaimsResponse>();
    expectTypeOf<Static<typeof S.ClaimConflict>>().toEqualTypeOf<T.ClaimConflict>();
    expectTypeOf<Static<typeof S.ClaimListItem>>().toEqualTypeOf<T.ClaimListItem>();
    expectTypeOf<Static<typeof S.ClaimHistoryResponse>>().toEqualTypeOf<T.ClaimHistoryResponse>();
    expectTypeOf<Static<typeof S.ClaimantsResponse>>().toEqualTypeOf<T.ClaimantsResponse>();
    expectTypeOf<Static<typeof S.ArticleRow>>().toEqualTypeOf<T.ArticleRow>();
    expectTypeOf<Static<typeof S.ArticlesResponse>>().toEqualTypeOf<T.ArticlesResponse>();
    expectTypeOf<Static<typeof S.FindingView>>().toEqualTypeOf<T.FindingView>();
    expectTypeOf<Static<typeof S.FindingsResponse>>().toEqualTypeOf<T.FindingsResponse>();
    expectTypeOf<Static<typeof S.DocumentSide>>().toEqualTypeOf<T.DocumentSide>();
    expectTypeOf<Static<typeof S.AlignedSection>>().toEqualTypeOf<T.AlignedSection>();
    expectTypeOf<Static<typeof S.SectionHead>>().toEqualTypeOf<T.SectionHead>();
    expectTypeOf<Static<typeof S.SectionContent>>().toEqualTypeOf<T.SectionContent>();
    expectTypeOf<Static<typeof S.SectionRow>>().toEqualTypeOf<T.SectionRow>();
    expectTypeOf<Static<typeof S.SectionRows>>().toEqualTypeOf<T.SectionRows>();
    expectTypeOf<Static<typeof S.ArticleDetail>>().toEqualTypeOf<T.ArticleDetail>();
    expectTypeOf<Static<typeof S.Me>>().toEqualTypeOf<T.Me>();
    expectTypeOf<Static<typeof DismissalSchema>>().toEqualTypeOf<T.DismissalView>();
    expectTypeOf<Static<typeof EnglishChangesSchema>>().toEqualTypeOf<T.EnglishChanges>();
  });
});
