/**
 * Heatmap shading on a log scale: one step per power of ten, so 27 (step 2) and 14,716
 * (step 5) look different however large the biggest cell is, and a cell keeps its shade when
 * another locale grows. 0 is step 0 (no fill); "not checked" is no number at all (the view
 * shows it hatched, never as 0).
 */
export const HEAT_STEPS = 5;

export function heatLevel(n: number): number {
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.min(HEAT_STEPS, Math.floor(Math.log10(n)) + 1);
}

/** The range of counts a step covers, for the legend: 1 → "1–9", 5 → "10,000+". */
export function heatRange(level: number): string {
  if (level <= 0) return '0';
  const lo = 10 ** (level - 1);
  if (level >= HEAT_STEPS) return `${lo.toLocaleString('en')}+`;
  return `${lo.toLocaleString('en')}–${(10 ** level - 1).toLocaleString('en')}`;
}
