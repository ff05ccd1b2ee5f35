import { describe, it } from 'vitest';
import { ARTICLE_FILE, edit, expectCase, seed, type CheckCase } from './helpers.ts';

const es = seed('004');
const cases: CheckCase[] = [
  { name: 'valid: seed 004 (es-ES) parses', locale: 'es-ES', files: { [ARTICLE_FILE]: es }, expect: [] },
  {
    name: 'invalid: a translated apostrophe ends the quoted intro early',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: edit(es, "intro: 'You can manage", "intro: 'Puedes gestionar l'uso de") },
    expect: ['yaml Frontmatter does not parse'],
  },
];

describe('parse-error', () => {
  it.each(cases)('$name', (c) => expectCase('parse-error', c));
});
