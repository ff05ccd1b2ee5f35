import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { languageOfLocale, loadLanguageModel } from '../../server/indexer/language.ts';
import { parseDocument } from '../../server/indexer/parse.ts';
import { DEFAULT_LIMITS } from '../../server/indexer/limits.ts';
import { decodeSentences, encodeSentences, holdsEnglishSentence, type Sentence } from '../../server/shared/sentences.ts';

// The bundled sample's translations (content/license-sync, real GitHub Docs pages; see its NOTICE).
const TRANSLATIONS = path.resolve('content/license-sync/translations');

function translatedParagraphs(): { file: string; text: string; sentences: Sentence[] }[] {
  const out: { file: string; text: string; sentences: Sentence[] }[] = [];
  for (const locale of fs.readdirSync(TRANSLATIONS)) {
    const root = path.join(TRANSLATIONS, locale);
    for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
      if (!rel.endsWith('.md')) continue;
      const file = path.join(root, rel);
      const parsed = parseDocument(file, fs.readFileSync(file), {
        kind: 'page',
        language: languageOfLocale(locale),
        detectLanguages: true,
        maxFileBytes: DEFAULT_LIMITS.maxFileBytes,
        maxSections: DEFAULT_LIMITS.maxSections,
      });
      for (const p of parsed.paragraphs) out.push({ file: `${locale}/${rel}`, text: p.text, sentences: p.sentences });
    }
  }
  return out;
}

/** The form rows were written in before offsets (and the check test harness built): the sentences themselves. */
const legacy = (sentences: Sentence[]) => JSON.stringify(sentences);

describe('sentences stored as offsets into their paragraph', () => {
  let paragraphs: ReturnType<typeof translatedParagraphs>;
  beforeAll(async () => {
    await loadLanguageModel(new Set(fs.readdirSync(TRANSLATIONS).map(languageOfLocale)));
    paragraphs = translatedParagraphs();
  });

  it('decode(encode(x)) is the parser’s sentences for every paragraph of the sample’s translations, in fewer bytes', () => {
    const withSentences = paragraphs.filter((p) => p.sentences.length > 0);
    // The sample has mixed-language paragraphs (zh-CN "For more information, see …", pt-BR's first sentence).
    expect(withSentences.length).toBeGreaterThanOrEqual(10);
    expect(withSentences.some((p) => p.sentences.some((s) => s.lang === 'en'))).toBe(true);
    let before = 0;
    let after = 0;
    for (const p of paragraphs) {
      const stored = encodeSentences(p.text, p.sentences);
      expect(decodeSentences(p.text, stored), p.file).toEqual(p.sentences);
      // No sentence of a parsed paragraph needs its text stored.
      expect(stored, p.file).not.toMatch(/\[\s*"/);
      expect(holdsEnglishSentence(stored), p.file).toBe(legacy(p.sentences).includes('"lang":"en"'));
      before += legacy(p.sentences).length;
      after += stored.length;
    }
    expect(after).toBeLessThan(before / 2);
  });

  it('reads rows written before offsets alike: decode and the English test give the same', () => {
    for (const p of paragraphs) {
      const old = legacy(p.sentences);
      expect(decodeSentences(p.text, old), p.file).toEqual(p.sentences);
      expect(holdsEnglishSentence(old), p.file).toBe(old.includes('"lang":"en"'));
    }
  });

  it('a sentence that is not in the text keeps its text, and quotes in text never read as a language', () => {
    const text = 'Ein Satz. Another one.';
    const sentences: Sentence[] = [
      { text: 'Ein Satz.', lang: 'de', confidence: 0.5 },
      { text: 'not "en", here', lang: 'de', confidence: 0.5 },
      { text: 'Another one.', lang: 'en', confidence: 1 },
    ];
    const stored = encodeSentences(text, sentences);
    expect(JSON.parse(stored)).toEqual([
      [0, 9, 'de', 0.5],
      ['not "en", here', 'de', 0.5],
      [10, 22, 'en', 1],
    ]);
    expect(decodeSentences(text, stored)).toEqual(sentences);
    expect(holdsEnglishSentence(stored)).toBe(true);
    const german = sentences.slice(0, 2);
    expect(holdsEnglishSentence(encodeSentences(text, german))).toBe(false);
    expect(holdsEnglishSentence(legacy(german))).toBe(false);
    expect(encodeSentences(text, [])).toBe('[]');
    expect(() => decodeSentences(text, '{"text":"x"}')).toThrow(/not a JSON array/);
  });

  it('a repeated sentence is found after the one before it', () => {
    const text = 'Yes. No. Yes.';
    const sentences: Sentence[] = ['Yes.', 'No.', 'Yes.'].map((t) => ({ text: t, lang: 'en', confidence: 1 }));
    expect(JSON.parse(encodeSentences(text, sentences))).toEqual([
      [0, 4, 'en', 1],
      [5, 8, 'en', 1],
      [9, 13, 'en', 1],
    ]);
  });
});
