import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexRoot } from './helpers.ts';

const root = process.env.L10N_DRIFT_CORPUS ?? '/tmp/gh/github-docs';
const enabled = process.env.L10N_DRIFT_CORPUS_TESTS === '1' && fs.existsSync(root);

// Opt-in: indexes the whole 2021-07-03 GitHub Docs snapshot (minutes) and runs every check.
describe.skipIf(!enabled)('checks on the GitHub Docs snapshot', () => {
  it('complete for every locale, with findings of every content check', { timeout: 900_000 }, async () => {
    const site = await indexRoot(root);
    try {
      const counts = site.findings.openCounts();
      const locales = new Set(counts.map((c) => c.locale));
      for (const l of ['de-DE', 'es-ES', 'ja-JP', 'pt-BR', 'zh-CN', 'ko-KR', 'ru-RU']) expect(locales).toContain(l);
      const checks = new Set(counts.map((c) => c.check_id));
      for (const c of ['outdated-link', 'english-fallback', 'liquid-mismatch', 'structure-mismatch', 'orphaned-translation', 'missing-redirect']) expect(checks).toContain(c);
      const checkRun = site.findings.latestCheckRun()!;
      console.log(`checks: ${checkRun.open_count} open findings in ${checkRun.duration_ms} ms`);
    } finally {
      site.close();
    }
  });
});
