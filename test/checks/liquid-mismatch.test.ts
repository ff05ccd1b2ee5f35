import { describe, it } from 'vitest';
import { ARTICLE_FILE, expectCase, readSample, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  { name: 'valid: English checked as a translation of itself', locale: 'fr-FR', files: { [ARTICLE_FILE]: readSample(ARTICLE_FILE) }, expect: [] },
  {
    name: 'invalid: seed 004 (es-ES) lacks unique-user-licensing-model and ifversion ghes > 3.4; product_location unknown',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: seed('004') },
    expect: [
      'missingReference English uses reusables.enterprise-licensing.unique-user-licensing-model',
      'missingCondition English has {% ifversion ghes > 3.4 %}',
      'unknownVariable Variable variables.product.product_location is not defined (English has variables.location.product_location)',
      'unknownVariable Variable variables.product.product_location is not defined',
      'missingReference English uses variables.location.product_location',
    ],
  },
];

describe('liquid-mismatch', () => {
  it.each(cases)('$name', (c) => expectCase('liquid-mismatch', c));
});
