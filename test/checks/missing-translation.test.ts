import { ARTICLE_FILE, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

const cases: CheckerCase[] = [
  {
    name: 'invalid: a locale with only the article lacks the other seven pages, not the article',
    locale: 'zh-CN',
    files: { [ARTICLE_FILE]: seed('000') },
    errors: [
      // Words to translate: the index page has no body; title (3) + shortTitle (2) + intro (16, Liquid tags left out).
      { messageId: 'missing', includes: 'No zh-CN translation of /admin;', data: { words: 21 } },
      { messageId: 'missing', includes: 'No zh-CN translation of /admin/configuration;' },
      { messageId: 'missing', includes: 'of /admin/configuration/configuring-github-connect;' },
      { messageId: 'missing', includes: 'of /admin/configuration/configuring-github-connect/about-github-connect;' },
      { messageId: 'missing', includes: 'of /admin/configuration/configuring-github-connect/managing-github-connect;' },
      { messageId: 'missing', includes: 'of /billing/managing-your-license-for-github-enterprise;' },
      { messageId: 'missing', includes: 'of /billing/managing-your-license-for-github-enterprise/syncing-license-usage' },
    ],
    forbid: ['enabling-automatic-user-license-sync-for-your-enterprise'],
  },
  {
    name: 'valid for the article: seed 003 at the old key counts as its translation (moved page)',
    locale: 'de-DE',
    files: { 'content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md': seed('003') },
    errors: [
      { messageId: 'missing', includes: 'of /admin;' },
      { messageId: 'missing', includes: 'of /admin/configuration;' },
      { messageId: 'missing', includes: 'configuring-github-connect;' },
      { messageId: 'missing', includes: 'about-github-connect;' },
      { messageId: 'missing', includes: 'managing-github-connect;' },
      { messageId: 'missing', includes: 'github-enterprise;' },
      { messageId: 'missing', includes: 'syncing-license-usage' },
    ],
    forbid: ['enabling-automatic-user-license-sync-for-your-enterprise'],
  },
];

checkTester('missing-translation').run(cases);
