import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { getCheck } from '../../server/checks/registry.ts';
import { GHES_RELEASES } from '../../server/layouts/frontmatter.ts';
import { canonicalCondition, releaseBound, releaseList, type Release } from '../../server/checks/lib/conditions.ts';
import { REPO } from './helpers.ts';
import { readTree, runInMemory, type SiteFiles } from './tester.ts';

/**
 * GitHub Enterprise Server 2.23 was never released (it became 3.0): translations that kept
 * `enterprise-server: '>=2.23'` or `ver_lt "enterprise-server@2.23"` reach the readers English's
 * `ghes: '>=3.0'` and `ghes < 3.0` reach. Ranges and conditions compare by the releases they
 * admit, from the layout's release list (`frontmatter.releases`). Real files of the 2021-07-03
 * snapshot (test/fixtures/github-docs-false-alarms, see test/fixtures/NOTICE).
 */
const FIXTURE = path.join(REPO, 'test/fixtures/github-docs-false-alarms');

const DEFAULT_BRANCH_ORG = 'organizations/managing-organization-settings/managing-the-default-branch-name-for-repositories-in-your-organization';
const DEFAULT_BRANCH_USER =
  'github/setting-up-and-managing-your-github-user-account/managing-user-account-settings/managing-the-default-branch-name-for-your-repositories';
const RETENTION = 'organizations/managing-organization-settings/configuring-the-retention-period-for-github-actions-artifacts-and-logs-in-your-organization';
const WORKFLOW_COMMANDS = 'actions/reference/workflow-commands-for-github-actions';
const API_PREVIEWS = 'rest/overview/api-previews';

interface Site {
  findings(locale: string, key: string, check: string): string[];
  close(): void;
}

/**
 * The fixture with `edit` applied to its files (in memory), checked with a config file (read as
 * `l10n-drift index` reads it) by the in-memory harness (tester.ts: parsed and encoded as the
 * index does, no copy, no SQLite).
 */
async function indexCopy(
  config: Record<string, unknown> = {},
  edit?: (files: SiteFiles) => void,
  checks = ['frontmatter-mismatch', 'liquid-mismatch'],
): Promise<Site> {
  const files = readTree(FIXTURE);
  edit?.(files);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-gh-releases-cfg-')), 'l10n-drift.config.json');
  fs.writeFileSync(file, JSON.stringify({ layout: 'github-docs', root: FIXTURE, db: 'drift.db', workers: 0, ...config }));
  const resolved = loadConfig({ config: file });
  // The locales the indexer finds: the folders under translations/.
  const locales = [...new Set(Object.keys(files).flatMap((f) => /^translations\/([^/]+)\//.exec(f)?.[1] ?? []))].sort();
  const found = await runInMemory(
    checks.map((id) => getCheck(id)!),
    locales,
    files,
    { config: resolved },
  );
  return {
    findings: (locale, key, check) =>
      found.filter((f) => f.locale === locale && f.key === key && f.check_id === check).map((f) => `${f.line} ${f.message_id} ${f.message}`),
    close: () => {},
  };
}

function replaceIn(files: SiteFiles, rel: string, from: string, to: string): void {
  const text = files[rel];
  if (text === undefined) throw new Error(`no file ${rel} in the fixture`);
  const changed = text.replaceAll(from, to);
  expect(changed).not.toBe(text);
  files[rel] = changed;
}

const versionsFindings = (items: string[]) => items.filter((f) => f.includes('Frontmatter versions'));

describe('the release list (layout data)', () => {
  it('lists the real GitHub Enterprise Server releases: 2.0 … 2.22, then 3.0 …, no 2.23', () => {
    expect(GHES_RELEASES.slice(0, 3)).toEqual(['2.0', '2.1', '2.2']);
    expect(GHES_RELEASES).toContain('2.22');
    expect(GHES_RELEASES).not.toContain('2.23');
    expect(GHES_RELEASES[GHES_RELEASES.indexOf('2.22') + 1]).toBe('3.0');
    expect(GHES_RELEASES).toContain('3.10');
    expect(GHES_RELEASES.at(-1)).toBe('3.19');
  });

  it('a release that is not major.minor is a clear error', () => {
    expect(() => releaseList(['3.0', '3.x'])).toThrow('Release "3.x" is not a major.minor release number');
  });
});

describe('releaseBound: a bound as the listed releases it admits', () => {
  const releases = releaseList(GHES_RELEASES);
  const show = (op: string, release: Release, list = releases) => {
    const b = releaseBound(op, release, list);
    return `${b.op} ${b.release.join('.')}`;
  };
  it.each([
    // Same readers: 2.23 was never released.
    { op: '>=', release: [2, 23], expected: '> 2.22' },
    { op: '>=', release: [3, 0], expected: '> 2.22' },
    { op: '>', release: [2, 22], expected: '> 2.22' },
    { op: '<', release: [2, 23], expected: '< 3.0' },
    { op: '<', release: [3, 0], expected: '< 3.0' },
    { op: '<=', release: [2, 22], expected: '< 3.0' },
    // Other readers: 2.22 is a release.
    { op: '>=', release: [2, 22], expected: '> 2.21' },
    { op: '<', release: [2, 22], expected: '< 2.22' },
    { op: '<=', release: [3, 0], expected: '< 3.1' },
    // The first release has nothing before it; a bound past the list stays as written (later releases are unknown).
    { op: '>=', release: [2, 0], expected: '>= 2.0' },
    { op: '>=', release: [3, 25], expected: '>= 3.25' },
    { op: '<', release: [3, 25], expected: '< 3.25' },
    // Equality names one release: as written.
    { op: '=', release: [2, 23], expected: '= 2.23' },
  ] as { op: string; release: Release; expected: string }[])('$op $release → $expected', ({ op, release, expected }) => {
    expect(show(op, release)).toBe(expected);
  });

  it('without a release list, bounds compare as written', () => {
    expect(show('>=', [2, 23], [])).toBe('>= 2.23');
    expect(show('>=', [3, 0], [])).toBe('>= 3.0');
  });
});

describe('canonicalCondition with the release list: the real conditions of the snapshot', () => {
  const releases = releaseList(GHES_RELEASES);
  const oldest = [2, 22] as const;
  const same = (a: string, b: string) => canonicalCondition(a, oldest, releases) === canonicalCondition(b, oldest, releases);
  it.each([
    // de-DE actions/reference/workflow-commands-for-github-actions.md:91 vs English :87.
    { translation: 'if currentVersion ver_lt "enterprise-server@2.23"', english: 'ifversion ghes < 3.0', same: true },
    // es-ES rest/overview/api-previews.md:143 vs English :132.
    {
      translation: 'if enterpriseServerVersions contains currentVersion and currentVersion ver_lt "enterprise-server@2.23"',
      english: 'ifversion ghes < 3.0',
      same: true,
    },
    { translation: 'if currentVersion ver_gt "enterprise-server@2.22"', english: 'ifversion ghes >= 3.0', same: true },
    {
      translation: 'if currentVersion == "free-pro-team@latest" or currentVersion ver_gt "enterprise-server@2.22" or currentVersion == "github-ae@latest"',
      english: 'ifversion fpt or ghes > 2.22 or ghae',
      same: true,
    },
    // ja-JP data/reusables/repositories/sidebar-pr.md:3 vs English :2: a GitHub AE feature flag in the old syntax.
    {
      translation: 'if currentVersion == "free-pro-team@latest" or currentVersion ver_gt "enterprise-server@3.1" or currentVersion == "github-ae@issue-4483"',
      english: 'ifversion fpt or ghes > 3.1 or ghae-issue-4483',
      same: true,
    },
    { translation: 'if currentVersion == "github-ae@next"', english: 'ifversion ghae-next', same: true },
    // de-DE, es-ES, ja-JP data/reusables/enterprise_installation/upgrade-hardware-requirements.md:1 vs
    // English :1 (hand check of 2026-12-05, seed 5): the lower bound every documented release passes
    // leaves `ghes and ghes < 3.2`, which is `ghes < 3.2`.
    {
      translation: 'if currentVersion ver_gt "enterprise-server@2.20" and currentVersion ver_lt "enterprise-server@3.2"',
      english: 'ifversion ghes < 3.2',
      same: true,
    },
    // Real differences still differ.
    { translation: 'if currentVersion == "github-ae@issue-4483"', english: 'ifversion ghae', same: false },
    { translation: 'if currentVersion ver_lt "enterprise-server@2.22"', english: 'ifversion ghes < 3.0', same: false },
    { translation: 'if currentVersion ver_gt "enterprise-server@3.0"', english: 'ifversion ghes > 2.22', same: false },
    {
      translation: 'if currentVersion ver_gt "enterprise-server@2.22" and currentVersion ver_lt "enterprise-server@3.2"',
      english: 'ifversion ghes < 3.2',
      same: false,
    },
  ])('$translation vs $english: same readers $same', (c) => {
    expect(same(c.translation, c.english)).toBe(c.same);
    // Without the list the legacy 2.23 bound reads as written.
    if (c.translation.includes('2.23')) expect(canonicalCondition(c.translation, oldest)).not.toBe(canonicalCondition(c.english, oldest));
  });
});

describe('frontmatter-mismatch and liquid-mismatch on the real pages', () => {
  let site: Site;
  beforeAll(async () => {
    site = await indexCopy();
  });
  afterAll(() => site.close());

  it.each([
    { locale: 'de-DE', key: DEFAULT_BRANCH_ORG },
    { locale: 'zh-CN', key: DEFAULT_BRANCH_USER },
    { locale: 'de-DE', key: RETENTION },
  ])("valid: real $locale $key has enterprise-server: '>=2.23' where English has ghes: '>=3.0'", ({ locale, key }) => {
    expect(versionsFindings(site.findings(locale, key, 'frontmatter-mismatch'))).toEqual([]);
  });

  it('valid: real ja-JP reusable sidebar-pr has currentVersion == "github-ae@issue-4483" where English has ghae-issue-4483', () => {
    expect(site.findings('ja-JP', 'reusables.repositories.sidebar-pr', 'liquid-mismatch').filter((f) => f.includes('Condition'))).toEqual([]);
  });

  it.each([
    { locale: 'de-DE', key: WORKFLOW_COMMANDS },
    { locale: 'es-ES', key: API_PREVIEWS },
  ])('valid: real $locale $key has ver_lt "enterprise-server@2.23" where English has ghes < 3.0', ({ locale, key }) => {
    const items = site.findings(locale, key, 'liquid-mismatch');
    expect(items.filter((f) => f.includes('2.23') || f.includes('ghes < 3.0'))).toEqual([]);
  });
});

describe('a real difference of releases still reports', () => {
  const DE_ORG = `translations/de-DE/content/${DEFAULT_BRANCH_ORG}.md`;
  it.each([
    {
      name: "invalid: >=2.22 also builds the page for 2.22, which English's >=3.0 does not",
      to: "enterprise-server: '>=2.22'",
      expected: [
        `7 differs Frontmatter versions is {"enterprise-server":">=2.22","free-pro-team":"*","github-ae":"*"} but English has {"fpt":"*","ghae":"*","ghes":">=3.0"}; copy the English value.`,
      ],
    },
    {
      name: 'invalid: <2.23 is the opposite range',
      to: "enterprise-server: '<2.23'",
      expected: [
        `7 differs Frontmatter versions is {"enterprise-server":"<2.23","free-pro-team":"*","github-ae":"*"} but English has {"fpt":"*","ghae":"*","ghes":">=3.0"}; copy the English value.`,
      ],
    },
    { name: 'valid: >2.22 admits the releases >=3.0 does', to: "enterprise-server: '>2.22'", expected: [] },
  ])('$name', async ({ to, expected }) => {
    const other = await indexCopy({}, (files) => replaceIn(files, DE_ORG, "enterprise-server: '>=2.23'", to), ['frontmatter-mismatch']);
    try {
      expect(versionsFindings(other.findings('de-DE', DEFAULT_BRANCH_ORG, 'frontmatter-mismatch'))).toEqual(expected);
    } finally {
      other.close();
    }
  });

  it('invalid: ver_lt "enterprise-server@2.22" hides the content from 2.22 readers English shows it to', async () => {
    const DE = `translations/de-DE/content/${WORKFLOW_COMMANDS}.md`;
    const other = await indexCopy({}, (files) => replaceIn(files, DE, 'ver_lt "enterprise-server@2.23"', 'ver_lt "enterprise-server@2.22"'), [
      'liquid-mismatch',
    ]);
    try {
      const items = other
        .findings('de-DE', WORKFLOW_COMMANDS, 'liquid-mismatch')
        .filter((f) => f.includes('enterprise-server@2.22') || f.includes('ghes < 3.0'));
      expect(items.map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual(expect.arrayContaining(['91 extraCondition']));
      expect(items.some((f) => f.includes('missingCondition') && f.includes('ifversion ghes < 3.0'))).toBe(true);
    } finally {
      other.close();
    }
  });
});

describe('a different GitHub AE feature flag still reports', () => {
  it('invalid: github-ae@issue-9999 is another flag than English ghae-issue-4483', async () => {
    const JA = 'translations/ja-JP/data/reusables/repositories/sidebar-pr.md';
    const other = await indexCopy({}, (files) => replaceIn(files, JA, 'github-ae@issue-4483', 'github-ae@issue-9999'), ['liquid-mismatch']);
    try {
      expect(other.findings('ja-JP', 'reusables.repositories.sidebar-pr', 'liquid-mismatch').map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
        '1 missingCondition',
        '3 extraCondition',
      ]);
    } finally {
      other.close();
    }
  });
});

describe('the release list is configurable (frontmatter.releases)', () => {
  it('a site that did release a 2.23 reports the real de-DE range again', async () => {
    const other = await indexCopy({ frontmatter: { releases: [...GHES_RELEASES, '2.23'] } }, undefined, ['frontmatter-mismatch', 'liquid-mismatch']);
    try {
      expect(versionsFindings(other.findings('de-DE', DEFAULT_BRANCH_ORG, 'frontmatter-mismatch'))).toEqual([
        `7 differs Frontmatter versions is {"enterprise-server":">=2.23","free-pro-team":"*","github-ae":"*"} but English has {"fpt":"*","ghae":"*","ghes":">=3.0"}; copy the English value.`,
      ]);
      expect(
        other.findings('de-DE', WORKFLOW_COMMANDS, 'liquid-mismatch').filter((f) => f.includes('extraCondition') && f.includes('2.23')).length,
      ).toBeGreaterThan(0);
    } finally {
      other.close();
    }
  });

  it('bad input: a release that is not major.minor is a config error naming the field', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-gh-releases-bad-')), 'l10n-drift.config.json');
    fs.writeFileSync(file, JSON.stringify({ layout: 'github-docs', root: FIXTURE, frontmatter: { releases: ['3.0', 'three'] } }));
    expect(() => loadConfig({ config: file })).toThrow(ConfigError);
    expect(() => loadConfig({ config: file })).toThrow(/field "frontmatter\.releases\.1"/);
  });
});
