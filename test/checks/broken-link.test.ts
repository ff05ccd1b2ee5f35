import { ARTICLE_FILE, edit, LEGACY_TARGETS, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

const cases: CheckerCase[] = [
  { name: 'valid: every seed 003 link resolves with the legacy rules', locale: 'de-DE', files: { [ARTICLE_FILE]: seed('003') } },
  {
    name: 'invalid: a path that is no page and no redirect (snapshot: /github/administering-a-repository/configuring-protected-branches)',
    locale: 'es-ES',
    files: {
      [ARTICLE_FILE]: edit(
        seed('004'),
        '(/admin/configuration/configuring-github-connect/managing-github-connect)',
        '(/github/administering-a-repository/configuring-protected-branches)',
      ),
    },
    errors: [{ messageId: 'broken', includes: 'Link /github/administering-a-repository/configuring-protected-branches goes to no page' }],
  },
  {
    name: 'valid: legacy /v3/…, /v4/… and /enterprise/{{ currentVersion }}/user/… links of the snapshot resolve (outdated, not broken)',
    locale: 'es-XL',
    english: LEGACY_TARGETS,
    files: {
      [ARTICLE_FILE]: edit(
        seed('004'),
        '(/admin/configuration/configuring-github-connect/managing-github-connect)',
        '(/v3/repos/keys/), [Get a reference](/v3/repos/#get-a-repository), [2FA](/enterprise/{{ currentVersion }}/user/articles/about-two-factor-authentication/), [2FA](/enterprise/user/articles/about-two-factor-authentication)',
      ),
    },
  },
  {
    name: 'invalid: a /v3/… link to an API group that no page covers is still broken',
    locale: 'es-XL',
    english: LEGACY_TARGETS,
    files: {
      [ARTICLE_FILE]: edit(
        seed('004'),
        '(/admin/configuration/configuring-github-connect/managing-github-connect)',
        '(/v3/oauth_authorizations/#list-your-authorizations)',
      ),
    },
    errors: [{ messageId: 'broken', includes: 'Link /v3/oauth_authorizations/#list-your-authorizations goes to no page' }],
  },
];

checkTester('broken-link').run(cases);
