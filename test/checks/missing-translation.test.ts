import { describe, it } from 'vitest';
import { ARTICLE_FILE, expectCase, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  {
    name: 'invalid: a locale with only the article lacks the other seven pages, not the article',
    locale: 'zh-CN',
    files: { [ARTICLE_FILE]: seed('000') },
    expect: [
      'No zh-CN translation of /admin;',
      'No zh-CN translation of /admin/configuration;',
      'of /admin/configuration/configuring-github-connect;',
      'of /admin/configuration/configuring-github-connect/about-github-connect;',
      'of /admin/configuration/configuring-github-connect/managing-github-connect;',
      'of /billing/managing-your-license-for-github-enterprise;',
      'of /billing/managing-your-license-for-github-enterprise/syncing-license-usage',
    ],
    forbid: ['enabling-automatic-user-license-sync-for-your-enterprise'],
  },
  {
    name: 'valid for the article: seed 003 at the old key counts as its translation (moved page)',
    locale: 'de-DE',
    files: { 'content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md': seed('003') },
    expect: [
      'of /admin;',
      'of /admin/configuration;',
      'configuring-github-connect;',
      'about-github-connect;',
      'managing-github-connect;',
      'github-enterprise;',
      'syncing-license-usage',
    ],
    forbid: ['enabling-automatic-user-license-sync-for-your-enterprise'],
  },
];

describe('missing-translation', () => {
  it.each(cases)('$name', (c) => expectCase('missing-translation', c));
});
