import { languageOfLocale } from '../indexer/language.ts';
import { defineCheck } from './define.ts';
import { letterCount, wordCount } from './lib/text.ts';
import type { Finding } from './types.ts';

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
  },
  run({ english, translation, locale, site }) {
    if (!translation || translation.row.kind === 'variables') return [];
    const source = languageOfLocale(site.sourceLocale);
    const language = languageOfLocale(locale);
    const englishHashes = new Set<string>();
    for (const p of english?.paragraphs ?? []) if (enoughProse(p.text)) englishHashes.add(p.text_hash);
    const out: Finding[] = [];
    const push = (f: Finding) => out.push(f);
    for (const p of translation.paragraphs) {
      if (!enoughProse(p.text)) continue;
      if (englishHashes.has(p.text_hash)) {
        push({ messageId: 'equal', data: { excerpt: excerpt(p.text), text: p.text, kind: p.kind }, line: p.line, section: p.section, stable: `p:${p.text_hash}` });
        continue;
      }
      // English itself checked as a locale: nothing is "left in English".
      if (language === source) continue;
      if (p.sentences_json === '[]') {
        if (isEnglish(p)) push({ messageId: 'paragraph', data: { excerpt: excerpt(p.text), text: p.text, kind: p.kind }, line: p.line, section: p.section, stable: `p:${p.text_hash}` });
        continue;
      }
      // Most paragraphs have no English sentence at all: skip parsing them.
      if (!p.sentences_json.includes('"lang":"en"')) continue;
      const sentences = JSON.parse(p.sentences_json) as { text: string; lang: string | null; confidence: number }[];
      // Sentences the detector could judge; a short Chinese or Japanese sentence counts as translated text.
      const judged = sentences.filter((s) => s.lang !== null && (s.lang !== 'en' || enoughProse(s.text)));
      const english = judged.filter(isEnglish);
      if (english.length > 0 && english.length === judged.length) {
        push({ messageId: 'paragraph', data: { excerpt: excerpt(p.text), text: p.text, kind: p.kind }, line: p.line, section: p.section, stable: `p:${p.text_hash}` });
        continue;
      }
      for (const s of english) {
        push({ messageId: 'sentence', data: { excerpt: excerpt(s.text), text: s.text, kind: p.kind }, line: p.line, section: p.section, stable: `s:${normalize(s.text)}` });
      }
    }
    return out;
  },
});

function isEnglish(x: { lang: string | null; confidence: number }): boolean {
  return x.lang === 'en' && x.confidence >= ENGLISH_CONFIDENCE;
}

/** Fragments too short to judge ("Enabled", a product name) are never findings. */
function enoughProse(text: string): boolean {
  return wordCount(text) >= MIN_WORDS && letterCount(text) >= 16;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function excerpt(text: string): string {
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

