import { parseMacroCall } from '../layouts/mdn-macros.ts';
import type { Layout } from '../layouts/types.ts';
import { defineCheck } from './define.ts';
import type { CheckDocument, Finding } from './types.ts';

type SectionRow = CheckDocument['sections'][number];

export default defineCheck({
  id: 'structure-mismatch',
  severity: 'warning',
  docs: "Section count, heading levels or step numbering that differ from English. A heading's level is compared with the English heading it pairs with only when the pairing is certain: every heading shifted alike, or the two sections share language-neutral content (code, link targets, macro calls) and match each other best; otherwise the outline is reported as different, without advice for a heading.",
  messages: {
    sectionCount: 'The translation has {{actual}} sections, English has {{expected}}; add or remove the sections English changed.',
    headingLevel:
      'Heading "{{heading}}" is level {{actual}} ({{actualMarks}}) but English "{{englishHeading}}" is level {{expected}} ({{expectedMarks}}); use {{expectedMarks}}.',
    headingShift:
      '{{count}} headings are {{shift}} level(s) {{direction}} than in English ({{examples}}); shift each heading by {{shift}} level(s), e.g. {{actualMarks}} → {{expectedMarks}}.',
    outline:
      "{{count}} of the translation's {{total}} headings are at another level than English's heading at the same place, but the sections do not pair up with English's one to one ({{examples}}); compare the outline with English and add, remove or move the sections English changed.",
    stepCount: 'Section "{{heading}}" has {{actual}} numbered steps, English has {{expected}}; compare the procedure with English.',
    stepNumber:
      'Section "{{heading}}" numbers its steps {{actual}} where English has {{expected}}; readers see wrong step numbers. Number them as English does.',
  },
  run({ english, translation, site }) {
    if (!english || !translation || translation.row.kind !== 'page' || english.row.kind !== 'page') return [];
    if (translation.row.parse_error || english.row.parse_error) return [];
    const out: Finding[] = [];
    const e = english.sections;
    const t = translation.sections;
    if (e.length !== t.length) {
      return [{ messageId: 'sectionCount', data: { actual: t.length, expected: e.length }, line: t[1]?.line ?? t[0]?.line ?? 1, stable: 'sections' }];
    }
    // English moved every heading up a level in 2021: one finding per shift, not one per heading.
    const differing: number[] = [];
    for (let i = 0; i < e.length; i++) if (t[i]!.level !== e[i]!.level) differing.push(i);
    const headed = e.filter((s) => s.heading || s.level > 0).length;
    const shifts = new Set(differing.map((i) => t[i]!.level - e[i]!.level));
    // Every heading shifted alike is one convention changed; otherwise a heading is paired with the English
    // one at its position only when their sections share what translations keep (code, link targets, macros).
    const uniform = differing.length > 0 && differing.length === headed && shifts.size === 1;
    const certain = uniform ? differing : differing.filter((i) => pairedForSure(e, t, i, site.layout));
    const unsure = differing.filter((i) => !certain.includes(i));
    if (unsure.length > 0) {
      const examples =
        unsure
          .slice(0, 3)
          .map((i) => `"${t[i]!.heading}" ${'#'.repeat(t[i]!.level)}`)
          .join(', ') + (unsure.length > 3 ? ', …' : '');
      out.push({
        messageId: 'outline',
        data: { count: unsure.length, total: headed, examples, headings: unsure.map((i) => t[i]!.heading), lines: unsure.map((i) => t[i]!.line) },
        line: t[unsure[0]!]!.line,
        section: t[unsure[0]!]!.ordinal,
        stable: 'outline',
      });
    }
    const byShift = new Map<number, number[]>();
    for (const i of certain) {
      const shift = t[i]!.level - e[i]!.level;
      byShift.set(shift, [...(byShift.get(shift) ?? []), i]);
    }
    for (const [shift, indexes] of byShift) {
      const first = t[indexes[0]!]!;
      const english0 = e[indexes[0]!]!;
      if (indexes.length === 1) {
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
          stable: `level:${indexes[0]}`,
        });
        continue;
      }
      const headings = indexes.map((i) => t[i]!.heading);
      const examples =
        headings
          .slice(0, 3)
          .map((h) => `"${h}"`)
          .join(', ') + (headings.length > 3 ? ', …' : '');
      out.push({
        messageId: 'headingShift',
        data: {
          count: indexes.length,
          shift: Math.abs(shift),
          direction: shift > 0 ? 'deeper' : 'higher',
          examples,
          headings,
          lines: indexes.map((i) => t[i]!.line),
          actualMarks: '#'.repeat(first.level),
          expectedMarks: '#'.repeat(english0.level),
        },
        line: first.line,
        section: first.ordinal,
        stable: `shift:${shift}`,
      });
    }
    for (let i = 0; i < e.length; i++) {
      const es = e[i]!;
      const ts = t[i]!;
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
 * Tokens of a section that a translation keeps as English has them: code, link targets (as the
 * page key they name, whatever the locale prefix), images and macro calls (name and first argument).
 */
function neutralTokens(section: SectionRow, layout: Layout): Map<string, number> {
  const known = tokensOf.get(section);
  if (known) return known;
  const out = new Map<string, number>();
  tokensOf.set(section, out);
  for (const token of JSON.parse(section.skeleton_json || '[]') as string[]) {
    const colon = token.indexOf(':');
    const kind = token.slice(0, colon);
    const value = token.slice(colon + 1);
    let t: string | null = null;
    if (kind === 'code' || kind === 'image') t = token;
    else if (kind === 'link') t = `link:${layout.linkKeys(value)[0]?.key ?? value}`;
    else if (kind === 'output') {
      const call = parseMacroCall(value);
      t = call ? `output:${call.name}(${call.args[0]?.trim() ?? ''})` : token;
    }
    if (t) out.set(t, (out.get(t) ?? 0) + 1);
  }
  return out;
}

const tokensOf = new WeakMap<SectionRow, Map<string, number>>();

function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (const [t, c] of a) n += Math.min(c, b.get(t) ?? 0);
  return n;
}

/**
 * Whether translation section `i` certainly is English section `i`: they share language-neutral
 * content, and each matches the other better than any other section of the other page.
 */
function pairedForSure(e: SectionRow[], t: SectionRow[], i: number, layout: Layout): boolean {
  if (t[i]!.heading.trim().toLowerCase() === e[i]!.heading.trim().toLowerCase()) return true;
  const en = e.map((s) => neutralTokens(s, layout));
  const tr = t.map((s) => neutralTokens(s, layout));
  const here = overlap(tr[i]!, en[i]!);
  if (here === 0) return false;
  return en.every((x, j) => j === i || overlap(tr[i]!, x) < here) && tr.every((x, j) => j === i || overlap(x, en[i]!) < here);
}

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
