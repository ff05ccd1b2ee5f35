/**
 * How far V8 lets this process's heaps grow past what their last full collection kept alive
 * (`--heap-growing-percent`, a process-wide setting V8 reads at each collection, so it holds when
 * set at run time). V8 does not say what the setting is: it is set only here, which remembers it,
 * so that a phase that sets its own (a check run) puts back what the process had.
 */
import v8 from 'node:v8';

/** 0: V8's own heuristics. */
let current = 0;

/** The percent set now (0: V8's own heuristics). */
export function heapGrowth(): number {
  return current;
}

export function setHeapGrowth(percent: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  current = percent;
}

/** Runs `fn` with the heap growth at `percent`, and puts back the process's own afterwards. */
export async function withHeapGrowth<T>(percent: number, fn: () => Promise<T>): Promise<T> {
  const before = current;
  setHeapGrowth(percent);
  try {
    return await fn();
  } finally {
    setHeapGrowth(before);
  }
}
