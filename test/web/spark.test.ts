import { describe, expect, it } from 'vitest';
import { sparkPoints } from '../../web/src/lib/spark.ts';

describe('sparkline scale', () => {
  const box = { width: 96, height: 24 };
  const drop = (points: [number, number][]) => points.at(-1)![1] - points[0]![1];

  it('draws −2 of 14,768 flat on the shared scale (0 to the largest locale)', () => {
    // On its own range the two points span the whole box: a steep fall.
    expect(drop(sparkPoints([14_768, 14_766], box))).toBeCloseTo(20);
    // On one scale for all locales it moves a fraction of a pixel.
    expect(Math.abs(drop(sparkPoints([14_768, 14_766], { ...box, min: 0, max: 21_450 })))).toBeLessThan(0.01);
  });

  it('keeps a real change visible on the shared scale, and a small locale low in the box', () => {
    const points = sparkPoints([3_000, 15_000], { ...box, min: 0, max: 15_000 });
    expect(drop(points)).toBeLessThan(-15);
    expect(points[0]![1]).toBeGreaterThan(box.height / 2);
    expect(sparkPoints([5], box)).toEqual([]);
  });
});
