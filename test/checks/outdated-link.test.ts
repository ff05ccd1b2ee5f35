import { ARTICLE_FILE, edit, LEGACY_TARGETS, readSample, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

const cases: CheckerCase[] = [
  { name: 'valid: seed 004 (es-ES) links only current paths', locale: 'es-ES', files: { [ARTICLE_FILE]: seed('004') } },
  {
    name: 'invalid: seed 000 (zh-CN) links twice through a redirect_from entry',
    locale: 'zh-CN',
    files: { [ARTICLE_FILE]: seed('000') },
    errors: [
      {
        messageId: 'redirect',
        includes:
          'Link /admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud goes to a moved page (through a redirect); use /admin/configuration/configuring-github-connect/managing-github-connect',
      },
      {
        messageId: 'redirect',
        includes:
          'Link /admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud goes to a moved page',
      },
    ],
  },
  {
    name: 'invalid: seed 003 (de-DE) legacy /enterprise/{{ currentVersion }}/ and /admin/guides/ links',
    locale: 'de-DE',
    files: { [ARTICLE_FILE]: seed('003') },
    errors: [
      {
        messageId: 'legacy',
        includes:
          'Link /enterprise/{{currentVersion}}/admin/installation/managing-your-github-enterprise-license uses an old URL form that only legacy rules resolve; use /billing/managing-your-license-for-github-enterprise.',
      },
      {
        messageId: 'legacy',
        includes:
          'Link /enterprise/{{ currentVersion }}/admin/guides/installation/connecting-github-enterprise-server-to-github-enterprise-cloud uses an old URL form that only legacy rules resolve; use /admin/configuration/configuring-github-connect/managing-github-connect.',
      },
      {
        messageId: 'legacy',
        includes: 'Link /enterprise/{{ currentVersion }}/admin/guides/installation/connecting-github-enterprise-server-to-github-enterprise-cloud',
      },
    ],
  },
  {
    name: 'invalid: developer.github.com /v3/… links (es-XL reusables.webhooks.deploy_key_short_desc) resolve to /rest/reference/… with the sub-page as anchor',
    locale: 'es-ES',
    english: LEGACY_TARGETS,
    files: { [ARTICLE_FILE]: edit(seed('004'), '(/admin/configuration/configuring-github-connect/managing-github-connect)', '(/v3/repos/keys/)') },
    errors: [{ messageId: 'legacy', includes: 'Link /v3/repos/keys/ uses an old URL form that only legacy rules resolve; use /rest/reference/repos#keys' }],
  },
  {
    name: 'invalid: /enterprise/{{ currentVersion }}/user/… links (es-ES best-practices-for-user-security) resolve to the path after /user',
    locale: 'es-ES',
    english: LEGACY_TARGETS,
    files: {
      [ARTICLE_FILE]: edit(
        seed('004'),
        '(/admin/configuration/configuring-github-connect/managing-github-connect)',
        '(/enterprise/{{ currentVersion }}/user/articles/about-two-factor-authentication)',
      ),
    },
    errors: [
      {
        messageId: 'legacy',
        includes:
          'Link /enterprise/{{ currentVersion }}/user/articles/about-two-factor-authentication uses an old URL form that only legacy rules resolve; use /github/authenticating-to-github/securing-your-account-with-two-factor-authentication-2fa/about-two-factor-authentication',
      },
    ],
  },
  {
    name: 'info: seed 000 (zh-CN) keeps the redirected link English itself still uses (English edited to the old URL)',
    locale: 'zh-CN',
    english: {
      [ARTICLE_FILE]: edit(
        readSample(ARTICLE_FILE),
        '(/admin/configuration/configuring-github-connect/managing-github-connect)',
        '(/admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud)',
      ),
    },
    files: { [ARTICLE_FILE]: seed('000') },
    errors: [
      {
        messageId: 'redirectInEnglish',
        includes:
          'Link /admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud goes to a moved page (through a redirect), as the same link in English does',
      },
      {
        messageId: 'redirectInEnglish',
        includes:
          'Link /admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud goes to a moved page (through a redirect), as the same link in English does',
      },
    ],
  },
];

checkTester('outdated-link').run(cases);
