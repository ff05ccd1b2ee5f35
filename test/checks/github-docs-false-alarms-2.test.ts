import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import { githubDocs } from '../../server/layouts/github-docs.ts';
import { canonicalCondition, conditionScope } from '../../server/checks/lib/conditions.ts';
import { getCheck } from '../../server/checks/registry.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexRoot, REPO, type Indexed } from './helpers.ts';
import { readTree, runInMemory, type TestFinding } from './tester.ts';

/**
 * False-alarm classes of the GitHub Docs snapshot hand check (docs/precision-github-docs.md),
 * on real files of the 2021-07-03 snapshot (test/fixtures/github-docs-false-alarms, see NOTICE).
 */
const FIXTURE = path.join(REPO, 'test/fixtures/github-docs-false-alarms');

const OLD_ISSUES = 'github/managing-your-work-on-github/managing-your-work-with-issues-and-pull-requests';
const MERGED = 'issues/tracking-your-work-with-issues/creating-an-issue';
const PREDECESSOR = 'issues/tracking-your-work-with-issues/creating-issues/creating-an-issue';
const GONE = 'github/receiving-notifications-about-activity-on-github/getting-started-with-notifications/about-web-notifications';
const TRIAL_OLD = 'github/getting-started-with-github/signing-up-for-github/setting-up-a-trial-of-github-enterprise-server';
const SUBDOMAIN = 'admin/configuration/configuring-network-settings/enabling-subdomain-isolation';

function copyFixture(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-gh-fa-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  return root;
}

/**
 * The findings of `checks` on the fixture after `edit` changes its files (paths relative to the
 * site root), in memory (tester.ts): parsed, encoded and checked as an index run does, without a copy or SQLite.
 */
async function checkEdited(checks: string[], edit: (files: Record<string, string>) => void): Promise<TestFinding[]> {
  const files = readTree(FIXTURE);
  edit(files);
  const config = resolveConfig({ root: FIXTURE, db: path.join(FIXTURE, 'unused.db'), workers: 0 }, FIXTURE);
  // The locales the indexer finds: the folders under translations/.
  const locales = [...new Set(Object.keys(files).flatMap((f) => /^translations\/([^/]+)\//.exec(f)?.[1] ?? []))].sort();
  return runInMemory(
    checks.map((id) => getCheck(id)!),
    locales,
    files,
    { config },
  );
}

let site: Indexed;
beforeAll(async () => {
  site = await indexRoot(copyFixture());
});
afterAll(() => site.close());

/** `check messageId message` of the open findings on one file. */
function on(locale: string, key: string, check?: string): string[] {
  return site.findings
    .list({ locale, status: 'open', limit: 1000 })
    .items.filter((f) => f.key === key && (check === undefined || f.check_id === check))
    .map((f) => `${f.check_id} ${f.message_id} ${f.message}`);
}

describe('legacy version names in frontmatter (class 3): the site reads free-pro-team/enterprise-server/github-ae as fpt/ghes/ghae', () => {
  it.each([
    { name: 'valid: real de-DE page writes `enterprise-server: *` where English writes `ghes: *`', value: null, expect: [] },
    {
      name: 'invalid: the same page with a range English does not have is still a difference',
      value: "  enterprise-server: '>=3.0'\n",
      expect: [`frontmatter-mismatch differs Frontmatter versions is {"enterprise-server":">=3.0"} but English has {"ghes":"*"}; copy the English value.`],
    },
    {
      name: 'invalid: an extra version English does not build the page for',
      value: "  enterprise-server: '*'\n  free-pro-team: '*'\n",
      expect: [
        `frontmatter-mismatch differs Frontmatter versions is {"enterprise-server":"*","free-pro-team":"*"} but English has {"ghes":"*"}; copy the English value.`,
      ],
    },
  ])('$name', async (c) => {
    if (c.value === null) {
      expect(on('de-DE', SUBDOMAIN, 'frontmatter-mismatch')).toEqual([]);
      return;
    }
    const found = await checkEdited(['frontmatter-mismatch'], (files) => {
      const file = `translations/de-DE/content/${SUBDOMAIN}.md`;
      const text = files[file]!;
      const changed = text.replace("versions:\n  enterprise-server: '*'\n", `versions:\n${c.value}`);
      expect(changed).not.toBe(text);
      files[file] = changed;
    });
    const items = found.filter((f) => f.locale === 'de-DE' && f.key === SUBDOMAIN).map((f) => `${f.check_id} ${f.message_id} ${f.message}`);
    expect(items).toEqual(c.expect);
  });
});

describe('release ranges in frontmatter versions: a lower bound every documented release passes is `*`', () => {
  it('valid: real es-ES about-enterprise-accounts has `enterprise-server: >=2.20` where English has `ghes: *` (English conditions name 2.21 as the oldest release)', () => {
    expect(on('es-ES', 'admin/overview/about-enterprise-accounts', 'frontmatter-mismatch')).toEqual([]);
  });

  it.each([
    { value: "  enterprise-server: '>=2.21'\n", expect: [] },
    {
      value: "  enterprise-server: '>=2.19 <=2.22'\n",
      expect: [
        `frontmatter-mismatch differs Frontmatter versions is {"enterprise-server":">=2.19 <=2.22"} but English has {"ghes":"*"}; copy the English value.`,
      ],
    },
    {
      value: "  enterprise-server: '>2.21'\n",
      expect: [`frontmatter-mismatch differs Frontmatter versions is {"enterprise-server":">2.21"} but English has {"ghes":"*"}; copy the English value.`],
    },
  ])('de-DE subdomain isolation with $value', async (c) => {
    const found = await checkEdited(['frontmatter-mismatch'], (files) => {
      const file = `translations/de-DE/content/${SUBDOMAIN}.md`;
      const text = files[file]!;
      const changed = text.replace("versions:\n  enterprise-server: '*'\n", `versions:\n${c.value}`);
      expect(changed).not.toBe(text);
      files[file] = changed;
    });
    const items = found.filter((f) => f.locale === 'de-DE' && f.key === SUBDOMAIN).map((f) => `${f.check_id} ${f.message_id} ${f.message}`);
    expect(items).toEqual(c.expect);
  });
});

describe('a "gone" orphan reaches no reader on GitHub Docs (class 1): only orphaned-translation looks at it', () => {
  it('valid: the real de-DE about-web-notifications (English dropped the page) has no link or text findings', () => {
    expect(on('de-DE', GONE)).toEqual([
      `orphaned-translation gone No English page /${GONE} exists any more (and no English redirect names it); delete the translation or find its new page.`,
    ]);
  });

  it('invalid: the same file while English still has the page gets its broken links reported', async () => {
    // English at the same key: the translation is served, so its links matter.
    const found = await checkEdited(['broken-link', 'orphaned-translation'], (files) => {
      files[`content/${GONE}.md`] = files[`translations/de-DE/content/${GONE}.md`]!;
    });
    const items = found.filter((f) => f.locale === 'de-DE' && f.key === GONE);
    expect(items.map((f) => f.check_id)).not.toContain('orphaned-translation');
    expect(items.filter((f) => f.check_id === 'broken-link').length).toBeGreaterThan(0);
  });
});

describe('many-to-one merge (class 2): only the predecessor is paired with the merged page', () => {
  const merged = `orphaned-translation merged English moved or merged this page into /${MERGED}, whose translation is translations/de-DE/content/${PREDECESSOR}.md (filed under the most recent old URL of that page: move it there); this file is a leftover: delete it (after carrying over into translations/de-DE/content/${PREDECESSOR}.md anything it still needs).`;
  it.each([
    {
      name: 'valid: the predecessor (creating-an-issue at its latest old URL, the last redirect_from entry) moves to the merged page',
      key: PREDECESSOR,
      check: 'orphaned-translation',
      expect: [
        `orphaned-translation moved English moved this page from /${PREDECESSOR} to /${MERGED}; move the translation to translations/de-DE/content/${MERGED}.md.`,
      ],
    },
    {
      name: 'invalid (leftover): an older copy of creating-an-issue (an earlier redirect_from entry)',
      key: `${OLD_ISSUES}/creating-an-issue`,
      check: undefined,
      expect: [merged],
    },
    {
      name: 'invalid (leftover): opening-an-issue-from-a-comment was merged in; delete it',
      key: `${OLD_ISSUES}/opening-an-issue-from-a-comment`,
      check: undefined,
      expect: [merged],
    },
    {
      name: 'invalid (leftover): opening-an-issue-from-code was merged in; no missing redirects, links or sections of its siblings',
      key: `${OLD_ISSUES}/opening-an-issue-from-code`,
      check: undefined,
      expect: [merged],
    },
  ])('$name', (c) => {
    expect(on('de-DE', c.key, c.check)).toEqual(c.expect);
  });

  it('invalid: the predecessor is still compared with the merged page (it lacks the merged-in redirects)', () => {
    const redirects = on('de-DE', PREDECESSOR, 'missing-redirect');
    expect(redirects).toContain(
      `missing-redirect missing Missing redirect_from /${OLD_ISSUES}/opening-an-issue-from-code (English has it); readers following that old URL in this locale get a 404.`,
    );
  });

  it('the coverage model pairs the same file: one moved article, the other copies leftovers', () => {
    const articles = new CoverageRepository(site.db).articles('en', 'de-DE').filter((a) => a.englishKey === MERGED);
    expect(articles.filter((a) => a.hasFile).map((a) => [a.key, a.state])).toEqual(
      expect.arrayContaining([
        [PREDECESSOR, 'base-unknown'],
        [`${OLD_ISSUES}/creating-an-issue`, 'leftover'],
        [`${OLD_ISSUES}/opening-an-issue-from-a-comment`, 'leftover'],
        [`${OLD_ISSUES}/opening-an-issue-from-code`, 'leftover'],
      ]),
    );
  });
});

describe('links the site resolves (class 4)', () => {
  it.each([
    { target: '/enterprise-server/rest/reference/oauth-authorizations', key: 'rest/reference/oauth-authorizations' },
    { target: '/enterprise-server@3.1/rest/reference/oauth-authorizations', key: 'rest/reference/oauth-authorizations' },
    { target: '/enterprise/admin/user-management/creating-organizations', key: 'admin/user-management/creating-organizations' },
    // English links these everywhere (2021-07-03: content/desktop/…/adding-an-existing-project-to-github-using-github-desktop.md).
    {
      target: '/desktop/guides/contributing-to-projects/adding-a-repository-from-your-local-computer-to-github-desktop',
      key: 'desktop/contributing-to-projects/adding-a-repository-from-your-local-computer-to-github-desktop',
    },
    // es-ES increasing-storage-capacity: English's redirect_from lists /enterprise/admin/installation/enabling-and-scheduling-maintenance-mode.
    {
      target: '/admin/guides/installation/enabling-and-scheduling-maintenance-mode',
      key: 'enterprise/admin/installation/enabling-and-scheduling-maintenance-mode',
    },
  ])('$target answers to $key', ({ target, key }) => {
    expect(githubDocs.linkKeys(target).map((k) => k.key)).toContain(key);
  });

  it('/public/… downloads (the GraphQL schema of graphql/overview/public-schema) are files the site serves, not page links', () => {
    expect(githubDocs.linkKeys('/public/schema.docs.graphql')).toEqual([]);
    expect(githubDocs.linkKeys('/public/ghae/schema.docs-ghae.graphql')).toEqual([]);
  });

  it('README.md files are no pages (lib/page-data.js skips them): not indexed, so no missing translation or link finding', () => {
    expect(githubDocs.classify('content/README.md')).toBeNull();
    expect(githubDocs.classify('content/rest/README.md')).toBeNull();
    expect(githubDocs.classify('content/rest/index.md')).toEqual({ kind: 'page', key: 'rest' });
  });

  it('valid: versionless /enterprise-server/… in the real de-DE REST troubleshooting page is a working link', () => {
    expect(on('de-DE', 'rest/overview/troubleshooting').filter((f) => f.includes('oauth-authorizations'))).toEqual([]);
  });

  it('invalid (outdated, not broken): /enterprise/admin/… reaches the page through English redirect_from /admin/…', () => {
    const links = on('ja-JP', TRIAL_OLD).filter((f) => f.includes('/enterprise/admin/user-management/creating-organizations'));
    expect(links).toEqual([
      // English's page keeps the same old link: the finding says so (info), and no broken-link error.
      'outdated-link legacyInEnglish Link /enterprise/admin/user-management/creating-organizations uses an old URL form that only legacy rules resolve, as the same link in English does; use /organizations/collaborating-with-groups-in-organizations/creating-a-new-organization-from-scratch, and tell the English writers.',
    ]);
  });
});

describe('version conditions that decide nothing (liquid-mismatch): every version passes, or no documented release does', () => {
  const oldest = [2, 22] as const;
  const versions = githubDocs.versionNames ?? [];
  it.each([
    // zh-CN github/creating-cloning-and-archiving-repositories/cloning-a-repository-from-github/cloning-a-repository.md:23 (English has no condition there).
    {
      condition: 'if currentVersion == "free-pro-team@latest" or currentVersion == "github-ae@latest" or currentVersion ver_gt "enterprise-server@2.19"',
      scope: 'all',
    },
    // de-DE developers/apps/building-github-apps/creating-a-github-app-from-a-manifest.md:177 (English dropped the pre-release block).
    { condition: 'if enterpriseServerVersions contains currentVersion and currentVersion ver_lt "enterprise-server@2.21"', scope: 'none' },
    { condition: 'ifversion ghes < 2.22', scope: 'none' },
    // Still compared: content for some readers only.
    { condition: 'ifversion ghes < 2.23', scope: 'some' },
    { condition: 'ifversion fpt or ghes > 3.0', scope: 'some' },
    { condition: 'ifversion fpt or ghae-next or ghes', scope: 'some' },
    { condition: 'if currentVersion == "free-pro-team@latest" or currentVersion ver_gt "enterprise-server@2.21"', scope: 'some' },
  ])('$condition → $scope', ({ condition, scope }) => {
    expect(conditionScope(canonicalCondition(condition, oldest), oldest, versions)).toBe(scope);
  });
});

describe('links in a Liquid branch no documented version renders (class 4a): no link finding', () => {
  const TEAM = 'organizations/collaborating-with-your-team/about-team-discussions';
  // The fixture has neither the old nor the new notification pages: only the branch decides.
  const oldPages = (items: string[]) => items.filter((f) => f.startsWith('broken-link') && f.includes('/receiving-notifications-about-activity-on-github/'));
  it('valid: real zh-CN about-team-discussions:34 links old notification pages only in the {% else %} of fpt or ghae or ghes > 2.20', () => {
    expect(oldPages(on('zh-CN', TEAM))).toEqual([]);
    // The then branch is rendered: its link is still checked.
    expect(on('zh-CN', TEAM, 'broken-link').some((f) => f.includes('/configuring-notifications'))).toBe(true);
  });

  it.each([
    {
      name: 'invalid: without github-ae in the condition, GitHub AE readers get the else branch and its broken links',
      from: 'currentVersion == "free-pro-team@latest" or currentVersion == "github-ae@latest" or currentVersion ver_gt "enterprise-server@2.20"',
      to: 'currentVersion == "free-pro-team@latest" or currentVersion ver_gt "enterprise-server@2.20"',
      count: 2,
    },
    {
      name: 'valid: a page built for Enterprise Server only: its else branch of fpt or ghes > 2.20 reaches no reader',
      from: "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n  github-ae: '*'\n",
      to: "versions:\n  enterprise-server: '*'\n",
      alsoFrom: 'currentVersion == "github-ae@latest" or ',
      count: 0,
    },
    {
      name: 'invalid: ghes > 2.21 leaves the else branch to 2.21, the oldest release English documents',
      from: 'currentVersion ver_gt "enterprise-server@2.20"',
      to: 'currentVersion ver_gt "enterprise-server@2.21"',
      count: 2,
    },
  ])('$name', async (c) => {
    const found = await checkEdited(['broken-link'], (files) => {
      const file = `translations/zh-CN/content/${TEAM}.md`;
      const text = files[file]!;
      let changed = text.replace(c.from, c.to);
      if ('alsoFrom' in c && c.alsoFrom) changed = changed.replace(c.alsoFrom, '');
      expect(changed).not.toBe(text);
      files[file] = changed;
    });
    const items = found.filter(
      (f) => f.locale === 'zh-CN' && f.key === TEAM && f.line === 34 && f.message.includes('/receiving-notifications-about-activity-on-github/'),
    );
    expect(items.length).toBe(c.count);
  });
});
