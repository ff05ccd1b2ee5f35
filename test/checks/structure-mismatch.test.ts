import { describe, expect, it } from 'vitest';
import { renderedNumbers } from '../../server/checks/structure-mismatch.ts';
import { ARTICLE_FILE, edit, readSample, seed } from './helpers.ts';
import { testCase, type CheckerCase } from './tester.ts';

const cases: CheckerCase[] = [
  { name: 'valid: English checked as a translation of itself', locale: 'fr-FR', files: { [ARTICLE_FILE]: readSample(ARTICLE_FILE) } },
  { name: 'valid: seed 004 (es-ES) keeps ## headings and step 1.', locale: 'es-ES', files: { [ARTICLE_FILE]: seed('004') } },
  {
    name: 'invalid: seed 003 (de-DE) ### headings and step 5.',
    locale: 'de-DE',
    files: { [ARTICLE_FILE]: seed('003') },
    // Both headings one level deeper: one finding for the shift (the snapshot had 7,485 such pages, 39k headings).
    errors: [
      {
        messageId: 'headingShift',
        includes:
          '2 headings are 1 level(s) deeper than in English ("Informationen zur Lizenzsynchronisierung", "Lizenzsynchronisierung aktivieren"); shift each heading by 1 level(s), e.g. ### → ##',
      },
      { messageId: 'stepNumber', includes: 'Section "Lizenzsynchronisierung aktivieren" numbers its steps 5 where English has 1' },
    ],
  },
  {
    name: 'invalid: seed 004 (es-ES) with one heading demoted is reported for that heading',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: edit(seed('004'), /^## /m, '### ') },
    errors: [{ messageId: 'headingLevel', includes: 'Heading "' }],
  },
];

describe('structure-mismatch', () => {
  it.each(cases)('$name', (c) => testCase('structure-mismatch', c));
  it.each([
    [
      [1, 1, 1],
      [1, 2, 3],
    ],
    [
      [1, 2, 3],
      [1, 2, 3],
    ],
    [[5], [5]],
    [
      [1, 2, 1, 1],
      [1, 2, 1, 2],
    ],
  ])('renders %j as %j', (steps, shown) => expect(renderedNumbers(steps)).toEqual(shown));
});
