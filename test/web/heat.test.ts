import { describe, expect, it } from 'vitest';
import { HEAT_STEPS, heatLevel, heatRange } from '../../web/src/lib/heat.ts';

describe('heatmap log shading', () => {
  it('gives counts a power of ten apart different steps (27 and 14,716 differ)', () => {
    expect(heatLevel(27)).toBe(2);
    expect(heatLevel(14_716)).toBe(5);
    expect(heatLevel(27)).not.toBe(heatLevel(14_716));
    // The snapshot's de-DE outdated links: 45 of its own against 1,196 English has too.
    expect(heatLevel(45)).toBeLessThan(heatLevel(1196));
  });

  it('keeps 0 apart from every count, and steps at each power of ten', () => {
    expect(heatLevel(0)).toBe(0);
    expect([1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 1_000_000].map(heatLevel)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(heatLevel(Number.NaN)).toBe(0);
    expect(heatLevel(-3)).toBe(0);
  });

  it('labels each step for the legend', () => {
    expect(Array.from({ length: HEAT_STEPS + 1 }, (_, i) => heatRange(i))).toEqual(['0', '1–9', '10–99', '100–999', '1,000–9,999', '10,000+']);
  });
});
