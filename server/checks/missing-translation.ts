import { defineCheck } from './define.ts';

export default defineCheck({
  id: 'missing-translation',
  severity: 'warning',
  docs: 'English pages that have no translation in the locale (readers get the English page).',
  messages: { missing: 'No {{locale}} translation of {{url}}; readers of this locale see the English page.' },
  scope: 'english',
  run({ english, translation, locale, site }) {
    if (!english || translation || english.row.kind !== 'page' || english.row.parse_error) return [];
    return [{ messageId: 'missing', data: { locale, url: site.layout.urlOf(english.row.key), englishPath: english.row.path }, stable: 'missing' }];
  },
});
