import { ARTICLE_FILE, edit, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

const cases: CheckerCase[] = [
  { name: 'valid: seed 002 (pt-BR) has the five English entries', locale: 'pt-BR', files: { [ARTICLE_FILE]: seed('002') } },
  {
    name: 'invalid: seed 000 (zh-CN) lacks the managing-connections entry',
    locale: 'zh-CN',
    files: { [ARTICLE_FILE]: seed('000') },
    errors: [
      { messageId: 'missing', includes: 'Missing redirect_from /admin/configuration/managing-connections-between-your-enterprise-accounts/enabling-automatic' },
    ],
  },
  {
    name: 'invalid: an entry English does not have is extra',
    locale: 'pt-BR',
    files: { [ARTICLE_FILE]: edit(seed('002'), 'redirect_from:\n', 'redirect_from:\n  - /admin/old-license-sync\n') },
    errors: [{ messageId: 'extra', includes: 'redirect_from /admin/old-license-sync is not in English' }],
  },
];

checkTester('missing-redirect').run(cases);
