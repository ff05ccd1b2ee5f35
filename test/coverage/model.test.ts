import { describe, expect, it } from 'vitest';
import { countStates, fallbackTitle, isMostlyEnglish, stateMatches, translationState, type TranslationFacts } from '../../server/coverage/model.ts';

const facts = (f: Partial<TranslationFacts>): TranslationFacts => ({ pairing: 'own', stale: false, baseKnown: true, englishParagraphs: 0, judgedParagraphs: 10, ...f });

describe('translationState', () => {
  it.each([
    ['a current translation with a known base', facts({}), 'up-to-date'],
    ['a stale finding', facts({ stale: true }), 'stale'],
    ['no stale finding and no base', facts({ baseKnown: false }), 'base-unknown'],
    ['stale even without a recorded base (a finding says English changed)', facts({ stale: true, baseKnown: false }), 'stale'],
    ['mostly English prose (ko-KR, ru-RU on the snapshot)', facts({ englishParagraphs: 93, judgedParagraphs: 100 }), 'english-fallback'],
    ['mostly English and stale: the reader sees English', facts({ englishParagraphs: 9, stale: true }), 'english-fallback'],
    ['half English is still translated', facts({ englishParagraphs: 5 }), 'up-to-date'],
    ['moved with English, paired through the redirect', facts({ pairing: 'moved' }), 'up-to-date'],
    ['old copy beside the moved one', facts({ pairing: 'leftover', englishParagraphs: 9 }), 'leftover'],
    ['English gone', facts({ pairing: 'orphan', stale: true }), 'orphaned'],
  ] as const)('%s', (_name, f, state) => {
    expect(translationState(f)).toBe(state);
  });
});

describe('isMostlyEnglish', () => {
  it.each([
    [0, 0, false], // no judged prose (a variables file, a code-only page)
    [1, 1, true],
    [51, 100, true],
    [50, 100, false],
    [7, 100, false],
  ])('%i English of %i judged paragraphs → %s', (en, judged, expected) => {
    expect(isMostlyEnglish(en, judged)).toBe(expected);
  });
});

describe('countStates', () => {
  it('derives translated and English articles from the states', () => {
    const c = countStates(['up-to-date', 'stale', 'base-unknown', 'english-fallback', 'missing', 'missing', 'orphaned', 'leftover']);
    expect(c).toEqual({ englishArticles: 6, translated: 3, upToDate: 1, stale: 1, baseUnknown: 1, englishFallback: 1, missing: 2, orphaned: 1, leftover: 1 });
  });

  it('counts a list of states and the number of articles per state alike', () => {
    const states = ['up-to-date', 'stale', 'stale', 'base-unknown', 'english-fallback', 'missing', 'missing', 'missing', 'orphaned', 'leftover'] as const;
    expect(countStates({ 'up-to-date': 1, stale: 2, 'base-unknown': 1, 'english-fallback': 1, missing: 3, orphaned: 1, leftover: 1 })).toEqual(countStates(states));
    expect(countStates({})).toEqual(countStates([]));
  });

  it('the translated filter selects exactly the states translated counts', () => {
    const states = ['up-to-date', 'stale', 'base-unknown', 'english-fallback', 'missing', 'orphaned', 'leftover'] as const;
    expect(states.filter((s) => stateMatches('translated', s))).toEqual(['up-to-date', 'stale', 'base-unknown']);
  });
});

it.each([
  ['data/reusables/enterprise-licensing/about-license-sync.md', 'about-license-sync'],
  ['data/variables/product.yml', 'product'],
])('a file without a title reads as its name: %s', (p, title) => {
  expect(fallbackTitle(p)).toBe(title);
});
