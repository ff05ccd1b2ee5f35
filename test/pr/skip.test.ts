import { describe, expect, it } from 'vitest';
import { DEFAULT_SKIP, isCosmetic } from '../../server/history/skip.ts';

describe('which English commits writers marked cosmetic', () => {
  it.each([
    ['Fix typos [l10n skip]', true],
    ['[L10N SKIP] fix typos', true],
    ['Fix typos\n\nL10n-Drift: cosmetic', true],
    ['Fix typos\n\nSome words.\n\nSigned-off-by: A <a@b.c>\nl10n-drift:   Cosmetic  ', true],
    // The keyword counts in the subject only; the trailer only in the last paragraph, as its own line.
    ['Fix typos\n\nThis is not [l10n skip] material.', false],
    ['L10n-Drift: cosmetic', false],
    ['Fix typos\n\nL10n-Drift: cosmetic\n\nMore text after it.', false],
    ['Fix typos\n\nL10n-Drift: substantive', false],
    ['Reword the overview', false],
  ])('%j → %s', (message, expected) => {
    expect(isCosmetic(message, DEFAULT_SKIP)).toBe(expected);
  });

  it('an empty keyword or trailer turns that mark off', () => {
    expect(isCosmetic('Fix [l10n skip]', { keyword: '', trailer: '' })).toBe(false);
    expect(isCosmetic('Fix\n\nL10n-Drift: cosmetic', { keyword: '', trailer: '' })).toBe(false);
    expect(isCosmetic('Fix typos [docs-only]', { keyword: '[docs-only]', trailer: '' })).toBe(true);
  });
});
