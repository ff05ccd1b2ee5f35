/**
 * Words of prose, as translation effort is counted: Intl.Segmenter's word-like segments (ICU's
 * dictionary break rules), so Chinese and Japanese, written without spaces, count by their
 * words too instead of as one "word" per sentence (on the sample's zh-CN and ja-JP seed pages
 * a segment is ~1.7–2 characters). Liquid tags and outputs are no words to translate.
 */
let segmenter: Intl.Segmenter | null = null;

const LIQUID = /\{%-?[\s\S]*?-?%\}|\{\{-?[\s\S]*?-?\}\}/g;
const URL_LIKE = /\bhttps?:\/\/\S+/g;

export function countWords(text: string): number {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'word' });
  let n = 0;
  for (const s of segmenter.segment(text.replace(LIQUID, ' ').replace(URL_LIKE, ' '))) if (s.isWordLike) n++;
  return n;
}
