import { describe, expect, it } from 'vitest';
import { canonicalCondition, conditionReleases, oldestDocumentedRelease, withoutPassedRanges } from '../../server/checks/lib/conditions.ts';

const oldestOf = (...names: string[]) => oldestDocumentedRelease(names.flatMap((n) => conditionReleases(canonicalCondition(n, null))));

describe('oldestDocumentedRelease', () => {
  it('is the oldest release English names, as in the 2021-07-03 snapshot (ghes = 2.21, ghes < 2.22, ghes > 3.1)', () => {
    expect(oldestOf('ifversion ghes = 2.21', 'ifversion ghes < 2.22', 'ifversion fpt or ghes > 3.1')).toEqual([2, 21]);
  });
  it('cannot tell when a condition says an older release is documented too', () => {
    expect(oldestOf('ifversion ghes < 3.11', 'ifversion ghes > 3.11')).toBeNull();
    expect(oldestOf('ifversion ghes <= 3.10', 'ifversion ghes = 3.11')).toBeNull();
    expect(oldestOf('ifversion fpt or ghae')).toBeNull();
  });
  it('compares releases as numbers (3.10 is newer than 3.9)', () => {
    expect(oldestOf('ifversion ghes > 3.10', 'ifversion ghes = 3.9')).toEqual([3, 9]);
  });
});

describe('withoutPassedRanges', () => {
  it('writes a range every documented release passes as ghes, and keeps the others', () => {
    expect(withoutPassedRanges('ifversion fpt or ghes > 2.19 or ghae', [2, 21])).toBe('ifversion fpt or ghes or ghae');
    expect(withoutPassedRanges('ifversion ghes >= 2.21', [2, 21])).toBe('ifversion ghes');
    expect(withoutPassedRanges('ifversion ghes > 2.21', [2, 21])).toBe('ifversion ghes > 2.21');
    expect(withoutPassedRanges('ifversion ghes < 2.20', [2, 21])).toBe('ifversion ghes < 2.20');
    expect(withoutPassedRanges('ifversion ghes > 3.9.1', [3, 10])).toBe('ifversion ghes > 3.9.1');
    expect(withoutPassedRanges('ifversion ghes > 2.19', null)).toBe('ifversion ghes > 2.19');
  });
});
