import type { CoverageCounts, CoverageState } from './types';

/** The coverage model's states in display order, with the label and the /api/locales count of each. */
export const COVERAGE_STATES: readonly { state: CoverageState; label: string; count: keyof CoverageCounts; help: string }[] = [
  {
    state: 'up-to-date',
    label: 'up to date',
    count: 'upToDate',
    help: 'translated from the current English (a base was found and English has not changed since)',
  },
  { state: 'stale', label: 'stale', count: 'stale', help: 'English changed since the version the translation was made from' },
  {
    state: 'base-unknown',
    label: 'base unknown',
    count: 'baseUnknown',
    help: 'no base found (no git history, no sourceCommit): nobody knows whether English changed since',
  },
  { state: 'english-fallback', label: 'English fallback', count: 'englishFallback', help: 'a translation file whose prose is mostly English' },
  { state: 'missing', label: 'missing', count: 'missing', help: 'no translation file' },
  { state: 'orphaned', label: 'orphaned', count: 'orphaned', help: 'the English article is gone' },
  { state: 'leftover', label: 'leftover', count: 'leftover', help: 'an old copy under a key English moved away from; the moved article is translated already' },
];

export const STATE_FILTERS: readonly (CoverageState | 'translated')[] = ['translated', ...COVERAGE_STATES.map((s) => s.state)];

export function stateLabel(state: CoverageState | 'translated'): string {
  return state === 'translated' ? 'translated (up to date, stale or base unknown)' : (COVERAGE_STATES.find((s) => s.state === state)?.label ?? state);
}
