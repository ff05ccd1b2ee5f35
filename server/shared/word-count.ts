/**
 * Words of prose, as translation effort is counted. Text in scripts written without spaces
 * (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) goes through Intl.Segmenter's word-like
 * segments (ICU's dictionary break rules), so it counts by its words instead of one "word"
 * per sentence (on the sample's zh-CN and ja-JP seed pages a segment is ~1.6 and ~2.1
 * characters). Other text is counted by the same rule for words (UAX #29: letters and digits,
 * joined by an apostrophe, period or colon between them; a hyphen splits) with one regular
 * expression, ~10× faster than the segmenter on English. Liquid tags and outputs and URLs
 * are no words to translate.
 */
let segmenter: Intl.Segmenter | null = null;

const LIQUID = /\{%-?[\s\S]*?-?%\}|\{\{-?[\s\S]*?-?\}\}/g;
const URL_LIKE = /\bhttps?:\/\/\S+/g;
const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD = /[\p{L}\p{M}\p{N}_]+(?:['’.:][\p{L}\p{M}\p{N}_]+)*/gu;

export function countWords(text: string): number {
  const prose = text.replace(LIQUID, ' ').replace(URL_LIKE, ' ');
  if (!SPACELESS.test(prose)) {
    let n = 0;
    for (const _ of prose.matchAll(WORD)) n++;
    return n;
  }
  segmenter ??= new Intl.Segmenter('en', { granularity: 'word' });
  let n = 0;
  for (const s of segmenter.segment(prose)) if (s.isWordLike) n++;
  return n;
}
