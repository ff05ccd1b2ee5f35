import { describe, it } from 'vitest';
import { ARTICLE_FILE, edit, expectCase, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  { name: 'valid: seed 000 (zh-CN) parses', locale: 'zh-CN', files: { [ARTICLE_FILE]: seed('000') }, expect: [] },
  {
    name: 'invalid: the opening brace lost as in the snapshot es-ES testing-your-ssh-connection.md ("% if … %}")',
    locale: 'zh-CN',
    files: { [ARTICLE_FILE]: edit(seed('000'), '{% ifversion ghes < 3.1 %}', '% ifversion ghes < 3.1 %}') },
    expect: ['syntax Liquid does not parse: {% endif %} has no opening tag'],
  },
];

describe('liquid-syntax', () => {
  it.each(cases)('$name', (c) => expectCase('liquid-syntax', c));
});
