/**
 * eld's `detect` for a detector limited to a few languages (language.ts judges "English or the
 * page's language" with two), computed as eld 2.1 computes it, with eld's own text helpers and
 * n-gram model, but without its costs that do not change the answer: eld collects a text's
 * n-grams as the keys of a dictionary-mode object and sums each one's scores with a `for … in`
 * over an object of language indexes; here a Set and one small array per n-gram do the same sums
 * (the scores are integers: any order gives the same totals). The 35,743 calls a parse of the
 * snapshot makes: 594 ms in eld on a model cut to the two languages (~17 µs a call), 227-270 ms
 * here. `test/indexer/language-model.test.ts` holds every verdict, score and reliability equal to
 * eld's detector on real and random text.
 */

/** What eld's detector reads a text with besides its model (eld's regexPatterns, dictionary and avgScore modules). */
export interface EldText {
  /** Runs of characters that are not letters (eld's `separators`). */
  separators: RegExp;
  /** UTF-8 byte → the character eld's model writes it as. */
  dictionary: readonly string[];
  /** Average score of a correct detection, by language (eld's reliability threshold). */
  avgScore: Readonly<Record<string, number>>;
}

/** eld's model as its files hold it: language index → ISO 639-1 code, n-gram → { language index → score }. */
export interface EldModel {
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

/** A verdict as language.ts reads eld's: the language, its score, the next one's, and eld's `isReliable()`. */
export interface SubsetVerdict {
  language: string;
  top: number;
  second: number;
  reliable: boolean;
}

// eld's constants (languageDetector.js, LanguageResult.js).
const BASE_NGRAM_SCORE = 53;
const SCALE = 25;
const CUT_AFTER = 350;
const ENFORCE_CUT_AFTER = 380;
const MAX_WORD = 70;

export class SubsetDetector {
  /** The subset's language indexes, ascending (eld's order when it looks for the best). */
  private readonly indexes: number[];
  private readonly codes: string[];
  /** n-gram → what it adds to each of `indexes` (its score + 53 where it has one, else 0). */
  private readonly adds = new Map<string, Float64Array>();
  private readonly seen = new Set<string>();
  private readonly sums: Float64Array;

  constructor(
    model: EldModel,
    languages: readonly string[],
    private readonly text: EldText,
  ) {
    this.indexes = Object.entries(model.languages)
      .filter(([, code]) => languages.includes(code))
      .map(([index]) => Number(index))
      .sort((a, b) => a - b);
    this.codes = this.indexes.map((i) => model.languages[i]!);
    this.sums = new Float64Array(this.indexes.length);
    for (const ngram in model.ngrams) {
      const scores = model.ngrams[ngram]!;
      let adds: Float64Array | null = null;
      this.indexes.forEach((index, k) => {
        const score = scores[index];
        if (score !== undefined) (adds ??= new Float64Array(this.indexes.length))[k] = score + BASE_NGRAM_SCORE;
      });
      if (adds) this.adds.set(ngram, adds);
    }
  }

  /** eld's `detect(text)` on this subset: null where eld's language is '' (no score above zero). */
  detect(input: string): SubsetVerdict | null {
    // textProcessor: separators to spaces, trimmed, lower case, then UTF-8 words (strToUtf8Bytes).
    const text = input.substring(0, 1000).replace(this.text.separators, ' ').trim().toLowerCase();
    const seen = this.seen;
    seen.clear();
    const sums = this.sums;
    sums.fill(0);
    const add = (ngram: string) => {
      if (seen.has(ngram)) return;
      seen.add(ngram);
      const adds = this.adds.get(ngram);
      if (adds) for (let k = 0; k < adds.length; k++) sums[k]! += adds[k]!;
    };
    // getByteNgrams, a word at a time as strToUtf8Bytes ends it.
    const ngramsOf = (word: string) => {
      const len = word.length > MAX_WORD ? MAX_WORD : word.length;
      let j = 0;
      for (; j + 4 < len; j += 3) add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
      add((j === 0 ? ' ' : '') + word.substring(len !== 3 ? len - 4 : 0) + ' ');
    };
    const dictionary = this.text.dictionary;
    let encoded = '';
    let ascii = 0; // where the pending run of ASCII characters of `encoded` starts in `text`
    let bytes = 0;
    let i = 0;
    for (; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        if (c === 32) {
          encoded += text.slice(ascii, i);
          if (encoded !== '') {
            ngramsOf(encoded);
            encoded = '';
          }
          ascii = i + 1;
          if (bytes > CUT_AFTER) break;
        }
        bytes++;
      } else {
        encoded += text.slice(ascii, i);
        if (c < 0x800) {
          encoded += dictionary[0xc0 | (c >> 6)]! + dictionary[0x80 | (c & 0x3f)]!;
          bytes += 2;
        } else if (c < 0xd800 || c >= 0xe000) {
          encoded += dictionary[0xe0 | (c >> 12)]! + dictionary[0x80 | ((c >> 6) & 0x3f)]! + dictionary[0x80 | (c & 0x3f)]!;
          bytes += 3;
        } else {
          i++;
          c = 0x10000 + (((c & 0x3ff) << 10) | (text.charCodeAt(i) & 0x3ff));
          encoded +=
            dictionary[0xf0 | (c >> 18)]! + dictionary[0x80 | ((c >> 12) & 0x3f)]! + dictionary[0x80 | ((c >> 6) & 0x3f)]! + dictionary[0x80 | (c & 0x3f)]!;
          bytes += 4;
        }
        ascii = i + 1;
      }
      if (bytes > ENFORCE_CUT_AFTER) {
        // eld stops after this character: it is part of the last word.
        i++;
        break;
      }
    }
    // The last word: what is pending (a cut at a space left nothing pending).
    if (ascii < i) encoded += text.slice(ascii, i);
    if (encoded !== '') ngramsOf(encoded);

    // calculateScores, filterLangSubset and getMaxLang: the first highest score above zero.
    let best = -1;
    let bestScore = 0;
    for (let k = 0; k < sums.length; k++) {
      if (sums[k]! > 0 && sums[k]! > bestScore) {
        bestScore = sums[k]!;
        best = k;
      }
    }
    if (best < 0) return null;
    // LanguageResult's orderAndScale (a stable sort, highest first) and isReliable.
    const numNgrams = seen.size;
    const ordered: [number, number][] = [];
    for (let k = 0; k < sums.length; k++) {
      if (sums[k]! > 0) {
        const ngramScore = sums[k]! / numNgrams;
        ordered.push([this.indexes[k]!, ngramScore / (ngramScore + SCALE)]);
      }
    }
    ordered.sort((a, b) => b[1] - a[1]);
    const language = this.codes[best]!;
    const top = ordered[0]![1];
    // eld compares the best score with the next entry's language index, not its score (kept as eld has it).
    const nextScore = ordered.length > 1 ? ordered[1]![0] : 0;
    const reliable = numNgrams >= 3 && !(this.text.avgScore[language]! * 0.75 > top || 0.01 > Math.abs(top - nextScore));
    return { language, top, second: ordered.length > 1 ? ordered[1]![1] : 0, reliable };
  }
}
