import v8 from 'node:v8';

/**
 * The most bytecode V8's optimizing compiler inlines into one function it optimizes
 * (`--max-inlined-bytecode-size-cumulative`; V8's default is 920).
 *
 * A cold index optimizes the same parser in two isolates (the storing thread's and the parser
 * thread's) and optimizes it again after each deoptimization while pages of new shapes arrive:
 * traced on the snapshot, 850 compilations took 4.4–5.1 s of CPU on V8's compiler threads, which
 * on two cores compete with the two threads that parse (`parseMarkdown` alone ~15 times, ~80 ms
 * each). Half the default took compilation to 3.95 s, and the snapshot's cold `index --no-checks`
 * 0.36 s less on average over five interleaved pairs (−0.03 to −0.62 s; CPU −0.6 s), its checks no
 * slower (three pairs with checks: 6.87–7.41 s against 7.03–7.65 s) (2026-12-06).
 */
export const MAX_INLINED_BYTECODE_CUMULATIVE = 460;

/** Sets it for every thread of this process (a process-wide V8 setting, read at each compilation). */
export function boundInlining(): void {
  v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${MAX_INLINED_BYTECODE_CUMULATIVE}`);
}
