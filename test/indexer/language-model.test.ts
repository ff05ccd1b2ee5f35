import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/indexer/parse.ts';
import { languageModelLoaded, loadLanguageModel } from '../../server/indexer/language.ts';
import { SubsetDetector, type EldModel, type EldText } from '../../server/indexer/eld-subset.ts';
import fc from 'fast-check';

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

// Parsers judge a Latin-script page as eld judges it with a two-language subset, through
// SubsetDetector (eld's algorithm without its dictionary-mode objects): every verdict, score and
// reliability must be eld's own.
describe("eld's detection of English or the page's language", () => {
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []));
  // Lines of real translations kept in the repository (GitHub Docs and MDN pages), as parsers cut them.
  const lines = (dirs: string[]) => dirs.flatMap(files).flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'));
  const paragraphs = (dirs: string[]) =>
    lines(dirs)
      .map((p) => p.trim().slice(0, 320))
      .filter((p) => p.length >= 20);
  // Whole lines past eld's cuts (at a space after 350 bytes, anywhere after 380).
  const longLines = (dirs: string[]) => lines(dirs).filter((p) => Buffer.byteLength(p) > 400);
  const eldParts = async () => {
    const entry = import.meta.resolve('eld/extrasmall');
    const load = (file: string) => import(new URL(file, entry).href) as Promise<Record<string, unknown>>;
    type Module = Record<string, unknown>;
    const [{ createEld }, { ngramsData }, { separators }, { dictionary }, { avgScore }] = (await Promise.all(
      ['../languageDetector.js', '../ngrams/extrasmall.js', '../regexPatterns.js', '../dictionary.js', '../avgScore.js'].map(load),
    )) as [Module, Module, Module, Module, Module];
    return {
      createEld: createEld as () => { instance: Eld; loadData: (data: unknown) => void },
      model: ngramsData as EldModel,
      text: { separators, dictionary, avgScore } as EldText,
    };
  };
  // eld's own answer, as SubsetDetector gives it.
  const eldVerdict = (eld: Eld, text: string) => {
    const r = eld.detect(text);
    if (!r.language) return null;
    const scores = Object.values(r.getScores() as Record<string, number>).sort((a, b) => b - a);
    return { language: r.language, top: scores[0], second: scores[1] ?? 0, reliable: r.isReliable() };
  };

  it('gives eld verdicts, scores and reliability on real paragraphs and on random text', async () => {
    const { createEld, model, text } = await eldParts();
    const sample = path.join(SAMPLE, 'translations');
    const fixture = (dir: string) => path.resolve(import.meta.dirname, '../fixtures', dir);
    const cases = [
      { target: 'de', dirs: [path.join(sample, 'de-DE'), fixture('github-docs-false-alarms/translations/de-DE')] },
      { target: 'es', dirs: [path.join(sample, 'es-ES'), fixture('mdn-sample/files/es')] },
      { target: 'pt', dirs: [path.join(sample, 'pt-BR'), fixture('mdn-sample/files/pt-br')] },
    ];
    // Random text from the pieces that decide eld's paths: separators and apostrophes, two-, three- and
    // four-byte characters, upper case, words over 70 characters, texts over eld's 350- and 380-byte cuts.
    const PIECES = [
      ' ',
      '  ',
      '\t',
      "'",
      '’',
      '`',
      '-',
      '.',
      '1',
      'the',
      'THE',
      'und',
      'que',
      'não',
      'Straße',
      'İ',
      'ñ',
      'é',
      'Ω',
      'дом',
      '日本',
      '😀',
      '\ud800',
      'abcdefghijklmnopqrstuvwxyz'.repeat(3),
      'abcdefghij',
      'xyz',
      'ab',
      'q',
    ];
    const random = fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map((p) => p.join(''));
    for (const { target, dirs } of cases) {
      const texts = paragraphs(dirs);
      const long = longLines(dirs);
      expect(texts.length, target).toBeGreaterThan(100);
      expect(long.length, target).toBeGreaterThan(10);
      const { instance: eld, loadData } = createEld();
      loadData(model);
      eld.setLanguageSubset(['en', target]);
      const subset = new SubsetDetector(model, ['en', target], text);
      const verdicts = new Set<string>();
      // eld's cut inside a long word, at each of its characters: prose, then a compound word.
      const compound = 'Verbindungsherstellungsberechtigungsverwaltungseinstellungen ';
      const cuts = Array.from({ length: 70 }, (_, k) => `${'die Einstellungen und '.repeat(16).slice(0, 300 + k)}${compound.repeat(3)}`);
      // As parsers cut them, whole lines past eld's own cuts, and cuts inside a word.
      for (const t of [...texts, ...long, ...cuts]) {
        const expected = eldVerdict(eld, t);
        expect(subset.detect(t), t).toEqual(expected);
        verdicts.add(expected?.language ?? '');
      }
      // Both languages were met: the comparison covers English paragraphs and translated ones.
      expect([...verdicts], target).toEqual(expect.arrayContaining(['en', target]));
      fc.assert(
        fc.property(random, (t) => {
          expect(subset.detect(t)).toEqual(eldVerdict(eld, t));
        }),
        { numRuns: 2000 },
      );
    }
  });
});
