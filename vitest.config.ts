import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The large-corpus test only runs when asked for (L10N_DRIFT_CORPUS_TESTS=1).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One temp root per run, removed at the end (test/temp-root.ts).
    globalSetup: ['test/temp-root.ts'],
  },
});
