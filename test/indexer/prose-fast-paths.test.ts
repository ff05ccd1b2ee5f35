/**
 * The parser's fast paths (replacements skipped where they cannot match, words and markers
 * counted without arrays) must give what the plain regex versions give: those versions are
 * kept here as the reference and compared on random text built from the pieces that decide
 * each path. The whole-corpus comparison is `scripts/parse-dump.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countLetters, countWords, englishMarkers, proseOnly, proseStats } from '../../server/indexer/language.ts';
import { cleanProse, normalizeCleanForHash, stepsOf } from '../../server/indexer/parse.ts';
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
  '\u212a',
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
  '\u0130s',
  'Über',
  'über',
  'ça',
  '\u0001',
  '\u1680',
  '\u00d7',
  '\ud83d\ude00',
  'graph TD',
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
const DIAGRAM = /^\s*(?:(?:graph|flowchart)\s+(?:TB|TD|BT|RL|LR)\b|(?:sequenceDiagram|classDiagram|stateDiagram(?:-v2)?|erDiagram|gantt|journey)\b)/;
function referenceProseOnly(t: string, withoutQuoted: boolean): string {
  if (DIAGRAM.test(t)) return '';
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

  it('proseStats counts in one pass what the prose gives: letters, words, English markers, and the prose itself', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (t, markers) => {
        const prose = proseOnly(t);
        const stats = proseStats(t, markers);
        expect({ ...countLetters(prose), words: countWords(prose), markers: markers ? englishMarkers(prose) : 0 }).toEqual({
          letters: stats.letters,
          latin: stats.latin,
          words: stats.words,
          markers: stats.markers,
        });
        if (stats.prose !== null) expect(stats.prose).toBe(prose);
      }),
      { numRuns: 5000 },
    );
    // The common case builds nothing: a text that is its own prose is returned as it is.
    expect(proseStats('Habilitar la sincronización de licencias', true).prose).toBe('Habilitar la sincronización de licencias');
    expect(proseStats('Usa v1beta1 aquí', true)).toMatchObject({ prose: null, words: 2 });
  });

  // The step scan as it was: every line cut out, trimmed and matched.
  function referenceSteps(text: string, fromLine: number): [number, number][] {
    const steps: [number, number][] = [];
    const lines = text.split('\n');
    let inFence: string | null = null;
    let itemText: number | null = null;
    let blank = false;
    for (let n = fromLine; n <= lines.length; n++) {
      const l = lines[n - 1] ?? '';
      const fence = l.includes('```') || l.includes('~~~') ? /^\s*(`{3,}|~{3,})/.exec(l) : null;
      if (fence?.[1]) {
        if (!inFence) inFence = fence[1][0]!;
        else if (fence[1][0] === inFence) inFence = null;
        continue;
      }
      if (inFence) continue;
      if (!l.trim()) {
        blank = true;
        continue;
      }
      let indent = 0;
      while (l.charCodeAt(indent) === 32) indent++;
      const item = indent <= 3 ? /^( {0,3})(?:(\d{1,4})[.)]|[-*+])\s+/.exec(l) : null;
      if (item && (itemText === null || indent < itemText)) {
        itemText = item[0].length;
        if (item[2] !== undefined) steps.push([n, Number(item[2])]);
      } else if (itemText !== null && ((blank && indent < itemText) || /^ {0,3}#{1,6}(?:\s|$)/.test(l))) itemText = null;
      blank = false;
    }
    return steps;
  }
  const LINE_PIECES = [
    '1. ',
    '12) ',
    '2.',
    '3.\t',
    '- ',
    '* ',
    '+ ',
    '   ',
    ' ',
    '\t',
    '```',
    '~~~',
    '````',
    '# ',
    '####### ',
    '#',
    'x',
    'Step',
    '1',
    '.',
    '\u00a0',
    '\u2028',
    '\u3000',
  ];
  const markdown = fc
    .array(
      fc.array(fc.constantFrom(...LINE_PIECES), { maxLength: 5 }).map((p) => p.join('')),
      { maxLength: 25 },
    )
    .map((lines) => lines.join('\n'));

  it('the step scan finds the steps the line-by-line scan found', () => {
    fc.assert(
      fc.property(markdown, fc.integer({ min: 1, max: 4 }), (t, fromLine) => {
        expect(stepsOf(t, fromLine)).toEqual(referenceSteps(t, fromLine));
      }),
      { numRuns: 5000 },
    );
    expect(stepsOf('Intro\n\n1. One\n   1. nested\n2. Two\n```\n3. code\n```\n5. Five', 1)).toEqual([
      [3, 1],
      [5, 2],
      [9, 5],
    ]);
  });

  // countLetters as it was written before its classes were shared with proseStats.
  function referenceCountLetters(text: string): { letters: number; latin: number } {
    let letters = 0;
    let latin = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
          letters++;
          latin++;
        }
      } else if (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) {
        letters++;
        latin++;
      } else if (
        c >= 0x370 &&
        !(c >= 0x2000 && c <= 0x2bff) &&
        !(c >= 0x3000 && c <= 0x303f) &&
        !(c >= 0xff00 && c <= 0xff20) &&
        !(c >= 0xd800 && c <= 0xdfff) &&
        !(c >= 0xe000 && c <= 0xf8ff)
      ) {
        letters++;
      } else if (c >= 0xd800 && c <= 0xdbff) {
        letters++;
      }
    }
    return { letters, latin };
  }

  it('countLetters counts every UTF-16 unit as it always did', () => {
    const all = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).join('');
    expect(countLetters(all)).toEqual(referenceCountLetters(all));
    for (let c = 0; c < 0x10000; c += 7) expect(countLetters(String.fromCharCode(c)), c.toString(16)).toEqual(referenceCountLetters(String.fromCharCode(c)));
  });
});
