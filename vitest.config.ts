import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests on the large corpora in ../shared run only when asked for (L10N_DRIFT_CORPUS, test/corpus.ts).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One temp root per run, removed at the end (test/temp-root.ts).
    globalSetup: ['test/temp-root.ts'],
    projects: [
      {
        extends: true,
        // The check tests share one module graph (no re-import of the parser, the layouts and the
        // checks per file: that was most of their time); they keep no state between files but
        // caches of parsed files (test/checks/tester.ts).
        test: { name: 'checks', include: ['test/checks/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/checks/**'] },
      },
    ],
  },
});
