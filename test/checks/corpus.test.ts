import { describe, expect, it } from 'vitest';
import { corpus, noteSkipped } from '../corpus.ts';
import { snapshotRoot } from '../stress/corpus.ts';
import { indexRoot } from './helpers.ts';

// Opt-in: indexes the whole 2021-07-03 GitHub Docs snapshot (minutes) and runs every check.
noteSkipped('test/checks/corpus.test.ts', 'checks on the whole GitHub Docs snapshot', true);
describe.runIf(corpus.full)('checks on the GitHub Docs snapshot', () => {
  it('complete for every locale, with findings of every content check', { timeout: 900_000 }, async () => {
    // The snapshot unpacked from ../shared/corpora, or an unpacked copy named by L10N_DRIFT_SNAPSHOT.
    const site = await indexRoot(snapshotRoot());
    try {
      const counts = site.findings.openCounts();
      const locales = new Set(counts.map((c) => c.locale));
      for (const l of ['de-DE', 'es-ES', 'ja-JP', 'pt-BR', 'zh-CN', 'ko-KR', 'ru-RU']) expect(locales).toContain(l);
      const checks = new Set(counts.map((c) => c.check_id));
      for (const c of ['outdated-link', 'english-fallback', 'liquid-mismatch', 'structure-mismatch', 'orphaned-translation', 'missing-redirect'])
        expect(checks).toContain(c);
      const checkRun = site.findings.latestCheckRun()!;
      console.log(`checks: ${checkRun.open_count} open findings in ${checkRun.duration_ms} ms`);
    } finally {
      site.close();
    }
  });
});
