import { setHeapGrowth } from '../heap-growth.ts';

/**
 * How far V8 lets a heap grow past what its last full collection kept alive, in percent.
 *
 * A main thread's heap limit is ~4 GB on this machine kind, and below such a limit V8 lets the
 * old generation grow to up to 4× its live size before it collects. The storing thread of a cold
 * index keeps ~45 MB alive: most runs of the snapshot collected at ~90 MB of heap, but five of ~35
 * peaked at 386-434 MB instead of 340-360 MB (one a CI run), and the two sampled with heap sizes
 * had let it reach 156 and 177 MB (2026-12-06). V8 reads this flag at each collection,
 * so it holds once set at run time; 25 % kept the same runs' heap at 81-87 MB for no measurable
 * CPU. A check run keeps ~200 MB alive: its peak is its live data, which this does not change.
 */
export const HEAP_GROWING_PERCENT = 25;

/** Bounds the heap growth of every thread of this process (a process-wide V8 setting). */
export function boundHeapGrowth(): void {
  setHeapGrowth(HEAP_GROWING_PERCENT);
}
