import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { urlize } from '../../server/layouts/hugo-site.ts';
import { runCli, type CliResult } from '../cli/helpers.ts';

/**
 * False-alarm classes of the hand check on the Kubernetes site (docs/precision-kubernetes.md),
 * driven as a user runs l10n-drift: `index`, then `check --format json`, on a cut-down copy
 * of the site whose files are real (test/fixtures/kubernetes/site-2, see NOTICE).
 */
const SITE = path.resolve(import.meta.dirname, '../fixtures/kubernetes/site-2');

interface Finding {
  check: string;
  locale: string;
  path: string;
  line: number | null;
  data: Record<string, unknown>;
}

const cli = (argv: string[]): Promise<CliResult> => runCli(argv, { cwd: SITE });

/** Index `root` with a config file (plus `extra` fields) and return every open finding. */
async function findings(root: string, extra: Record<string, unknown> = {}): Promise<Finding[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-false-alarms-'));
  const config = path.join(dir, 'l10n-drift.config.json');
  fs.writeFileSync(config, JSON.stringify({ layout: 'hugo', root, db: path.join(dir, 'drift.db'), locales: ['ja', 'ko', 'zh-cn'], ...extra }));
  const indexed = await cli(['index', '--config', config, '--quiet']);
  expect(indexed.code, indexed.err).toBe(0);
  const checked = await cli(['check', '--config', config, '--format', 'json', '--fail-on', 'never']);
  expect(checked.code, checked.err).toBe(0);
  return (JSON.parse(checked.out) as { findings: Finding[] }).findings;
}

const GATES = 'docs/reference/command-line-tools-reference/feature-gates';

describe('Kubernetes site: pairing follows the URL Hugo serves (orphaned-translation, missing-translation)', async () => {
  const all = await findings(SITE);
  const of = (check: string, locale: string, file: string) => all.filter((f) => f.check === check && f.locale === locale && f.path.endsWith(file));

  it.each([
    ['a file name differing from English only in case (KMSv1.md / kmsv1.md: both /…/kmsv1/)', 'zh-cn', `content/zh-cn/${GATES}/kmsv1.md`],
    [
      'a blog post filed under another name, with English date and slug (same URL)',
      'zh-cn',
      'content/zh-cn/blog/_posts/free-katacoda-kubernetes-tutorials-are-shutting-down.md',
    ],
    ["a team's own localization guide", 'ko', 'content/ko/docs/contribute/localization_ko.md'],
  ])('no orphan: %s', (_, locale, file) => {
    expect(of('orphaned-translation', locale, file)).toEqual([]);
  });

  it('the English pages of those translations are not missing in zh-cn, and are in ja (which lacks them)', () => {
    for (const file of [`content/en/${GATES}/KMSv1.md`, 'content/en/blog/_posts/2023-02-14-katacoda-tutorial-shutdown.md']) {
      expect(of('missing-translation', 'zh-cn', file), file).toEqual([]);
      expect(of('missing-translation', 'ja', file), file).toHaveLength(1);
    }
  });
});

describe('Kubernetes site: links to pages Hugo serves are not broken (broken-link)', async () => {
  const all = await findings(SITE);
  const broken = (locale: string) =>
    all
      .filter((f) => f.check === 'broken-link' && f.locale === locale)
      .map((f) => `${f.path}:${f.line} ${String(f.data.from)}`)
      .sort();

  it("a blog post without slug, at its title urlized as Hugo does ('Kubernetes & the' → kubernetes-the)", () => {
    expect(broken('zh-cn')).toEqual([]);
  });

  it('a page in another content format (content/en/partners/_index.html serves /partners/, /ja/partners/; _index.html the home page /ja); a missing page still is broken', () => {
    expect(broken('ja')).toEqual(['content/ja/docs/setup/production-environment/_index.md:8 /ja/docs/setup/production-environment/turnkey-solutions/']);
  });

  it('a content-only copy (no _index.html): broken, unless the config says the site serves the path', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-content-only-'));
    fs.cpSync(SITE, copy, { recursive: true });
    fs.rmSync(path.join(copy, 'content/en/partners'), { recursive: true });
    fs.rmSync(path.join(copy, 'content/en/_index.html'));
    const lacking = (list: Finding[]) =>
      list
        .filter((f) => f.check === 'broken-link' && ['/ja/partners/', '/ja'].includes(String(f.data.from)))
        .map((f) => String(f.data.from))
        .sort();
    expect(lacking(await findings(copy))).toEqual(['/ja', '/ja/partners/']);
    expect(lacking(await findings(copy, { served: ['/', '/partners/'] }))).toEqual([]);
  });
});

describe('Kubernetes site: https://kubernetes.io/… links are internal (hugo.toml baseURL)', async () => {
  const all = await findings(SITE);

  it("English's absolute links and the translation's /zh-cn/… links to the same pages match (link-mismatch)", () => {
    const mismatches = all.filter((f) => f.check === 'link-mismatch' && f.path.endsWith('reconfigure-default-service-ip-ranges.md'));
    expect(mismatches).toEqual([]);
  });
});

describe("Hugo's urlize (paths.Sanitize, lower case): titles of real Kubernetes blog posts without slug", () => {
  it.each([
    ['The History of Kubernetes & the Community Behind It', 'the-history-of-kubernetes-the-community-behind-it'],
    ['Meet Our Contributors - Monthly Streaming YouTube Mentoring Series', 'meet-our-contributors-monthly-streaming-youtube-mentoring-series'],
    [
      'Introducing kustomize; Template-free Configuration Customization for Kubernetes',
      'introducing-kustomize-template-free-configuration-customization-for-kubernetes',
    ],
    ['Airflow on Kubernetes (Part 1): A Different Kind of Operator', 'airflow-on-kubernetes-part-1-a-different-kind-of-operator'],
    [
      'Running Kubernetes locally on Linux with Minikube - now with Kubernetes 1.14 support',
      'running-kubernetes-locally-on-linux-with-minikube-now-with-kubernetes-1.14-support',
    ],
  ])('%s → %s', (title, url) => {
    expect(urlize(title)).toBe(url);
  });
});
