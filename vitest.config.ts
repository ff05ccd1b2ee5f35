import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests on the large corpora in ../shared run only when asked for (L10N_DRIFT_CORPUS, test/corpus.ts).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One temp root per run, removed at the end (test/temp-root.ts).
    globalSetup: ['test/temp-root.ts'],
  },
});
