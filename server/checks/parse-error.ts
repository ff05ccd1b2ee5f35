import { defineCheck } from './define.ts';

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
  },
  scope: 'document',
  run({ translation }) {
    if (!translation?.row.parse_error) return [];
    let error: { code?: string; message?: string; line?: number };
    try {
      error = JSON.parse(translation.row.parse_error) as typeof error;
    } catch {
      error = { code: 'unreadable', message: translation.row.parse_error };
    }
    const code = error.code && ['yaml', 'encoding', 'binary', 'size', 'limits', 'unreadable', 'duplicate-key'].includes(error.code) ? error.code : 'unreadable';
    return [{ messageId: code, data: { code, detail: error.message ?? '' }, line: error.line ?? null, stable: code }];
  },
});
