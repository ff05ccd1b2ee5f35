import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excluder, globToRegExp } from '../../server/checks/lib/exclude.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import { ConfigError, resolveConfig } from '../../server/config.ts';
import { createHugo } from '../../server/layouts/hugo.ts';
import { copySample, indexRoot, type Indexed } from './helpers.ts';

describe('exclude globs over page keys', () => {
  it.each([
    ['docs/reference/kubernetes-api/**', 'docs/reference/kubernetes-api/workload-resources/pod-v1', true],
    ['docs/reference/kubernetes-api/**', 'docs/reference/kubernetes-api', true],
    ['docs/reference/kubernetes-api/**', 'docs/reference/kubernetes-apis', false],
    ['blog/**', 'blog/_posts/2025-10-18-wg-policy-spotlight', true],
    ['blog/*', 'blog/_posts/2025-10-18-wg-policy-spotlight', false],
    ['**/generated/**', 'docs/reference/setup-tools/kubeadm/generated/kubeadm_init', true],
    ['docs/reference/command-line-tools-reference/{kubelet,kube-proxy}', 'docs/reference/command-line-tools-reference/kubelet', true],
    ['docs/reference/command-line-tools-reference/{kubelet,kube-proxy}', 'docs/reference/command-line-tools-reference/feature-gates/kubelet-tracing', false],
    ['/blog/**', 'blog/x', true],
  ])('%s matches %s: %s', (glob, key, expected) => {
    expect(excluder([{ glob }])('english-fallback', 'zh-cn', key)).toBe(expected);
    expect(globToRegExp(glob.replace(/^\//, '')).test(key)).toBe(expected);
  });

  it('per check and per locale', () => {
    const ex = excluder([{ glob: 'blog/**', checks: ['missing-translation'], locales: ['ja'] }]);
    expect([ex('missing-translation', 'ja', 'blog/a'), ex('missing-translation', 'ko', 'blog/a'), ex('broken-link', 'ja', 'blog/a')]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('the hugo preset excludes the generated references from english-fallback and missing-translation, each with a reason', () => {
    const ex = excluder(createHugo().exclude ?? []);
    expect(ex('english-fallback', 'zh-cn', 'docs/reference/kubernetes-api/workload-resources/pod-v1')).toBe(true);
    expect(ex('missing-translation', 'ja', 'docs/reference/kubectl/generated/kubectl_apply/_index')).toBe(true);
    expect(ex('broken-link', 'zh-cn', 'docs/reference/kubernetes-api/workload-resources/pod-v1')).toBe(false);
    expect(ex('english-fallback', 'zh-cn', 'docs/reference/command-line-tools-reference/feature-gates/sidecar-containers')).toBe(false);
    expect((createHugo().exclude ?? []).every((r) => (r.reason ?? '').length > 20)).toBe(true);
  });
});

describe('exclude in the config file', () => {
  it.each([
    [{ exclude: ['blog/**'] }, [{ glob: 'blog/**' }]],
    [
      { exclude: [{ glob: 'blog/**', checks: ['missing-translation'], locales: ['ja'], reason: 'old posts' }] },
      [{ glob: 'blog/**', checks: ['missing-translation'], locales: ['ja'], reason: 'old posts' }],
    ],
  ])('%j is accepted', (raw, expected) => {
    expect(resolveConfig(raw, '/x').exclude).toEqual(expected);
  });

  it.each([
    [{ exclude: 'blog/**' }, /field "exclude"/],
    [{ exclude: [{ glob: 'x', colour: 1 }] }, /field "exclude\.0/],
  ])('%j is a one-line error naming the field', (raw, message) => {
    expect(() => resolveConfig(raw, '/x', 'l10n-drift.config.json')).toThrow(ConfigError);
    expect(() => resolveConfig(raw, '/x', 'l10n-drift.config.json')).toThrow(message);
  });

  describe('in a check run', () => {
    let site: Indexed;
    beforeAll(async () => {
      site = await indexRoot(copySample());
    });
    afterAll(() => site.close());

    it('a site-wide glob silences every check there; a per-check one only that check', async () => {
      const run = async (exclude: { glob: string; checks?: string[]; locales?: string[] }[]) =>
        (await runChecksWithBases(site.db, { ...site.config, exclude }, 1, new Date())).counts;
      const all = await run([]);
      expect(all['zh-CN']?.['missing-translation']).toBeGreaterThan(0);
      const none = await run([{ glob: '**' }]);
      expect(
        Object.values(none)
          .flatMap((c) => Object.values(c))
          .reduce((a, b) => a + b, 0),
      ).toBe(0);
      const some = await run([{ glob: '**', checks: ['missing-translation'], locales: ['zh-CN'] }]);
      expect(some['zh-CN']?.['missing-translation']).toBeUndefined();
      expect(some['ja-JP']?.['missing-translation']).toBe(all['ja-JP']?.['missing-translation']);
    });
  });
});
