/**
 * A sparkline's points on a given scale. Views pass one scale for every locale (0 to the
 * largest value of any), so −2 of 14,768 draws flat instead of as a fall across the box; the
 * values' own range is only the fallback.
 */
export function sparkPoints(values: readonly number[], box: { width: number; height: number; min?: number; max?: number }): [number, number][] {
  if (values.length < 2) return [];
  const hi = Math.max(box.max ?? -Infinity, ...values);
  const lo = Math.min(box.min ?? Infinity, ...values);
  const span = hi - lo || 1;
  const step = (box.width - 4) / (values.length - 1);
  return values.map((v, i) => [2 + i * step, box.height - 2 - ((v - lo) / span) * (box.height - 4)]);
}
