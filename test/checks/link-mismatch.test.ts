import { ARTICLE_FILE, readSample, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

const cases: CheckerCase[] = [
  { name: 'valid: English checked as a translation of itself', locale: 'fr-FR', files: { [ARTICLE_FILE]: readSample(ARTICLE_FILE) } },
  {
    name: 'invalid: seed 002 (pt-BR) lacks about-github-connect and links the billing index instead',
    locale: 'pt-BR',
    files: { [ARTICLE_FILE]: seed('002') },
    errors: [
      { messageId: 'missing', includes: 'English links to /admin/configuration/configuring-github-connect/about-github-connect' },
      { messageId: 'extra', includes: 'Translation links to /billing/managing-your-license-for-github-enterprise' },
    ],
  },
];

checkTester('link-mismatch').run(cases);
