import { defineCheck } from './define.ts';
import { countWords } from '../shared/word-count.ts';
import type { CheckDocument } from '../shared/documents.ts';

/**
 * The effort a missing page stands for: the words of the English page's prose (headings,
 * paragraphs, list items, tables) and of its translated frontmatter fields. Null when the
 * document's paragraphs were loaded in part (then the count would be short, not known).
 */
export function wordsToTranslate(english: CheckDocument, translatedFields: readonly string[]): number | null {
  // Every locale that lacks the page asks: counted once per English document.
  const hit = counted.get(english);
  if (hit !== undefined) return hit;
  const n = count(english, translatedFields);
  counted.set(english, n);
  return n;
}

const counted = new WeakMap<CheckDocument, number | null>();

function count(english: CheckDocument, translatedFields: readonly string[]): number | null {
  if (english.paragraphLanguages) return null;
  let n = 0;
  for (const p of english.paragraphs) n += countWords(p.text);
  for (const field of translatedFields) {
    const v = english.frontmatter?.[field];
    if (typeof v === 'string') n += countWords(v);
  }
  return n;
}

export default defineCheck({
  id: 'missing-translation',
  severity: 'warning',
  docs: 'English pages that have no translation in the locale (readers get the English page).',
  messages: { missing: 'No {{locale}} translation of {{url}}; readers of this locale see the English page.' },
  scope: 'english',
  run({ english, translation, locale, site }) {
    if (!english || translation || english.row.kind !== 'page' || english.row.parse_error) return [];
    const words = wordsToTranslate(english, site.layout.frontmatter.translated);
    return [{ messageId: 'missing', data: { locale, url: site.urlOf(english.row.key), englishPath: english.row.path, words }, stable: 'missing' }];
  },
});
