import { alignOutlines, type OutlineSection } from '../align/sections.ts';

/** A section as history keeps it (document_versions) and as the checks read it. */
export interface HistorySection {
  ordinal: number;
  level: number;
  heading: string;
  anchor: string;
  textHash: string;
  skeletonHash: string;
  source: string;
}

/**
 * What changed in an English section, most serious first: procedure steps and code are
 * what readers follow and copy; prose and headings are what they read; Liquid and link
 * targets change what is shown or where it points.
 */
export type ChangeKind = 'procedure' | 'code' | 'text' | 'heading' | 'liquid' | 'links';
export const CHANGE_ORDER: ChangeKind[] = ['procedure', 'code', 'text', 'heading', 'liquid', 'links'];

export interface SectionChange {
  status: 'changed' | 'added' | 'removed';
  /** Every kind of change found, most serious first. */
  kinds: ChangeKind[];
  /** Section ordinal in the base English version (null when added). */
  baseOrdinal: number | null;
  /** Section ordinal in the current English version (null when removed). */
  ordinal: number | null;
  heading: string;
  anchor: string;
  level: number;
  /** Words added plus words removed (formatting ignored). */
  wordsChanged: number;
}

export interface SectionPair<T extends HistorySection = HistorySection> {
  base: T | null;
  current: T | null;
}

// Each English version's outline is worked out once, however many translations compare with it.
const outlines = new WeakMap<HistorySection[], OutlineSection[]>();

function outlineOf(sections: HistorySection[]): OutlineSection[] {
  let out = outlines.get(sections);
  if (!out) {
    out = sections.map((s) => ({
      ordinal: s.ordinal,
      level: s.level,
      // Two versions of one English page: the same anchor, heading or text is the same section.
      keys: s.level === 0 ? [] : [s.anchor, s.heading.trim() ? `heading:${s.heading.trim().toLowerCase()}` : '', `text:${s.textHash}`],
      tokens: s.level === 0 ? NO_TOKENS : headingWords(s.heading),
      skeleton: s.skeletonHash,
    }));
    outlines.set(sections, out);
  }
  return out;
}
const NO_TOKENS: ReadonlySet<string> = new Set();

/** A heading's words (Liquid left out): "Billing changes" and "Billing" share one, so a renamed heading still pairs by what it kept. */
function headingWords(heading: string): ReadonlySet<string> {
  return new Set(
    heading
      .replace(LIQUID, ' ')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1),
  );
}

/**
 * Pairs base and current sections with the one section alignment (server/align), sections
 * that moved included; current order, a removed section next to where it was (after the
 * pair of its predecessor).
 */
export function matchSections<T extends HistorySection>(base: T[], current: T[]): SectionPair<T>[] {
  const baseOf = new Map<number, T>();
  const paired = new Set<number>();
  const byBase = new Map(base.map((b) => [b.ordinal, b]));
  for (const p of alignOutlines(outlineOf(base), outlineOf(current), { versions: true })) {
    if (p.english === null || p.translation === null) continue;
    baseOf.set(p.translation, byBase.get(p.english)!);
    paired.add(p.english);
  }
  const pairs: SectionPair<T>[] = current.map((c) => ({ base: baseOf.get(c.ordinal) ?? null, current: c }));
  for (const b of base) {
    if (paired.has(b.ordinal)) continue;
    const prev = pairs.findIndex((p) => p.base && p.base.ordinal === b.ordinal - 1);
    pairs.splice(prev < 0 ? pairs.length : prev + 1, 0, { base: b, current: null });
  }
  return pairs;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})[^\n]*\n([\s\S]*?)(?:^\1?\2[ \t]*$|(?![\s\S]))/gm;
const LIQUID = /\{%-?[\s\S]*?-?%\}|\{\{-?[\s\S]*?-?\}\}/g;
const INLINE_CODE = /(`+)([\s\S]*?[^`])\1(?!`)/g;
const LINK_TARGET = /(!?\[[^\]]*\])\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
const COMMENT = /<!--[\s\S]*?-->/g;

/** The parts of a section source that the comparison looks at separately. */
export interface SectionParts {
  /** Prose without formatting, code, Liquid or link targets, as words. */
  words: string[];
  heading: string;
  /** Each ordered-list step's prose. */
  steps: string[];
  code: string[];
  liquid: string[];
  targets: string[];
}

function normalizeLiquid(tag: string): string {
  return tag
    .replace(/^\{([%{])-?\s*/, '{$1')
    .replace(/\s*-?([%}])\}$/, '$1}')
    .replace(/\s+/g, ' ');
}

/** Words of prose: formatting markers, list markers, table rules and heading markers are not words. */
export function proseWords(text: string): string[] {
  return (
    text
      .replace(/^\s{0,3}#{1,6}\s+/gm, '')
      .replace(/^\s*(?:[-*+]|\d{1,4}[.)])\s+/gm, '')
      // HTML tags before blockquote markers: a tag may span lines, and its closing `>` may
      // start one (`<a\n  href="…"\n>Text</a>`); taken for a quote marker, it let the tag
      // swallow the prose up to the next `>`.
      .replace(/<\/?[a-zA-Z][^<>]*>/g, ' ')
      .replace(/^\s*>\s?/gm, '')
      .replace(/^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/gm, '')
      .replace(/[*_~|]+/g, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 0)
  );
}

// The same English section is compared once per locale: remember its parts.
const partsCache = new Map<string, SectionParts>();

export function sectionParts(source: string): SectionParts {
  const hit = partsCache.get(source);
  if (hit) return hit;
  if (partsCache.size > 50_000) partsCache.clear();
  const parts = computeParts(source);
  partsCache.set(source, parts);
  return parts;
}

function computeParts(source: string): SectionParts {
  const code: string[] = [];
  const liquid: string[] = [];
  const targets: string[] = [];
  let text = source.replace(COMMENT, ' ').replace(FENCE, (_m, _i, _f, body: string) => {
    code.push(body.replace(/\s+$/, ''));
    return '\n';
  });
  text = text.replace(INLINE_CODE, (_m, _t, body: string) => {
    code.push(body.trim());
    return ' ';
  });
  text = text.replace(LIQUID, (tag) => {
    liquid.push(normalizeLiquid(tag));
    return ' ';
  });
  text = text.replace(LINK_TARGET, (_m, label: string, target: string) => {
    targets.push(target);
    return label.replace(/^!?\[|\]$/g, (x) => (x === ']' ? ' ' : ' '));
  });
  const lines = text.split('\n');
  const headingLine = /^\s{0,3}#{1,6}\s+(.*)$/.exec(lines[0] ?? '');
  const heading = headingLine ? proseWords(headingLine[1]!).join(' ').toLowerCase() : '';
  const steps: string[] = [];
  let step: string[] | null = null;
  for (const line of lines) {
    if (/^\s{0,3}\d{1,4}[.)]\s/.test(line)) {
      if (step) steps.push(proseWords(step.join(' ')).join(' '));
      step = [line];
    } else if (step && (/^\s+\S/.test(line) || line.trim() === '')) step.push(line);
    else if (step) {
      steps.push(proseWords(step.join(' ')).join(' '));
      step = null;
    }
  }
  if (step) steps.push(proseWords(step.join(' ')).join(' '));
  return { words: proseWords(headingLine ? lines.slice(1).join('\n') : text), heading, steps, code, liquid, targets };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameMultiset(a: string[], b: string[]): boolean {
  return sameList([...a].sort(), [...b].sort());
}

/** Words added plus words removed between two word lists (as multisets). */
export function wordDelta(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const w of b) counts.set(w, (counts.get(w) ?? 0) - 1);
  let n = 0;
  for (const v of counts.values()) n += Math.abs(v);
  return n;
}

/** What differs between the parts of two section versions, whatever the translation. */
interface PartsDelta {
  /** Kinds other than links, in CHANGE_ORDER. */
  kinds: ChangeKind[];
  /** The link targets differ (as multisets). */
  targetsDiffer: boolean;
  /** Targets of the current version that the base version lacks. */
  moved: string[];
  wordsChanged: number;
}

// Every locale's translation of a page compares the same two English versions: the
// delta is worked out once per pair of parts (which sectionParts keeps per source).
const deltas = new WeakMap<SectionParts, WeakMap<SectionParts, PartsDelta>>();

function partsDelta(b: SectionParts, c: SectionParts): PartsDelta {
  let byCurrent = deltas.get(b);
  if (!byCurrent) deltas.set(b, (byCurrent = new WeakMap()));
  let d = byCurrent.get(c);
  if (!d) {
    const kinds: ChangeKind[] = [];
    if (!sameList(b.steps, c.steps)) kinds.push('procedure');
    if (!sameList(b.code, c.code)) kinds.push('code');
    if (!sameList(b.words, c.words)) kinds.push('text');
    if (b.heading !== c.heading) kinds.push('heading');
    if (!sameMultiset(b.liquid, c.liquid)) kinds.push('liquid');
    const targetsDiffer = !sameMultiset(b.targets, c.targets);
    const old = new Set(b.targets);
    d = {
      kinds,
      targetsDiffer,
      moved: targetsDiffer ? c.targets.filter((t) => !old.has(t)) : [],
      wordsChanged: wordDelta([...b.words, ...b.code], [...c.words, ...c.code]),
    };
    byCurrent.set(c, d);
  }
  return d;
}

/** The link targets a translation uses: asked only about links English moved. */
export type TargetSet = { has(target: string): boolean };

/** The kinds of a changed pair once the translation's link targets are known; empty when the edit is cosmetic. */
function kindsFor(d: PartsDelta, translationTargets: TargetSet): ChangeKind[] {
  // Links come last in CHANGE_ORDER. A link moved to a target the translation already uses needs no new translation.
  const links = d.targetsDiffer && (d.moved.length === 0 || d.moved.some((t) => !translationTargets.has(t)));
  return links ? [...d.kinds, 'links'] : d.kinds.slice();
}

/**
 * Whether two section lists are the same version: matchSections then pairs each section
 * with itself and nothing differs, so there is nothing to compare.
 */
function sameSections(base: HistorySection[], current: HistorySection[]): boolean {
  if (base === current) return true;
  if (base.length !== current.length) return false;
  for (let i = 0; i < base.length; i++) {
    const b = base[i]!;
    const c = current[i]!;
    if (
      b.ordinal !== c.ordinal ||
      b.level !== c.level ||
      b.heading !== c.heading ||
      b.anchor !== c.anchor ||
      b.textHash !== c.textHash ||
      b.skeletonHash !== c.skeletonHash
    )
      return false;
  }
  return true;
}

/**
 * A section pair that may have changed, whatever the translation: `delta` for a pair whose
 * kinds depend on the translation's link targets, `change` for a section added or removed.
 */
type Candidate = { b: HistorySection; c: HistorySection; delta: PartsDelta } | { change: SectionChange };

// Every locale's translation made from the same English version compares the same two
// section lists: the pairing and the deltas are worked out once per pair of lists.
const candidatesOf = new WeakMap<HistorySection[], WeakMap<HistorySection[], Candidate[]>>();

function candidates(base: HistorySection[], current: HistorySection[]): Candidate[] {
  let byCurrent = candidatesOf.get(base);
  if (!byCurrent) candidatesOf.set(base, (byCurrent = new WeakMap()));
  let out = byCurrent.get(current);
  if (out) return out;
  out = [];
  for (const { base: b, current: c } of matchSections(base, current)) {
    if (b && c) {
      if (b.textHash === c.textHash && b.skeletonHash === c.skeletonHash && b.heading === c.heading) continue;
      const delta = partsDelta(sectionParts(b.source), sectionParts(c.source));
      if (delta.kinds.length > 0 || delta.targetsDiffer) out.push({ b, c, delta });
      continue;
    }
    const s = (b ?? c)!;
    const parts = sectionParts(s.source);
    // An empty preamble coming or going is not content.
    if (parts.words.length === 0 && parts.code.length === 0 && parts.liquid.length === 0 && s.level === 0) continue;
    const kinds: ChangeKind[] = parts.steps.length > 0 ? ['procedure'] : parts.words.length > 0 ? ['text'] : parts.code.length > 0 ? ['code'] : ['liquid'];
    out.push({
      change: {
        status: b ? 'removed' : 'added',
        kinds,
        baseOrdinal: b?.ordinal ?? null,
        ordinal: c?.ordinal ?? null,
        heading: s.heading,
        anchor: s.anchor,
        level: s.level,
        wordsChanged: parts.words.length + parts.code.length,
      },
    });
  }
  byCurrent.set(current, out);
  return out;
}

/**
 * The English sections that changed, were added or were removed between base and now;
 * none for a cosmetic edit. `translationTargets` are the link targets the translation
 * already uses: a link moved to one of them needs no new translation.
 */
export function compareSections(base: HistorySection[], current: HistorySection[], translationTargets: TargetSet = new Set()): SectionChange[] {
  const out: SectionChange[] = [];
  if (sameSections(base, current)) return out;
  for (const candidate of candidates(base, current)) {
    if ('change' in candidate) {
      out.push({ ...candidate.change, kinds: candidate.change.kinds.slice() });
      continue;
    }
    const { b, c, delta } = candidate;
    const kinds = kindsFor(delta, translationTargets);
    if (kinds.length > 0)
      out.push({
        status: 'changed',
        kinds,
        baseOrdinal: b.ordinal,
        ordinal: c.ordinal,
        heading: c.heading,
        anchor: c.anchor,
        level: c.level,
        wordsChanged: delta.wordsChanged,
      });
  }
  return out;
}
