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

describe('canonicalCondition, kept between calls', () => {
  it('answers for the oldest release and release list it is asked with, not for those of an earlier call', () => {
    const releases = [
      [2, 21],
      [2, 22],
      [3, 0],
    ] as const;
    const other = [
      [2, 22],
      [3, 0],
    ] as const;
    // `ghes > 2.20` is every documented release (plain `ghes`) only when 2.21 is the oldest.
    expect(canonicalCondition('ifversion ghes > 2.20', [2, 21])).toBe('ifversion ghes');
    expect(canonicalCondition('ifversion ghes > 2.20', [2, 19])).toBe('ifversion ghes > 2.20');
    expect(canonicalCondition('ifversion ghes > 2.20', null)).toBe('ifversion ghes > 2.20');
    expect(canonicalCondition('ifversion ghes > 2.20', [2, 21])).toBe('ifversion ghes');
    // Bounds by the listed releases: `< 2.23` is `< 3.0` when 3.0 follows 2.22 in the list given.
    expect(canonicalCondition('ifversion ghes < 2.23', null, releases)).toBe('ifversion ghes < 3.0');
    expect(canonicalCondition('ifversion ghes < 2.23', null)).toBe('ifversion ghes < 2.23');
    expect(canonicalCondition('ifversion ghes >= 2.21', null, other)).toBe('ifversion ghes >= 2.22');
    expect(canonicalCondition('ifversion ghes >= 2.21', null, releases)).toBe('ifversion ghes >= 2.21');
  });
});
