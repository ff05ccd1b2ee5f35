import { describe, it } from 'vitest';
import { ARTICLE_FILE, edit, expectCase, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  { name: 'valid: seed 002 (pt-BR) has the five English entries', locale: 'pt-BR', files: { [ARTICLE_FILE]: seed('002') }, expect: [] },
  {
    name: 'invalid: seed 000 (zh-CN) lacks the managing-connections entry',
    locale: 'zh-CN',
    files: { [ARTICLE_FILE]: seed('000') },
    expect: ['missing Missing redirect_from /admin/configuration/managing-connections-between-your-enterprise-accounts/enabling-automatic'],
  },
  {
    name: 'invalid: an entry English does not have is extra',
    locale: 'pt-BR',
    files: { [ARTICLE_FILE]: edit(seed('002'), 'redirect_from:\n', 'redirect_from:\n  - /admin/old-license-sync\n') },
    expect: ['extra redirect_from /admin/old-license-sync is not in English'],
  },
];

describe('missing-redirect', () => {
  it.each(cases)('$name', (c) => expectCase('missing-redirect', c));
});
