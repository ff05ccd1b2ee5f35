import { describe, expect, it } from 'vitest';
import { renderedNumbers } from '../../server/checks/structure-mismatch.ts';
import { ARTICLE_FILE, expectCase, readSample, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  { name: 'valid: English checked as a translation of itself', locale: 'fr-FR', files: { [ARTICLE_FILE]: readSample(ARTICLE_FILE) }, expect: [] },
  { name: 'valid: seed 004 (es-ES) keeps ## headings and step 1.', locale: 'es-ES', files: { [ARTICLE_FILE]: seed('004') }, expect: [] },
  {
    name: 'invalid: seed 003 (de-DE) ### headings and step 5.',
    locale: 'de-DE',
    files: { [ARTICLE_FILE]: seed('003') },
    expect: ['headingLevel Heading "Informationen zur Lizenzsynchronisierung" is level 3 (###)', 'headingLevel Heading "Lizenzsynchronisierung aktivieren" is level 3', 'stepNumber Section "Lizenzsynchronisierung aktivieren" numbers its steps 5 where English has 1'],
  },
];

describe('structure-mismatch', () => {
  it.each(cases)('$name', (c) => expectCase('structure-mismatch', c));
  it.each([
    [[1, 1, 1], [1, 2, 3]],
    [[1, 2, 3], [1, 2, 3]],
    [[5], [5]],
    [[1, 2, 1, 1], [1, 2, 1, 2]],
  ])('renders %j as %j', (steps, shown) => expect(renderedNumbers(steps)).toEqual(shown));
});
