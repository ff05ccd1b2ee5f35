import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/indexer/parse.ts';
import { languageModelLoaded, loadLanguageModel, subsetModel } from '../../server/indexer/language.ts';

type Eld = (typeof import('eld/extrasmall'))['eld'];
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

// Parsers judge a Latin-script page with eld on a model cut to English and the page's language
// (subsetModel): it must answer as eld's whole model does with the same two-language subset.
describe("eld's model cut to two languages", () => {
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []));
  // Lines of real translations kept in the repository (GitHub Docs and MDN pages), as parsers cut them.
  const paragraphs = (dirs: string[]) =>
    dirs
      .flatMap(files)
      .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
      .map((p) => p.trim().slice(0, 320))
      .filter((p) => p.length >= 20);

  it('gives every verdict and score of the whole model, from a tenth of its n-grams', async () => {
    const entry = import.meta.resolve('eld/extrasmall');
    const { createEld } = (await import(new URL('../languageDetector.js', entry).href)) as {
      createEld: () => { instance: Eld; loadData: (data: unknown) => void };
    };
    const { ngramsData } = (await import(new URL('../ngrams/extrasmall.js', entry).href)) as { ngramsData: Parameters<typeof subsetModel>[0] };
    const detector = (data: unknown, target: string) => {
      const { instance, loadData } = createEld();
      loadData(data);
      instance.setLanguageSubset(['en', target]);
      return instance;
    };
    const sample = path.join(SAMPLE, 'translations');
    const fixture = (dir: string) => path.resolve(import.meta.dirname, '../fixtures', dir);
    const cases = [
      { target: 'de', texts: paragraphs([path.join(sample, 'de-DE'), fixture('github-docs-false-alarms/translations/de-DE')]) },
      { target: 'es', texts: paragraphs([path.join(sample, 'es-ES'), fixture('mdn-sample/files/es')]) },
      { target: 'pt', texts: paragraphs([path.join(sample, 'pt-BR'), fixture('mdn-sample/files/pt-br')]) },
    ];
    for (const { target, texts } of cases) {
      expect(texts.length, target).toBeGreaterThan(100);
      const cut = subsetModel(ngramsData, ['en', target]);
      expect(Object.keys(cut.ngrams).length).toBeLessThan(Object.keys(ngramsData.ngrams).length / 8);
      const whole = detector(ngramsData, target);
      const subset = detector(cut, target);
      const verdicts = new Set<string>();
      for (const text of texts) {
        const [a, b] = [whole.detect(text), subset.detect(text)];
        expect({ language: b.language, scores: b.getScores(), reliable: b.isReliable() }, text).toEqual({
          language: a.language,
          scores: a.getScores(),
          reliable: a.isReliable(),
        });
        verdicts.add(a.language);
      }
      // Both languages were met: the comparison covers English paragraphs and translated ones.
      expect([...verdicts], target).toEqual(expect.arrayContaining(['en', target]));
    }
  });
});
