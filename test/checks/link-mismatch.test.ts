import { describe, it } from 'vitest';
import { ARTICLE_FILE, expectCase, readSample, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  { name: 'valid: English checked as a translation of itself', locale: 'fr-FR', files: { [ARTICLE_FILE]: readSample(ARTICLE_FILE) }, expect: [] },
  {
    name: 'invalid: seed 002 (pt-BR) lacks about-github-connect and links the billing index instead',
    locale: 'pt-BR',
    files: { [ARTICLE_FILE]: seed('002') },
    expect: [
      'missing English links to /admin/configuration/configuring-github-connect/about-github-connect',
      'extra Translation links to /billing/managing-your-license-for-github-enterprise',
    ],
  },
];

describe('link-mismatch', () => {
  it.each(cases)('$name', (c) => expectCase('link-mismatch', c));
});
