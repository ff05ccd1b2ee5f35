import { defineCheck } from './define.ts';

export default defineCheck({
  id: 'liquid-syntax',
  severity: 'error',
  docs: 'Liquid that does not parse: unclosed or mismatched tags, malformed outputs (GitHub Docs then serves the English page).',
  messages: {
    syntax: 'Liquid does not parse: {{detail}} (near "{{raw}}"); the site falls back to English for the whole page. Compare the tag with English.',
  },
  run({ translation }) {
    if (!translation || translation.row.kind === 'variables') return [];
    return translation.liquid
      .filter((r) => r.kind === 'syntax-error')
      .map((r) => ({
        messageId: 'syntax',
        data: { detail: r.name, raw: r.raw.trim().slice(0, 60) },
        line: r.line,
        section: r.section,
        stable: `${r.name}|${r.raw.trim()}`,
      }));
  },
});
