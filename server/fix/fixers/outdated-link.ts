import { lineSpan, type FileText, type TextEdit } from '../text.ts';
import type { FixFinding, FixResult, Fixer } from '../types.ts';

/**
 * outdated-link: the link target, where the finding's line has it, becomes the suggested
 * current path. Link macros (MDN `{{domxref(…)}}`) take a name, not a path: left to a person.
 */
export default {
  check: 'outdated-link',
  fixable: ['redirect', 'legacy', 'redirectInEnglish', 'legacyInEnglish'],
  fix({ findings, file }) {
    // The same link twice on one line is two findings: each takes the next place it is written.
    const used = new Map<string, number>();
    return findings.map((f): FixResult => {
      const target = typeof f.data.from === 'string' ? f.data.from : null;
      const suggestion = typeof f.data.suggestion === 'string' ? f.data.suggestion : null;
      if (!target || !suggestion || f.line === null) return { kind: 'skip', reason: 'the finding names no link target' };
      if (target.startsWith('{{')) return { kind: 'skip', reason: 'the link is a macro or Liquid expression, not a path to replace' };
      const span = lineSpan(file, f.line);
      const places: number[] = [];
      if (span) collect(file.text, span.start, span.contentEnd, target, places);
      if (places.length === 0) {
        // A reference link (`[text][label]`): its target is written in the definitions. Every
        // definition with this target changes, so the fixes of all their uses are one edit.
        const defs = definitionPlaces(file, target);
        if (defs.length === 0) return { kind: 'skip', reason: `link target ${target} not found on line ${f.line} nor in a link definition` };
        return { kind: 'edit', edits: defs.map((start): TextEdit => ({ start, end: start + target.length, text: suggestion })) };
      }
      const slot = `${f.line}\0${target}`;
      const n = used.get(slot) ?? 0;
      used.set(slot, n + 1);
      const start = places[n];
      if (start === undefined) return { kind: 'skip', reason: `link target ${target} is on line ${f.line} fewer times than it is flagged` };
      return { kind: 'edit', edits: [{ start, end: start + target.length, text: suggestion }] };
    });
  },
} satisfies Fixer;

/** Offsets of `target` in the reference definitions (`[name]: target`) of the file. */
function definitionPlaces(file: FileText, target: string): number[] {
  const out: number[] = [];
  const def = new RegExp(`^ {0,3}\\[[^\\]\\n]+\\]:[ \\t]*<?${escapeRe(target)}(?=>|[ \\t]|\\r?$)`, 'gm');
  for (let m = def.exec(file.text); m; m = def.exec(file.text)) out.push(m.index + m[0].length - target.length);
  return out;
}

/** Offsets where `target` is written as a link target between `from` and `to` (after `(`, `<`, a quote or a space, and ending the URL). */
function collect(text: string, from: number, to: number, target: string, out: number[]): void {
  for (let i = text.indexOf(target, from); i !== -1 && i + target.length <= to; i = text.indexOf(target, i + 1)) {
    const before = text[i - 1] ?? '';
    const after = text[i + target.length] ?? '';
    if (/[(<"'\s]/.test(before) && (i + target.length === to || /[)>"'\s]/.test(after))) out.push(i);
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type { FixFinding };
