import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/indexer/parse.ts';
import { languageModelLoaded, loadLanguageModel } from '../../server/indexer/language.ts';
import { ARTICLE, SAMPLE } from './helpers.ts';

// eld's model costs ~180 ms to load: pages judged by script alone (Chinese, Japanese) never load it.
describe('language model loading', () => {
  const page = (locale: string) => fs.readFileSync(path.join(SAMPLE, 'translations', locale, 'content', `${ARTICLE}.md`));
  const options = (language: string) => ({ kind: 'page' as const, language, detectLanguages: true, maxFileBytes: 1 << 20, maxSections: 100 });

  it('is not loaded for Chinese and Japanese pages, and is loaded ahead for a Portuguese one', async () => {
    const zh = parseDocument('zh.md', page('zh-CN'), options('zh'));
    expect(zh.paragraphs.some((p) => p.lang === 'en')).toBe(true);
    expect(zh.paragraphs.some((p) => p.lang === 'zh')).toBe(true);
    parseDocument('ja.md', page('ja-JP'), options('ja'));
    await loadLanguageModel(['ja', 'zh']);
    expect(languageModelLoaded()).toBe(false);

    await loadLanguageModel(['ja', 'pt']);
    expect(languageModelLoaded()).toBe(true);
    const pt = parseDocument('pt.md', page('pt-BR'), options('pt'));
    expect(pt.paragraphs.some((p) => p.lang === 'pt')).toBe(true);
    expect(pt.paragraphs.some((p) => p.lang === 'en')).toBe(true);
  });
});
