import { defineCheck, type CheckFinding } from './define.ts';
import { claimedKey } from '../indexer/keys.ts';
import { parseErrorOf } from './lib/documents.ts';
import { translationPathFor } from './lib/paths.ts';

export default defineCheck({
  id: 'parse-error',
  severity: 'error',
  docs: 'Files that could not be read or parsed: invalid frontmatter YAML, encoding, binary content, size or limits.',
  messages: {
    yaml: 'Frontmatter does not parse, so the page is built without it: {{detail}}',
    encoding: 'File is not readable text: {{detail}}',
    binary: 'File is not readable text: {{detail}}',
    size: 'File is too large to index: {{detail}}',
    limits: 'File exceeds an indexing limit: {{detail}}',
    unreadable: 'File could not be read: {{detail}}',
    'duplicate-key': 'Two files claim the same key: {{detail}}',
    duplicateKeep:
      'This file and {{other}} both claim the key {{key}}, and this one is where English has the page: delete {{other}} (the index compares it with English until then).',
    duplicateDelete: 'This file and {{other}} both claim the key {{key}}, and {{other}} is where English has the page: delete this one.',
  },
  scope: 'document',
  run({ translation, site }): CheckFinding<'parse-error'>[] {
    if (!translation) return [];
    const error = parseErrorOf(translation.row);
    if (!error) return [];
    const code = error.code && isCode(error.code) ? error.code : 'unreadable';
    if (code === 'duplicate-key') {
      // `X.md` and `X/index.md` of one locale: say which one to keep when English's path tells.
      const { row } = translation;
      const key = claimedKey(row.key, row.path);
      const other = key === null ? undefined : site.entry(row.locale, key)?.path;
      const englishPath = key === null ? undefined : site.entry(site.sourceLocale, key)?.path;
      // English's own duplicates have no English to go by.
      if (key !== null && other !== undefined && englishPath !== undefined && row.locale !== site.sourceLocale) {
        const expected = translationPathFor(site.layout, site.sourceLocale, englishPath, row.locale);
        const data = { code, key, other, detail: error.message ?? '' };
        if (row.path === expected) return [{ messageId: 'duplicateKeep', data, line: 1, stable: code }];
        if (other === expected) return [{ messageId: 'duplicateDelete', data, line: 1, stable: code }];
      }
    }
    return [{ messageId: code, data: { code, detail: error.message ?? '' }, line: error.line ?? null, stable: code }];
  },
});

const CODES = ['yaml', 'encoding', 'binary', 'size', 'limits', 'unreadable', 'duplicate-key'] as const;

/** A parse error code that has a message of its own. */
function isCode(code: string): code is (typeof CODES)[number] {
  return (CODES as readonly string[]).includes(code);
}
