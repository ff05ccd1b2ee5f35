import { canonicalJson } from '../../checks/lib/text.ts';
import { blockText, frontmatterText, keyBlock, type FileText, type FrontmatterText } from '../text.ts';
import type { FixResult, Fixer } from '../types.ts';

/**
 * frontmatter-mismatch, for keys that must equal English: English's lines of the key replace
 * the translation's (or are inserted where English has the key, after the keys before it);
 * a key English no longer has is removed with its lines. Keys readers see as content
 * (`contentDiffers`) may be translated: left to a person.
 */
export default {
  check: 'frontmatter-mismatch',
  fixable: ['differs', 'missing', 'extra'],
  fix({ findings, file, english }) {
    const fm = frontmatterText(file);
    const efm = english ? frontmatterText(english.file) : null;
    return findings.map((f): FixResult => {
      const field = typeof f.data.field === 'string' ? f.data.field : '';
      if (!fm) return { kind: 'skip', reason: 'no frontmatter' };
      const ours = keyBlock(fm, field);
      if (f.message_id === 'extra') {
        if (!ours) return { kind: 'skip', reason: `${field} is not one top-level block` };
        return { kind: 'edit', edits: [{ start: ours.start, end: ours.end, text: '' }], verify: (after) => !!after && !(field in after) };
      }
      if (!english || !efm) return { kind: 'skip', reason: 'no English frontmatter to copy from' };
      const theirs = keyBlock(efm, field);
      if (!theirs) return { kind: 'skip', reason: `English's ${field} is not one top-level block` };
      const expected = canonicalJson(english.frontmatter?.[field]);
      const verify = (after: Record<string, unknown> | null) => !!after && canonicalJson(after[field]) === expected;
      const text = blockText(english.file, theirs, file.eol);
      if (f.message_id === 'differs') {
        if (!ours) return { kind: 'skip', reason: `${field} is not one top-level block` };
        // The block's own ending stays: a last key without a line ending keeps having none.
        const ownEnd = file.text.slice(ours.start, ours.end).endsWith('\n') ? text : text.replace(/\r?\n$/, '');
        return { kind: 'edit', edits: [{ start: ours.start, end: ours.end, text: ownEnd }], verify };
      }
      if (ours) return { kind: 'skip', reason: `${field} is written in a form the index did not read` };
      const at = insertionPoint(file, fm, efm, field);
      return { kind: 'edit', edits: [{ start: at.offset, end: at.offset, text: (at.needsEol ? file.eol : '') + text }], verify };
    });
  },
} satisfies Fixer;

/**
 * Where a key English has goes in the translation: after the translation's block of the
 * nearest key before it in English's order, else before the nearest key after it, else
 * at the end of the frontmatter.
 */
export function insertionPoint(file: FileText, fm: FrontmatterText, efm: FrontmatterText, field: string): { offset: number; needsEol: boolean } {
  const order = efm.blocks.map((b) => b.key);
  const i = order.indexOf(field);
  for (let j = i - 1; j >= 0; j--) {
    const b = keyBlock(fm, order[j]!);
    if (b) return { offset: b.end, needsEol: file.text[b.end - 1] !== '\n' };
  }
  for (let j = i + 1; j < order.length; j++) {
    const b = keyBlock(fm, order[j]!);
    if (b) return { offset: b.start, needsEol: false };
  }
  return { offset: fm.close, needsEol: false };
}
