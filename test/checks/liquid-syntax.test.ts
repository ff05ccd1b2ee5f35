import { ARTICLE_FILE, edit, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

const cases: CheckerCase[] = [
  { name: 'valid: seed 000 (zh-CN) parses', locale: 'zh-CN', files: { [ARTICLE_FILE]: seed('000') } },
  {
    name: 'invalid: the opening brace lost as in the snapshot es-ES testing-your-ssh-connection.md ("% if … %}")',
    locale: 'zh-CN',
    files: { [ARTICLE_FILE]: edit(seed('000'), '{% ifversion ghes < 3.1 %}', '% ifversion ghes < 3.1 %}') },
    errors: [{ messageId: 'syntax', includes: 'Liquid does not parse: {% endif %} has no opening tag' }],
  },
];

checkTester('liquid-syntax').run(cases);
