import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the long reliability tests (SIGKILL mid-index, peak memory on the
// whole snapshot, 1,000+ hostile files). `npm test` runs fast variants of the same ideas.
export default defineConfig({
  test: {
    include: ['test/stress/**/*.stress.ts', 'test/indexer/hostile.test.ts'],
    env: { L10N_DRIFT_HOSTILE_FILES: '1020' },
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    // One temp root per run, removed at the end (test/temp-root.ts).
    globalSetup: ['test/temp-root.ts'],
  },
});
