import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countWords } from '../../server/shared/word-count.ts';

const SAMPLE = path.join(import.meta.dirname, '..', '..', 'content', 'license-sync');
const ARTICLE = 'content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';
const body = (locale: string | null) => {
  const text = fs.readFileSync(path.join(SAMPLE, locale ? `translations/${locale}` : '', ARTICLE), 'utf8');
  return text.slice(text.indexOf('\n---', 3) + 4);
};
const CJK = /[\u3040-\u30ff\u3400-\u9fff]/g;

describe('countWords', () => {
  it('counts English words, leaving out Liquid and URLs', () => {
    expect(countWords('Enable user license sync')).toBe(4);
    expect(countWords('Connect {% data variables.product.prodname_ghe_server %} to {{ site.x }} the cloud.')).toBe(4);
    expect(countWords('See https://docs.github.com/en/admin for more.')).toBe(3);
    expect(countWords('')).toBe(0);
  });

  it('counts Japanese and Chinese by dictionary words, not spaces or single characters (the sample’s seed pages)', () => {
    for (const locale of ['ja-JP', 'zh-CN']) {
      const text = body(locale);
      const cjkChars = (text.match(CJK) ?? []).length;
      const cjkWords = countWords(text) - countWords(text.replace(new RegExp(CJK.source + '+', 'g'), ' '));
      const perWord = cjkChars / cjkWords;
      // Measured: ja-JP 2.1 and zh-CN 1.6 characters per word on this page.
      expect(perWord, locale).toBeGreaterThan(1.3);
      expect(perWord, locale).toBeLessThan(3);
      // Whitespace splitting would count a whole sentence as one word.
      expect(countWords(text), locale).toBeGreaterThan(text.split(/\s+/).filter(Boolean).length * 1.2);
    }
  });

  it('counts spaced text by the same word rule as Intl.Segmenter (UAX #29), without it', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
    const bySegmenter = (t: string) => [...segmenter.segment(t)].filter((s) => s.isWordLike).length;
    // Apostrophes and periods inside a word keep it whole, hyphens split, numbers count.
    for (const t of ["Don't use v3.5 of GitHub's user-license sync", 'Führen Sie 2 Schritte aus: Ja/Nein.', body(null), body('es-ES')]) {
      expect(countWords(t), t.slice(0, 40)).toBe(bySegmenter(t.replace(/\{%-?[\s\S]*?-?%\}|\{\{-?[\s\S]*?-?\}\}/g, ' ').replace(/\bhttps?:\/\/\S+/g, ' ')));
    }
  });

  it('counts a Latin-script translation close to its English', () => {
    const en = countWords(body(null));
    const es = countWords(body('es-ES'));
    expect(es / en).toBeGreaterThan(0.7);
    expect(es / en).toBeLessThan(1.5);
  });
});
