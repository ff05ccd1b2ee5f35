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
  {
    // Positional pairing compared "About" (no steps) with "Enabling" (one step) and reported both step counts.
    name: 'valid: seed 004 (es-ES) with its two sections in the other order (as after English reordered them)',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: swapSections(seed('004')) },
  },
  {
    name: 'invalid: seed 004 (es-ES) without its first section: the count, and a demoted heading of the section that still pairs',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: edit(dropFirstSection(seed('004')), /^## /m, '### ') },
    errors: [
      { messageId: 'sectionCount', includes: 'The translation has 2 sections, English has 3' },
      { messageId: 'headingLevel', includes: 'Heading "' },
    ],
  },
];

/** The page with its two `##` sections swapped. */
function swapSections(text: string): string {
  const [head, first, second] = text.split(/\n(?=## )/);
  if (!head || !first || !second) throw new Error('swapSections: two ## sections expected');
  return [head, second.trimEnd() + '\n', first].join('\n');
}

/** The page without its first `##` section. */
function dropFirstSection(text: string): string {
  const [head, , ...rest] = text.split(/\n(?=## )/);
  if (!head || rest.length === 0) throw new Error('dropFirstSection: two ## sections expected');
  return [head, ...rest].join('\n');
}

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
