import { detectLanguage, languageOfLocale } from '../indexer/language.ts';
import { TRANSLATED_FIELDS } from '../indexer/parse.ts';
import { defineCheck, type CheckFinding } from './define.ts';
import { hasProse, letterCount, proseOf, wordCount } from './lib/text.ts';

export { TRANSLATED_FIELDS };

/** Confidence above which a detected-English field counts as untranslated. */
const ENGLISH_CONFIDENCE = 0.5;

export default defineCheck({
  id: 'untranslated-field',
  severity: 'warning',
  docs: "Translated frontmatter fields (the layout's translated list: GitHub Docs title, shortTitle, intro, permissions; MDN title, short-title; Hugo title, linkTitle, description) left in English: equal to the English value, or detected as English.",
  messages: {
    equal: 'Frontmatter {{field}} is the English text "{{value}}"; translate it.',
    english: 'Frontmatter {{field}} is still English ("{{value}}"{{olderNote}}); translate it.',
  },
  run({ english, translation, locale, site }) {
    if (!translation?.frontmatter || translation.row.kind !== 'page') return [];
    const language = languageOfLocale(locale);
    if (language === languageOfLocale(site.sourceLocale)) return [];
    const out: CheckFinding<'untranslated-field'>[] = [];
    for (const field of site.layout.frontmatter.translated) {
      const value = translation.frontmatter[field];
      if (typeof value !== 'string') continue;
      const prose = withoutCode(proseOf(site, value));
      // Product names and Liquid alone ("{% data variables.product.prodname_actions %}") need no translation.
      if (!hasProse(prose, 2, 8)) continue;
      const line = translation.frontmatterLines[field] ?? 1;
      const current = english?.frontmatter?.[field];
      if (typeof current === 'string' && current.trim() === value.trim()) {
        out.push({ messageId: 'equal', data: { field, value }, line, stable: field });
        continue;
      }
      // Identified by the indexer when it parsed the page (the same prose, the same call); here for older rows.
      const detected = translation.fieldLanguages?.get(field) ?? detectLanguage(prose, language);
      if ((detected.lang === 'en' && detected.confidence >= ENGLISH_CONFIDENCE) || nonLatinLocaleInLatin(prose, language)) {
        out.push({
          messageId: 'english',
          data: { field, value, confidence: detected.confidence, olderNote: current === undefined ? '' : ', not the current English text' },
          line,
          stable: field,
        });
      }
    }
    return out;
  },
});

/**
 * API names stay as they are in every language: `Array.prototype.push()`, `<address>`,
 * `Element.className`, `grid-template-rows`, `::before` are no English text to translate.
 */
const CODE_TOKEN = /(?:^|\s)(?=\S*[.()<>:@_[\]{}=/$])\S+|^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/g;

function withoutCode(prose: string): string {
  return prose.replace(CODE_TOKEN, ' ').replace(/\s+/g, ' ').trim();
}

const NON_LATIN = new Set(['zh', 'ja', 'ko', 'ru', 'uk', 'bn', 'hi', 'ar', 'he', 'fa', 'th', 'el', 'bg']);

/** A field of a Chinese/Japanese/… page written wholly in Latin letters is English even when short. */
function nonLatinLocaleInLatin(prose: string, language: string): boolean {
  if (!NON_LATIN.has(language)) return false;
  const letters = letterCount(prose);
  const latin = (prose.match(/\p{Script=Latin}/gu) ?? []).length;
  return latin === letters && wordCount(prose) >= 3;
}
