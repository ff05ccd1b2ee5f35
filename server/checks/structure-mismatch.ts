import { defineCheck, type CheckFinding } from './define.ts';
import { alignDocuments } from '../align/sections.ts';
import type { CheckDocument } from './types.ts';

type SectionRow = CheckDocument['sections'][number];

export default defineCheck({
  id: 'structure-mismatch',
  severity: 'warning',
  docs: 'Section count that differs from English; heading levels or step numbering that differ from the English section it certainly pairs with (server/align).',
  messages: {
    sectionCount: 'The translation has {{actual}} sections, English has {{expected}}; add or remove the sections English changed.',
    headingLevel:
      'Heading "{{heading}}" is level {{actual}} ({{actualMarks}}) but English "{{englishHeading}}" is level {{expected}} ({{expectedMarks}}); use {{expectedMarks}}.',
    headingShift:
      '{{count}} headings are {{shift}} level(s) {{direction}} than in English ({{examples}}); shift each heading by {{shift}} level(s), e.g. {{actualMarks}} → {{expectedMarks}}.',
    stepCount: 'Section "{{heading}}" has {{actual}} numbered steps, English has {{expected}}; compare the procedure with English.',
    stepNumber:
      'Section "{{heading}}" numbers its steps {{actual}} where English has {{expected}}; readers see wrong step numbers. Number them as English does.',
  },
  run({ english, translation }) {
    if (!english || !translation || translation.row.kind !== 'page' || english.row.kind !== 'page') return [];
    if (translation.row.parse_error || english.row.parse_error) return [];
    const out: CheckFinding<'structure-mismatch'>[] = [];
    const e = english.sections;
    const t = translation.sections;
    if (e.length !== t.length) {
      out.push({ messageId: 'sectionCount', data: { actual: t.length, expected: e.length }, line: t[1]?.line ?? t[0]?.line ?? 1, stable: 'sections' });
    }
    // Levels and steps are compared only where the alignment is sure which sections are the
    // same; `index` is the English section's position (the finding's stable detail).
    const byOrdinal = (list: SectionRow[]) => new Map(list.map((s, index) => [s.ordinal, { s, index }]));
    const eOf = byOrdinal(e);
    const tOf = byOrdinal(t);
    const pairs: { index: number; es: SectionRow; ts: SectionRow }[] = [];
    for (const p of alignDocuments(english, translation)) {
      if (!p.certain || p.english === null || p.translation === null) continue;
      const x = eOf.get(p.english);
      const y = tOf.get(p.translation);
      if (x && y) pairs.push({ index: x.index, es: x.s, ts: y.s });
    }
    // English moved every heading up a level in 2021: one finding per shift, not one per heading.
    const byShift = new Map<number, typeof pairs>();
    for (const pair of pairs) {
      const shift = pair.ts.level - pair.es.level;
      if (shift !== 0) byShift.set(shift, [...(byShift.get(shift) ?? []), pair]);
    }
    for (const [shift, shifted] of byShift) {
      const first = shifted[0]!.ts;
      const english0 = shifted[0]!.es;
      if (shifted.length === 1) {
        out.push({
          messageId: 'headingLevel',
          data: {
            heading: first.heading,
            englishHeading: english0.heading,
            actual: first.level,
            expected: english0.level,
            actualMarks: '#'.repeat(first.level),
            expectedMarks: '#'.repeat(english0.level),
          },
          line: first.line,
          section: first.ordinal,
          stable: `level:${shifted[0]!.index}`,
        });
        continue;
      }
      const headings = shifted.map((p) => p.ts.heading);
      const examples =
        headings
          .slice(0, 3)
          .map((h) => `"${h}"`)
          .join(', ') + (headings.length > 3 ? ', …' : '');
      out.push({
        messageId: 'headingShift',
        data: {
          count: shifted.length,
          shift: Math.abs(shift),
          direction: shift > 0 ? 'deeper' : 'higher',
          examples,
          headings,
          lines: shifted.map((p) => p.ts.line),
          actualMarks: '#'.repeat(first.level),
          expectedMarks: '#'.repeat(english0.level),
        },
        line: first.line,
        section: first.ordinal,
        stable: `shift:${shift}`,
      });
    }
    for (const { index: i, es, ts } of pairs) {
      const esteps = JSON.parse(es.steps_json) as number[];
      const tsteps = JSON.parse(ts.steps_json) as number[];
      if (esteps.length !== tsteps.length) {
        out.push({
          messageId: 'stepCount',
          data: { heading: ts.heading || '(top)', actual: tsteps.length, expected: esteps.length },
          line: ts.line,
          section: ts.ordinal,
          stable: `steps:${i}`,
        });
      } else if (renderedNumbers(esteps).join() !== renderedNumbers(tsteps).join()) {
        out.push({
          messageId: 'stepNumber',
          data: { heading: ts.heading || '(top)', actual: tsteps.join(', '), expected: esteps.join(', ') },
          line: ts.line,
          section: ts.ordinal,
          stable: `numbers:${i}`,
        });
      }
    }
    return out;
  },
});

/**
 * What readers see: Markdown takes a list's number from its first item and counts on,
 * so `1. 1. 1.` and `1. 2. 3.` render alike; a number that neither repeats nor
 * continues the previous one (`5.` after nothing) starts a new count.
 */
export function renderedNumbers(steps: number[]): number[] {
  const out: number[] = [];
  let shown = 0;
  let prev: number | null = null;
  for (const n of steps) {
    shown = prev === null || (n !== prev && n !== prev + 1) ? n : shown + 1;
    out.push(shown);
    prev = n;
  }
  return out;
}
