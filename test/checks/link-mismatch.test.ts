import { ARTICLE_FILE, edit, readSample, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

/** The English article with its two sections in the other order (what a translation keeps after English reorders them). */
function swapped(text: string): string {
  const about = text.indexOf('## About automatic license synchronization');
  const enabling = text.indexOf('## Enabling license synchronization');
  if (about < 0 || enabling < about) throw new Error('swapped: sections not found');
  return text.slice(0, about) + text.slice(enabling).trimEnd() + '\n\n' + text.slice(about, enabling).trimEnd() + '\n';
}

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
  {
    // Positional pairing compared "About" with "Enabling" and reported every link of both as missing and extra.
    name: 'valid: the same sections in the other order (English reordered them): no section is compared with the wrong one',
    locale: 'ja-JP',
    files: { [ARTICLE_FILE]: swapped(readSample(ARTICLE_FILE)) },
  },
  {
    name: 'invalid: reordered, and one link dropped from the section that still pairs by content',
    locale: 'ja-JP',
    files: {
      [ARTICLE_FILE]: edit(
        swapped(readSample(ARTICLE_FILE)),
        /\[AUTOTITLE\]\(\/admin\/configuration\/configuring-github-connect\/about-github-connect#[^)]*\)/,
        'AUTOTITLE',
      ),
    },
    errors: [{ messageId: 'missing', includes: 'English links to /admin/configuration/configuring-github-connect/about-github-connect' }],
  },
];

checkTester('link-mismatch').run(cases);
