import { lineSpan, type TextEdit } from '../text.ts';
import type { FixResult, Fixer } from '../types.ts';

/**
 * structure-mismatch, heading levels: each heading's run of `#` is made as long as English's
 * (`headingLevel`), or every heading of a shift is moved by the shift (`headingShift`). The
 * heading's text is untouched. Section counts and step numbers need a person.
 */
export default {
  check: 'structure-mismatch',
  fixable: ['headingLevel', 'headingShift'],
  fix({ findings, file }) {
    return findings.map((f): FixResult => {
      const targets: { line: number; level: (found: number) => number }[] = [];
      if (f.message_id === 'headingLevel') {
        const actual = Number(f.data.actual);
        const expected = Number(f.data.expected);
        if (f.line === null || !(expected >= 1 && expected <= 6)) return { kind: 'skip', reason: 'the finding names no heading line' };
        targets.push({ line: f.line, level: (found) => (found === actual ? expected : NaN) });
      } else {
        const shift = Number(f.data.shift) * (f.data.direction === 'deeper' ? -1 : 1);
        const lines = Array.isArray(f.data.lines) ? (f.data.lines as unknown[]).map(Number) : [];
        if (!shift || lines.length === 0) return { kind: 'skip', reason: 'the finding names no heading lines' };
        for (const line of lines) targets.push({ line, level: (found) => found + shift });
      }
      const edits: TextEdit[] = [];
      for (const t of targets) {
        const span = lineSpan(file, t.line);
        const m = span && /^( {0,3})(#{1,6})(?=[ \t]|$)/.exec(file.text.slice(span.start, span.contentEnd));
        if (!span || !m) return { kind: 'skip', reason: `line ${t.line} is not an ATX heading (# …)` };
        const level = t.level(m[2]!.length);
        if (!(level >= 1 && level <= 6)) return { kind: 'skip', reason: `the heading on line ${t.line} is not at the level the finding names` };
        const start = span.start + m[1]!.length;
        edits.push({ start, end: start + m[2]!.length, text: '#'.repeat(level) });
      }
      return { kind: 'edit', edits };
    });
  },
} satisfies Fixer;
