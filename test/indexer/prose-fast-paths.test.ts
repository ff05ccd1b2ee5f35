/**
 * The parser's fast paths (replacements skipped where they cannot match, words and markers
 * counted without arrays) must give what the plain regex versions give: those versions are
 * kept here as the reference and compared on random text built from the pieces that decide
 * each path. The whole-corpus comparison is `scripts/parse-dump.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { englishMarkers, proseOnly } from '../../server/indexer/language.ts';
import { cleanProse, normalizeCleanForHash } from '../../server/indexer/parse.ts';
import { LIQUID_SPACE } from '../../server/indexer/liquid.ts';

const PIECES = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\u00a0',
  '\u3000',
  '\ufeff',
  LIQUID_SPACE,
  '{',
  '}',
  '{{ site.x }}',
  '{% data reusables.a.b %}',
  '{%- if x -%}',
  'https://docs.github.com/en',
  'ftp://x',
  '://',
  'the',
  'The',
  'THE',
  'and',
  'before',
  'should',
  'theirs',
  'İ',
  'K',
  'Straße',
  'cluster',
  'cluster,',
  '(Pod)',
  '"quoted"',
  '“curly”',
  '‘x’',
  '„',
  '«',
  '»',
  '”',
  '’',
  'e.g.',
  'v1beta1',
  'camelCase',
  'API',
  'APIs',
  '--flag',
  'a-b-c',
  'GET',
  '/apis/apps/v1',
  'PUT /x',
  '200 (Deployment): OK',
  '404: Not Found',
  ':',
  '/',
  '*',
  '_',
  '~',
  '`',
  "'",
  '.',
  '!',
  '?',
  'クラスター',
  'の',
  '。',
  'кластер',
  'GitHub',
  'Pod',
  'x',
  '12',
  '**bold**',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(''));

// The versions before the fast paths, as they were written.
const LIQUID_INLINE = /\{%[^%]*%\}|\{\{[^{}]*\}\}/g;
const URL = /\b(?:https?|ftp):\/\/\S+/g;
function referenceCleanProse(t: string, neutralTerms?: RegExp): string {
  let out = t.replaceAll(LIQUID_SPACE, ' ').replace(LIQUID_INLINE, ' ').replace(URL, ' ');
  if (neutralTerms) out = out.replace(neutralTerms, ' ');
  return out.replace(/\s+/g, ' ').trim();
}
function referenceNormalizeForHash(t: string): string {
  return t
    .toLowerCase()
    .replace(/[\s*_~`"“”„«»'‘’]+/g, ' ')
    .trim();
}
const MARKERS = new Set(
  (
    'the and you your to of for with is are this that these those can be see more by from or if when ' +
    'will have has which it its on at we our after before about how what must should only also into ' +
    'than then they their there were was been not use using any each other such may'
  ).split(' '),
);
function referenceMarkers(t: string): number {
  let n = 0;
  for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) if (MARKERS.has(w)) n++;
  return n;
}
const HTTP =
  /\b(?:GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS|WATCH|LIST)\s+\/\S*|\b[1-5]\d\d\s*(?:\([^)]*\))?\s*:\s*(?:OK|Created|Accepted|No Content|Unauthorized|Forbidden|Not Found|Conflict)\b/g;
const QUOTED = /"[^"\n]{1,200}"|“[^”\n]{1,200}”/g;
const EDGE = /^[\s.,;:!?'"“”‘’()[\]*]+|[\s.,;:!?'"“”‘’()[\]*]+$/g;
function referenceCodeLike(word: string): boolean {
  const w = word.replace(EDGE, '');
  if (w === '') return false;
  if (/[^ -\u024f\u2000-\u2bff]/.test(w)) return false;
  return (
    /[./_=:@$#<>{}[\]\\|()+*&^%~]/.test(w) ||
    /\d/.test(w) ||
    /[a-z][A-Z]|^[A-Z][a-z]+[A-Z]/.test(w) ||
    /^[A-Z]{2,}s?$/.test(w) ||
    /^-{1,2}[a-z]/.test(w) ||
    /^[a-z]+(?:-[a-z0-9]+){2,}$/.test(w)
  );
}
function referenceProseOnly(t: string, withoutQuoted: boolean): string {
  let stripped = t.replace(HTTP, ' ');
  if (withoutQuoted) stripped = stripped.replace(QUOTED, ' ');
  let out = '';
  for (const w of stripped.split(/\s+/)) if (w !== '' && !referenceCodeLike(w)) out += (out ? ' ' : '') + w;
  return out;
}

describe('parser fast paths', () => {
  it('cleanProse equals the plain replacements', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (t, neutral) => {
        const terms = neutral ? /\bGitHub\b/g : undefined;
        expect(cleanProse(t, terms)).toBe(referenceCleanProse(t, terms));
      }),
      { numRuns: 3000 },
    );
  });

  it('a paragraph of cleanProse output is normalized for its hash as the plain replacement does it', () => {
    fc.assert(
      fc.property(text, (t) => {
        const clean = cleanProse(t);
        expect(normalizeCleanForHash(clean)).toBe(referenceNormalizeForHash(clean));
      }),
      { numRuns: 3000 },
    );
  });

  it('englishMarkers counts what toLowerCase().match() finds', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(englishMarkers(t)).toBe(referenceMarkers(t));
      }),
      { numRuns: 3000 },
    );
    // Lower case can make ASCII of what was not (Kelvin sign): counted as before.
    expect(englishMarkers('\u212Aeep THE İt')).toBe(referenceMarkers('\u212Aeep THE İt'));
  });

  it('proseOnly keeps and drops the words the regex tests do', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (t, withoutQuoted) => {
        expect(proseOnly(t, withoutQuoted)).toBe(referenceProseOnly(t, withoutQuoted));
      }),
      { numRuns: 3000 },
    );
  });
});
