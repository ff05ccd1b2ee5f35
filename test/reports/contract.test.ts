import { describe, expectTypeOf, it } from 'vitest';
import type { WeeklyReport } from '../../server/reports/model.ts';
import type * as T from '../../web/src/lib/types.ts';

// Compile-time: `tsc --noEmit` fails when the report model and the UI's copy drift apart.
describe('WeeklyReport equals web/src/lib/types.ts', () => {
  it('the JSON report shape', () => {
    expectTypeOf<WeeklyReport>().toEqualTypeOf<T.WeeklyReport>();
  });
});
