import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineCheck, type CheckFinding } from '../../server/checks/define.ts';
import type { FindingDataOf } from '../../server/shared/finding-data.ts';
import type { FindingView } from '../../web/src/lib/types.ts';

// Compile-time (`tsc --noEmit` in npm test): a check whose findings carry data other than its
// messages declare (server/shared/finding-data.ts) does not compile. Each @ts-expect-error
// below fails tsc if the line it guards ever compiles.

const redirects = { missing: 'Missing redirect_from {{from}}{{note}}', extra: 'redirect_from {{from}} is not in English' };

describe('finding data types', () => {
  it('a check compiles only with the data its messages declare', () => {
    const ok = defineCheck({
      id: 'missing-redirect',
      severity: 'warning',
      docs: 'test',
      messages: redirects,
      run: () => [
        { messageId: 'missing', data: { from: '/old', note: '' }, stable: 'a' },
        { messageId: 'extra', data: { from: '/older' }, stable: 'b' },
      ],
    });
    expect(ok.run({} as never)).toHaveLength(2);

    defineCheck({
      id: 'missing-redirect',
      severity: 'warning',
      docs: 'test',
      messages: redirects,
      // @ts-expect-error `target` is no field of a missing-redirect finding, and `note` is missing
      run: () => [{ messageId: 'missing', data: { target: '/old' }, stable: 'a' }],
    });

    defineCheck({
      id: 'frontmatter-mismatch',
      severity: 'warning',
      docs: 'test',
      messages: { differs: '', contentDiffers: '', missing: '', extra: '' },
      // @ts-expect-error a `differs` finding carries both values as strings
      run: () => [{ messageId: 'differs', data: { field: 'versions', expected: { fpt: '*' }, actual: '' }, stable: 'a' }],
    });

    defineCheck({
      id: 'missing-redirect',
      severity: 'warning',
      docs: 'test',
      messages: redirects,
      // @ts-expect-error `moved` is no message of missing-redirect
      run: () => [{ messageId: 'moved', data: { from: '/old' }, stable: 'a' }],
    });

    defineCheck({
      id: 'missing-redirect',
      severity: 'warning',
      docs: 'test',
      // @ts-expect-error the messages are the ones the data types declare: `extra` is missing
      messages: { missing: '' },
      run: () => [],
    });
  });

  it('the UI narrows a finding by check and message id to its data', () => {
    expectTypeOf<FindingDataOf<'frontmatter-mismatch', 'missing'>>().toEqualTypeOf<{ field: string; expected: string }>();
    expectTypeOf<Extract<FindingView, { check: 'missing-redirect'; messageId: 'extra' }>['data']>().toEqualTypeOf<{ from: string }>();
    expectTypeOf<CheckFinding<'outdated-link'>['messageId']>().toEqualTypeOf<
      'redirect' | 'legacy' | 'redirectInEnglish' | 'legacyInEnglish' | 'redirectToLeftover'
    >();
    const f = { check: 'broken-link', messageId: 'broken', data: { from: '/x', text: 'x', inEnglish: false } } as FindingView;
    if (f.check === 'broken-link') expectTypeOf(f.data.from).toEqualTypeOf<string>();
    // @ts-expect-error a finding of another check has no `from` without narrowing
    void f.data.from;
  });
});
