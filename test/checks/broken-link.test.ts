import { describe, it } from 'vitest';
import { ARTICLE_FILE, edit, expectCase, LEGACY_TARGETS, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  { name: 'valid: every seed 003 link resolves with the legacy rules', locale: 'de-DE', files: { [ARTICLE_FILE]: seed('003') }, expect: [] },
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
    expect: ['broken Link /github/administering-a-repository/configuring-protected-branches goes to no page'],
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
    expect: [],
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
    expect: ['broken Link /v3/oauth_authorizations/#list-your-authorizations goes to no page'],
  },
];

describe('broken-link', () => {
  it.each(cases)('$name', (c) => expectCase('broken-link', c));
});
