import { describe, it } from 'vitest';
import { ARTICLE_FILE, edit, expectCase, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  { name: 'valid: every seed 003 link resolves with the legacy rules', locale: 'de-DE', files: { [ARTICLE_FILE]: seed('003') }, expect: [] },
  {
    name: 'invalid: a path that is no page and no redirect (snapshot: /github/administering-a-repository/configuring-protected-branches)',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: edit(seed('004'), '(/admin/configuration/configuring-github-connect/managing-github-connect)', '(/github/administering-a-repository/configuring-protected-branches)') },
    expect: ['broken Link /github/administering-a-repository/configuring-protected-branches goes to no page'],
  },
];

describe('broken-link', () => {
  it.each(cases)('$name', (c) => expectCase('broken-link', c));
});
