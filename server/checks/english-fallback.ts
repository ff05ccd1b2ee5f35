import { englishMarkers, languageOfLocale, proseOnly } from '../indexer/language.ts';
import { defineCheck, type CheckFinding } from './define.ts';
import { mayHoldEnglishSentences } from './lib/site.ts';
import { hasProse } from './lib/text.ts';
import { decodeSentences, holdsEnglishSentence } from '../shared/sentences.ts';
import type { CheckDocument } from './types.ts';

/** Detected-English confidence from which a paragraph or sentence counts as left in English. */
export const ENGLISH_CONFIDENCE = 0.6;
const MIN_WORDS = 4;

export default defineCheck({
  id: 'english-fallback',
  severity: 'warning',
  docs: 'Paragraphs or sentences left in English (or equal to an English paragraph) inside a translation.',
  messages: {
    equal: 'Paragraph is the English text "{{excerpt}}"; translate it.',
    paragraph: 'Paragraph is still English: "{{excerpt}}"; translate it.',
    sentence: 'Sentence is still English: "{{excerpt}}"; translate it.',
    page: 'The page is untranslated: {{count}} paragraphs are English and none is in this locale\'s language (first: "{{excerpt}}"); translate the page.',
  },
  run({ english, translation, locale, site }) {
    if (!translation || translation.row.kind === 'variables') return [];
    const source = languageOfLocale(site.sourceLocale);
    const language = languageOfLocale(locale);
    const equalsEnglishProse = english ? proseParagraphs(english) : NONE;
    const out: CheckFinding<'english-fallback'>[] = [];
    // A whole paragraph: equal to an English one, or judged English.
    const pushParagraph = (messageId: 'equal' | 'paragraph', p: CheckDocument['paragraphs'][number]) =>
      out.push({ messageId, data: { excerpt: excerpt(p.text), text: p.text, kind: p.kind }, line: p.line, section: p.section, stable: `p:${p.text_hash}` });
    for (const p of translation.paragraphs) {
      // The title of an external resource in a link list is its name, not text left in English.
      if (p.kind === 'link-item') continue;
      // Cheap tests first: most paragraphs neither equal English nor hold an English sentence.
      const equal = equalsEnglishProse(p);
      if (equal !== 'no') {
        if (equal === 'equal') pushParagraph('equal', p);
        continue;
      }
      // English itself checked as a locale: nothing is "left in English".
      if (language === source) continue;
      if (!mayHoldEnglishSentences(p)) continue;
      // An English title of an external resource the paragraph links is that resource's name, not text left in English.
      const ownWords = (text: string) => withoutExternalTitles(text, p, translation.links);
      if (p.sentences_json === '[]') {
        if (isEnglish(p) && enoughProse(p.text) && enoughProse(ownWords(p.text))) pushParagraph('paragraph', p);
        continue;
      }
      // Most paragraphs have no English sentence at all: skip parsing them.
      if (!holdsEnglishSentence(p.sentences_json) || !enoughProse(p.text)) continue;
      const sentences = decodeSentences(p.text, p.sentences_json);
      // Sentences the detector could judge; a short Chinese or Japanese sentence counts as translated text.
      const judged = sentences.filter((s) => s.lang !== null && (s.lang !== 'en' || enoughProse(s.text)));
      const english = judged.filter((s) => isEnglish(s) && enoughProse(ownWords(s.text)));
      if (english.length > 0 && english.length === judged.length) {
        pushParagraph('paragraph', p);
        continue;
      }
      for (const s of english) {
        out.push({
          messageId: 'sentence',
          data: { excerpt: excerpt(s.text), text: s.text, kind: p.kind },
          line: p.line,
          section: p.section,
          stable: `s:${normalize(s.text)}`,
        });
      }
    }
    return rollUp(out, translation, language);
  },
});

const NONE = (): 'no' => 'no';

/**
 * Whether a translated paragraph equals an English paragraph long enough
 * to judge: 'no' when none has its hash; then 'equal' when its own text is long enough too,
 * 'short' when not.
 */
type EqualProse = (p: { text_hash: string; text: string }) => 'no' | 'equal' | 'short';

// Every locale compares with the same English page: index its paragraphs once per run.
const proseOf = new WeakMap<CheckDocument, EqualProse>();

/**
 * Each English text judged (enoughProse) on first asking, once: most English paragraphs equal
 * none of a translation's, and judging each of them up front (enoughProse on every English
 * paragraph of the site) cost ~10% of a full check run. A translated paragraph with English's
 * hash mostly has English's very text (29k of them on the snapshot): it takes English's
 * judgement instead of being judged again.
 */
function proseParagraphs(english: CheckDocument): EqualProse {
  let test = proseOf.get(english);
  if (!test) {
    const paragraphs = english.paragraphs;
    // Each hash's paragraph, or paragraphs when several share it, by index: an entry of a few
    // words per English paragraph (an object and two arrays each held ~21 MB on MDN's English).
    const byHash = new Map<string, number | number[]>();
    paragraphs.forEach((p, i) => {
      const at = byHash.get(p.text_hash);
      if (at === undefined) byHash.set(p.text_hash, i);
      else if (typeof at === 'number') byHash.set(p.text_hash, [at, i]);
      else at.push(i);
    });
    // Each English paragraph's judgement once: 0 not yet, 1 not prose enough, 2 prose enough.
    const judged = new Uint8Array(paragraphs.length);
    const judge = (i: number): boolean => (judged[i] ||= enoughProse(paragraphs[i]!.text) ? 2 : 1) === 2;
    // The paragraphs' texts only once a hash matched: a translated paragraph's text is read from the index on first access.
    test = (p) => {
      const at = byHash.get(p.text_hash);
      if (at === undefined) return 'no';
      const indices = typeof at === 'number' ? [at] : at;
      if (!indices.some(judge)) return 'no';
      const text = p.text;
      const same = indices.find((i) => paragraphs[i]!.text === text);
      return (same !== undefined ? judge(same) : enoughProse(text)) ? 'equal' : 'short';
    };
    proseOf.set(english, test);
  }
  return test;
}

/** Paragraphs with a finding from which a page with no paragraph in the locale's language counts as untranslated. */
const PAGE_MIN = 5;

/**
 * A page left wholly in English is one problem, not one per paragraph: the manager's
 * task is "translate this page" (ko-KR and ru-RU had thousands of such pages in 2021).
 * A page with any paragraph in its own language is partly translated: findings stay per paragraph.
 */
function rollUp(findings: CheckFinding<'english-fallback'>[], translation: CheckDocument, language: string): CheckFinding<'english-fallback'>[] {
  if (findings.length < PAGE_MIN) return findings;
  const flagged = new Set(findings.map((f) => f.line ?? null));
  if (flagged.size < PAGE_MIN) return findings;
  if (translation.paragraphLanguages ? translation.paragraphLanguages.has(language) : translation.paragraphs.some((p) => p.lang === language)) return findings;
  const first = findings[0]!;
  return [
    {
      messageId: 'page',
      data: { count: flagged.size, excerpt: first.data.excerpt, lines: [...flagged] },
      line: first.line ?? null,
      section: null,
      stable: 'page',
    },
  ];
}

/**
 * A paragraph's text without the link text of its links to other sites: es "Debe tener exactamente un
 * parámetro (ver [Incompatible ES5 change: literal getter and setter functions …](http://whereswalden.com/…)
 * para más información)" is Spanish around the title of an English article.
 */
function withoutExternalTitles(text: string, p: { line: number; end_line: number }, links: CheckDocument['links']): string {
  // Word by word: the stored prose drops product names ("CSS") the link text keeps.
  const titleWords = new Map<string, number>();
  for (const l of links) {
    if (l.kind !== 'external' || !l.text || l.line < p.line || l.line > p.end_line) continue;
    for (const w of l.text.toLowerCase().split(/\s+/)) if (w) titleWords.set(w, (titleWords.get(w) ?? 0) + 1);
  }
  if (titleWords.size === 0) return text;
  return text
    .split(/\s+/)
    .filter((w) => {
      const n = titleWords.get(w.toLowerCase()) ?? 0;
      if (n === 0) return true;
      titleWords.set(w.toLowerCase(), n - 1);
      return false;
    })
    .join(' ');
}

function isEnglish(x: { lang: string | null; confidence: number }): boolean {
  return x.lang === 'en' && x.confidence >= ENGLISH_CONFIDENCE;
}

/** Fragments too short to judge ("Enabled", a product name) are never findings. */
function enoughProse(text: string): boolean {
  // Counted in prose words: a field name, an HTTP line or a table of identifiers is no text to
  // translate; and a sentence has function words, where names, labels and titles
  // ("Bound service account token improvements", "Maciej Szulik, Defense Unicorns") have few.
  if (!hasProse(text, MIN_WORDS, 16)) return false;
  const prose = proseOnly(text, true);
  return hasProse(prose, MIN_WORDS, 16) && englishMarkers(prose) >= 2;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function excerpt(text: string): string {
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}
