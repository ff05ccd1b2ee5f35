/**
 * Where test data lives. The small fixtures the default suite needs are in the repository
 * (test/fixtures, with their NOTICE); the large corpora (git bundles, tarballs) stay in
 * ../shared/corpora, and the tests on them are opt-in:
 *   L10N_DRIFT_CORPUS=1     the corpus tests that take seconds to a minute (CI sets it: .ci/run)
 *   L10N_DRIFT_CORPUS=full  also the whole-snapshot runs that take many minutes
 * Both need ../shared/corpora beside the repository.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');
/** Five real translations of the license-sync article (their English pages: content/license-sync). */
export const SEEDS = path.join(FIXTURES, 'seeds');
/** Every English and translated version of the license-sync article, dated by versions.tsv. */
export const LICENSE_SYNC_HISTORY = path.join(FIXTURES, 'license-sync-history');
/** MDN's Array reference pages: English and three translations. */
export const MDN_SAMPLE = path.join(FIXTURES, 'mdn-sample');
/** One Kubernetes page in English and zh-cn (Hugo layout; zh-cn keeps the English in comments). */
export const KUBERNETES_SAMPLE = path.join(FIXTURES, 'kubernetes-sample');

export const CORPORA = path.resolve(import.meta.dirname, '../../shared/corpora');

const level = process.env.L10N_DRIFT_CORPUS;
const present = fs.existsSync(CORPORA);

/** Whether the corpus tests run, and the note a skipped one prints. */
export const corpus = {
  enabled: (level === '1' || level === 'full') && present,
  full: level === 'full' && present,
};

/**
 * Says, once per test file, that its corpus tests were skipped and how to run them.
 * `full`: the test takes many minutes and needs L10N_DRIFT_CORPUS=full.
 */
export function noteSkipped(file: string, what: string, full = false): void {
  if (full ? corpus.full : corpus.enabled) return;
  const how = `L10N_DRIFT_CORPUS=${full ? 'full' : '1'} npx vitest run ${file}`;
  const need = present ? '' : ` with the corpora at ${CORPORA}`;
  console.info(`skipped (opt-in): ${what}. Run: ${how}${need}`);
}
