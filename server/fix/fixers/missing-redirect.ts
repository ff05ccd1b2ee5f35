import type { Layout } from '../../layouts/types.ts';
import { frontmatterText, keyBlock, lineSpan, withEol, type FileText, type FrontmatterText, type TextEdit } from '../text.ts';
import type { FixResult, Fixer } from '../types.ts';
import { insertionPoint } from './frontmatter-mismatch.ts';

/**
 * missing-redirect: a missing entry is English's own line of its redirect list, copied after
 * the translation's last entry (or the list, with the entries to add, where it has none); an
 * entry English dropped is removed with its line.
 */
export default {
  check: 'missing-redirect',
  fixable: ['missing', 'extra'],
  fix({ findings, file, frontmatter, english, layout }) {
    const fm = frontmatterText(file);
    if (!fm || !english) return findings.map(() => ({ kind: 'skip', reason: fm ? 'no English page to copy from' : 'no frontmatter' }) as const);
    const field = redirectField(layout, english.frontmatter) ?? redirectField(layout, frontmatter);
    const efm = frontmatterText(english.file);
    if (!field || !efm) return findings.map(() => ({ kind: 'skip', reason: 'English has no redirect list to copy from' }) as const);
    const englishItems = itemLines(english.file, efm, field, layout);
    const ours = keyBlock(fm, field);
    const ourItems = ours ? itemLines(file, fm, field, layout) : new Map<string, ItemLine>();
    if (ours && ourItems.size === 0 && redirectsOf(layout, field, frontmatter).length > 0)
      return findings.map(() => ({ kind: 'skip', reason: `${field} is not a block list (one entry per line)` }) as const);
    let headerGiven = false;
    return findings.map((f): FixResult => {
      const url = typeof f.data.from === 'string' ? f.data.from : '';
      const verify = (present: boolean) => (after: Record<string, unknown> | null) =>
        redirectsOf(layout, field, after).some((k) => layout.urlOf(k) === url) === present;
      if (f.message_id === 'extra') {
        const item = ourItems.get(url);
        if (!item) return { kind: 'skip', reason: `entry ${url} is not on a line of its own` };
        return { kind: 'edit', edits: [{ start: item.start, end: item.next, text: '' }], verify: verify(false) };
      }
      const theirs = englishItems.get(url);
      if (!theirs) return { kind: 'skip', reason: `English's entry ${url} is not on a line of its own` };
      const indent = ours ? [...ourItems.values()][0]?.indent : undefined;
      const line = withEol(reindent(english.file.text.slice(theirs.start, theirs.contentEnd), theirs.indent, indent ?? theirs.indent) + '\n', file.eol);
      let edit: TextEdit;
      if (ours) {
        const end = ours.end;
        // After the last entry; a list ending the file without a line ending gets one first.
        const needsEol = end > 0 && file.text[end - 1] !== '\n';
        edit = { start: end, end, text: (needsEol ? file.eol : '') + line };
      } else {
        const englishBlock = keyBlock(efm, field)!;
        const header = withEol(english.file.text.slice(englishBlock.start, lineSpan(english.file, englishBlock.line)!.contentEnd) + '\n', file.eol);
        const at = insertionPoint(file, fm, efm, field);
        edit = { start: at.offset, end: at.offset, text: (at.needsEol ? file.eol : '') + (headerGiven ? '' : header) + line };
        headerGiven = true;
      }
      return { kind: 'edit', edits: [edit], verify: verify(true) };
    });
  },
} satisfies Fixer;

/** The frontmatter key the layout reads redirects from: the one whose value alone gives redirects. */
export function redirectField(layout: Layout, frontmatter: Record<string, unknown> | null): string | null {
  for (const [k, v] of Object.entries(frontmatter ?? {})) if (layout.redirectsOf({ [k]: v }).length > 0) return k;
  return null;
}

function redirectsOf(layout: Layout, field: string, frontmatter: Record<string, unknown> | null): string[] {
  return frontmatter && field in frontmatter ? layout.redirectsOf({ [field]: frontmatter[field] }) : [];
}

interface ItemLine {
  start: number;
  contentEnd: number;
  next: number;
  indent: string;
}

/** The list's entries, one per line (`  - /old/url`), by the URL each one redirects. */
function itemLines(file: FileText, fm: FrontmatterText, field: string, layout: Layout): Map<string, ItemLine> {
  const out = new Map<string, ItemLine>();
  const block = keyBlock(fm, field);
  if (!block) return out;
  for (let line = block.line + 1; ; line++) {
    const span = lineSpan(file, line);
    if (!span || span.start >= block.end) break;
    const m = /^(\s*)-[ \t]+(.*?)\s*$/.exec(file.text.slice(span.start, span.contentEnd));
    if (!m) continue;
    const value = unquote(m[2]!);
    const keys = layout.redirectsOf({ [field]: [value] });
    if (keys.length === 1 && !out.has(layout.urlOf(keys[0]!))) out.set(layout.urlOf(keys[0]!), { ...span, indent: m[1]! });
  }
  return out;
}

function unquote(v: string): string {
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) return v.slice(1, -1);
  return v;
}

function reindent(line: string, from: string, to: string): string {
  return line.startsWith(from) ? to + line.slice(from.length) : line;
}
