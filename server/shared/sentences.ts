/**
 * A paragraph's sentences as the index stores them (paragraphs.sentences_json and the
 * paragraphs a check input carries), encoded and decoded here only.
 *
 * Each sentence is a piece of its paragraph's text (the parser splits the text and trims the
 * pieces), so it is stored as where it sits in that text: `[start, end, lang, confidence]`,
 * UTF-16 offsets as `String.prototype.slice` takes them. Storing the text again doubled the
 * bytes of every translated paragraph with sentences (37 of 43 MB of sentences on the GitHub
 * Docs snapshot were their text). A sentence not found in the text (no parser makes one) is
 * stored with its text, `[text, lang, confidence]`, and rows written before this encoding
 * (`{"text":…,"lang":…,"confidence":…}` objects) decode as they are: the three forms read alike.
 * No sentences is `[]`.
 */
export interface Sentence {
  text: string;
  lang: string | null;
  confidence: number;
}

type Stored = [start: number, end: number, lang: string | null, confidence: number] | [text: string, lang: string | null, confidence: number] | Sentence;

/** The stored form of `sentences`, pieces of `text`. */
export function encodeSentences(text: string, sentences: readonly Sentence[]): string {
  if (sentences.length === 0) return '[]';
  let at = 0;
  const out: Stored[] = [];
  for (const s of sentences) {
    const start = text.indexOf(s.text, at);
    if (start < 0) {
      out.push([s.text, s.lang, s.confidence]);
      continue;
    }
    at = start + s.text.length;
    out.push([start, at, s.lang, s.confidence]);
  }
  return JSON.stringify(out);
}

/** The sentences of a paragraph whose text is `text`, from their stored form (any of the three). */
export function decodeSentences(text: string, json: string): Sentence[] {
  const stored = JSON.parse(json) as Stored[];
  if (!Array.isArray(stored)) throw new Error('sentences are not a JSON array');
  return stored.map((s): Sentence => {
    if (!Array.isArray(s)) return { text: s.text, lang: s.lang, confidence: s.confidence };
    if (typeof s[0] === 'number') {
      const [start, end, lang, confidence] = s as [number, number, string | null, number];
      return { text: text.slice(start, end), lang, confidence };
    }
    const [t, lang, confidence] = s as [string, string | null, number];
    return { text: t, lang, confidence };
  });
}

/**
 * Whether stored sentences hold one detected as English, without parsing them. A sentence's
 * text is a JSON string in the old forms, where a quote is escaped, so neither pattern can
 * match inside one.
 */
export function holdsEnglishSentence(json: string): boolean {
  return json.includes(',"en",') || json.includes('"lang":"en"');
}

/** holdsEnglishSentence in SQL, over the column (or expression) `column`. */
export function holdsEnglishSentenceSql(column: string): string {
  return `(instr(${column}, ',"en",') > 0 OR instr(${column}, '"lang":"en"') > 0)`;
}
