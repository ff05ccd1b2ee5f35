/**
 * The one section alignment (issue 22 item 4): which section of one version of a page is
 * which section of another. The checks compare a translation with English pair by pair,
 * the article view shows those same pairs side by side, and stale detection pairs an old
 * English version with the current one. Headings are translated, so a pair is found by
 * what translation leaves alone: heading level and order, the intro, link targets,
 * Liquid/macro references, the language-neutral skeleton (code, lists, links, references)
 * and, between two versions of the same language, anchors, headings and text hashes.
 *
 * The shape is an order-preserving alignment (dynamic programming, like a diff of two
 * outlines) that lets either side have sections the other lacks. Each pair says whether it
 * is certain: backed by shared content, or the only way to pair a run of sections lying
 * between two such pairs with the same count on both sides. A check that would give
 * advice about one section stays silent, or compares the uncertain rest as one unit.
 *
 * No imports: checks, routes and history all use this module (docs/ARCHITECTURE.md).
 */

/** One section as the alignment sees it. */
export interface OutlineSection {
  ordinal: number;
  /** 0 for the text before the first heading. */
  level: number;
  /** Values that name the same section on both sides when equal (an anchor, a text hash). */
  keys: readonly string[];
  /** Language-neutral content (link targets, references): pairs share most of it. */
  tokens: ReadonlySet<string>;
  /** Hash of the section's language-neutral skeleton ('' when unknown). */
  skeleton: string;
}

export interface AlignedPair {
  /** Ordinal on the first side (English, or the base version); null: only the other side has it. */
  english: number | null;
  /** Ordinal on the second side (the translation, or the current version). */
  translation: number | null;
  /** Both set and known to be the same section; false for unpaired rows. */
  certain: boolean;
}

export interface AlignOptions {
  /**
   * Two versions of one page in one language (stale detection): heading levels compare as
   * written (a level English changed is a change, not a translation's demoted outline), and
   * sections that moved (out of order) pair when exactly one section on each side has the
   * same key (a moved section keeps its anchor and text).
   */
  versions?: boolean;
}

// Beyond this many cells the quadratic alignment is not worth it: pair by position, uncertain.
const MAX_CELLS = 400_000;
const INTRO = 10;

interface Similarity {
  score: number;
  strong: boolean;
}

function shareKey(a: readonly string[], b: readonly string[]): boolean {
  for (const k of a) if (k && b.includes(k)) return true;
  return false;
}

function similarity(x: OutlineSection, y: OutlineSection, xLevel: number, yLevel: number, versions: boolean): Similarity {
  const score = similarityScore(x, y, xLevel, yLevel, versions);
  return { score, strong: lastStrong };
}

/** Whether the pair last scored by similarityScore is a strong one. */
let lastStrong = false;

/**
 * similarity's score alone (its `strong` left in lastStrong): the alignment scores every pair
 * of sections and asks `strong` only of the pairs it keeps, so no object per cell.
 */
function similarityScore(x: OutlineSection, y: OutlineSection, xLevel: number, yLevel: number, versions: boolean): number {
  if (xLevel === 0 || yLevel === 0) {
    lastStrong = xLevel === yLevel;
    return xLevel === yLevel ? INTRO : -1;
  }
  // Between two versions of one page a heading English promoted or demoted is still the section in that place.
  let score = xLevel === yLevel ? 1 : versions ? 0.5 : -1;
  let strong = false;
  if (shareKey(x.keys, y.keys)) {
    score += 4;
    strong = true;
  }
  const xs = x.tokens.size;
  const ys = y.tokens.size;
  const sameSkeleton = x.skeleton !== '' && x.skeleton === y.skeleton;
  if (xs + ys > 0) {
    let shared = 0;
    const small = xs <= ys ? x.tokens : y.tokens;
    const large = xs <= ys ? y.tokens : x.tokens;
    for (const t of small) if (large.has(t)) shared++;
    const jaccard = shared / (xs + ys - shared);
    score += 4 * jaccard;
    // Translations: content that shares nothing is another section. Versions: tokens are heading words, evidence only for.
    if (shared === 0 && xs > 0 && ys > 0 && !versions) score -= 2;
    if (jaccard >= 0.5) strong = true;
    if (sameSkeleton) {
      score += 2;
      strong = true;
    }
  } else if (sameSkeleton) score += 0.5;
  lastStrong = strong;
  return score;
}

/**
 * For each section, the index of the one section on the other side that has the same key
 * while no other section on either side has it (-1: none).
 */
function partners(left: readonly OutlineSection[], right: readonly OutlineSection[]): [number[], number[]] {
  const lp = left.map(() => -1);
  const rp = right.map(() => -1);
  const where = new Map<string, { l: number[]; r: number[] }>();
  const add = (key: string, side: 'l' | 'r', index: number) => {
    if (!key) return;
    let w = where.get(key);
    if (!w) where.set(key, (w = { l: [], r: [] }));
    if (!w[side].includes(index)) w[side].push(index);
  };
  left.forEach((s, i) => s.keys.forEach((k) => add(k, 'l', i)));
  right.forEach((s, j) => s.keys.forEach((k) => add(k, 'r', j)));
  for (const { l, r } of where.values()) {
    if (l.length !== 1 || r.length !== 1) continue;
    const i = l[0]!;
    const j = r[0]!;
    if (lp[i] === -1 && rp[j] === -1) {
      lp[i] = j;
      rp[j] = i;
    }
  }
  return [lp, rp];
}

/**
 * Heading levels relative to the side's shallowest heading: a translation that demoted
 * every heading (`###` where English has `##`) keeps English's outline. 0 stays the intro.
 */
function relativeLevels(sections: readonly OutlineSection[]): number[] {
  let top = Infinity;
  for (const s of sections) if (s.level > 0 && s.level < top) top = s.level;
  return sections.map((s) => (s.level > 0 ? s.level - top + 1 : 0));
}

type Row = { i: number | null; j: number | null; strong: boolean };

/**
 * Pairs the sections of two versions of a page in order, allowing sections that only one
 * side has. Rows come in reading order (both sides' ordinals ascend).
 */
export function alignOutlines(left: readonly OutlineSection[], right: readonly OutlineSection[], options: AlignOptions = {}): AlignedPair[] {
  const n = left.length;
  const m = right.length;
  let rows: Row[];
  if (n * m > MAX_CELLS) {
    rows = Array.from({ length: Math.max(n, m) }, (_, k) => ({ i: k < n ? k : null, j: k < m ? k : null, strong: false }));
  } else {
    const ll = options.versions ? left.map((s) => s.level) : relativeLevels(left);
    const rl = options.versions ? right.map((s) => s.level) : relativeLevels(right);
    const [leftPartner, rightPartner] = partners(left, right);
    const versions = options.versions === true;
    const scores = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        // A section with one exact counterpart (the same anchor, text) pairs with no other.
        const lp = leftPartner[i]!;
        const rp = rightPartner[j]!;
        scores[i * m + j] = (lp >= 0 && lp !== j) || (rp >= 0 && rp !== i) ? -1 : similarityScore(left[i]!, right[j]!, ll[i]!, rl[j]!, versions);
      }
    }
    // best[i*(m+1)+j]: best total score aligning left[i..] with right[j..]; a pair needs a positive score.
    const w = m + 1;
    const best = new Float64Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        const s = scores[i * m + j]!;
        const match = s > 0 ? s + best[(i + 1) * w + j + 1]! : -Infinity;
        best[i * w + j] = Math.max(match, best[(i + 1) * w + j]!, best[i * w + j + 1]!);
      }
    }
    rows = [];
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      const score = scores[i * m + j]!;
      if (score > 0 && best[i * w + j] === score + best[(i + 1) * w + j + 1]!) {
        // Scored again for its strength: the same score (a pair with a positive score was not excluded by partners).
        rows.push({ i, j, strong: similarity(left[i]!, right[j]!, ll[i]!, rl[j]!, versions).strong });
        i++;
        j++;
      } else if (best[i * w + j] === best[(i + 1) * w + j]) rows.push({ i: i++, j: null, strong: false });
      else rows.push({ i: null, j: j++, strong: false });
    }
    for (; i < n; i++) rows.push({ i, j: null, strong: false });
    for (; j < m; j++) rows.push({ i: null, j, strong: false });
    rows = pairEqualGaps(rows, left, right, options.versions ? null : [ll, rl]);
  }
  const certain = certainty(rows, left, right);
  const pairs: AlignedPair[] = rows.map((r, k) => ({
    english: r.i === null ? null : left[r.i]!.ordinal,
    translation: r.j === null ? null : right[r.j]!.ordinal,
    certain: certain[k]!,
  }));
  return options.versions ? pairMoves(pairs, left, right) : pairs;
}

/**
 * Between two pairs, as many unpaired sections on each side (none an intro): one section
 * rewritten on one side; they pair by position, as readers would match them.
 */
function pairEqualGaps(rows: Row[], left: readonly OutlineSection[], right: readonly OutlineSection[], levels: [number[], number[]] | null): Row[] {
  const out: Row[] = [];
  let gap: Row[] = [];
  // Level difference of the last pair its content backs: a translation that demoted a run of headings keeps that difference.
  let shift = 0;
  const flush = () => {
    const ls = gap.filter((r) => r.i !== null).map((r) => r.i!);
    const rs = gap.filter((r) => r.j !== null).map((r) => r.j!);
    // A translation's outline is language-neutral: sections it places at another (relative) level
    // than the pair before them are not matched by position.
    const sameLevels = !levels || ls.every((i, k) => levels[0][i]! - levels[1][rs[k]!]! === shift);
    if (ls.length > 0 && ls.length === rs.length && sameLevels && ls.every((i) => left[i]!.level > 0) && rs.every((j) => right[j]!.level > 0)) {
      ls.forEach((i, k) => out.push({ i, j: rs[k]!, strong: false }));
    } else out.push(...gap);
    gap = [];
  };
  for (const r of rows) {
    if (r.i !== null && r.j !== null) {
      flush();
      out.push(r);
      if (r.strong && levels) shift = levels[0][r.i]! - levels[1][r.j]!;
    } else gap.push(r);
  }
  flush();
  return out;
}

/**
 * A pair is certain when its content says so (strong), or when it lies in a run between two
 * strong pairs (or an end) where every section is paired: the same count on both sides, so
 * position decides. A run with a section only one side has leaves its weak pairs uncertain.
 */
function certainty(rows: Row[], left: readonly OutlineSection[], right: readonly OutlineSection[]): boolean[] {
  const out = rows.map((r) => r.strong);
  let start = 0;
  for (let k = 0; k <= rows.length; k++) {
    if (k < rows.length && !rows[k]!.strong) continue;
    const run = rows.slice(start, k);
    if (run.every((r) => r.i !== null && r.j !== null)) for (let x = start; x < k; x++) out[x] = true;
    start = k + 1;
  }
  // Merged or split sections: a section only one side has, whose content the neighbouring
  // pair's other side holds (and its own side lacks), makes that pair uncertain.
  const holdsOf = (z: OutlineSection, has: OutlineSection, lacks: OutlineSection) => {
    for (const t of z.tokens) if (has.tokens.has(t) && !lacks.tokens.has(t)) return true;
    return false;
  };
  rows.forEach((r, k) => {
    if ((r.i === null) === (r.j === null)) return;
    for (const step of [-1, 1]) {
      let n = k + step;
      while (n >= 0 && n < rows.length && (rows[n]!.i === null || rows[n]!.j === null)) n += step;
      const p = rows[n];
      if (!p || !out[n]) continue;
      const merged = r.i !== null ? holdsOf(left[r.i]!, right[p.j!]!, left[p.i!]!) : holdsOf(right[r.j!]!, left[p.i!]!, right[p.j!]!);
      if (merged) out[n] = false;
    }
  });
  return out;
}

/** Unpaired sections with one shared key on each side pair where the second side has them (a moved section). */
function pairMoves(pairs: AlignedPair[], left: readonly OutlineSection[], right: readonly OutlineSection[]): AlignedPair[] {
  const leftOnly = pairs.filter((p) => p.translation === null).map((p) => left.find((s) => s.ordinal === p.english)!);
  const rightOnly = pairs.filter((p) => p.english === null).map((p) => right.find((s) => s.ordinal === p.translation)!);
  if (leftOnly.length === 0 || rightOnly.length === 0) return pairs;
  const moved = new Map<number, number>();
  const taken = new Set<number>();
  // Keys in the order the sections list them: an anchor before a heading before a text hash.
  const width = Math.max(...leftOnly.map((s) => s.keys.length));
  for (let k = 0; k < width; k++) {
    const counts = new Map<string, number>();
    for (const s of rightOnly) if (!taken.has(s.ordinal) && s.keys[k]) counts.set(s.keys[k]!, (counts.get(s.keys[k]!) ?? 0) + 1);
    const byKey = new Map<string, OutlineSection>();
    for (const s of rightOnly) if (!taken.has(s.ordinal) && s.keys[k] && counts.get(s.keys[k]!) === 1) byKey.set(s.keys[k]!, s);
    for (const s of leftOnly) {
      if (moved.has(s.ordinal) || !s.keys[k]) continue;
      const r = byKey.get(s.keys[k]!);
      if (!r || taken.has(r.ordinal)) continue;
      moved.set(s.ordinal, r.ordinal);
      taken.add(r.ordinal);
    }
  }
  if (moved.size === 0) return pairs;
  const out: AlignedPair[] = [];
  const movedTo = new Map([...moved].map(([l, r]) => [r, l]));
  for (const p of pairs) {
    if (p.translation === null && moved.has(p.english!)) continue;
    if (p.english === null && movedTo.has(p.translation!)) out.push({ english: movedTo.get(p.translation!)!, translation: p.translation, certain: true });
    else out.push(p);
  }
  return out;
}

/** A document's sections and what they hold, as the checks and the article route both have them. */
export interface AlignableDocument {
  sections: readonly { ordinal: number; level: number; anchor: string; skeleton_hash: string }[];
  links: readonly { section: number; target: string; kind: string }[];
  liquid: readonly { section: number; kind: string; name: string }[];
}

// References whose name translation leaves alone and that tell sections apart: not conditions (rewritten:
// `currentVersion` vs `ifversion`) nor variables (product names, in nearly every section of a page).
const NEUTRAL_REFERENCES = new Set(['reusable', 'data', 'output']);
const LOCALE_PREFIX = /^\/[a-z]{2,3}(?:-[a-z]{2,4})?(?=\/)/i;

/** A link target as every locale writes it: no locale prefix, fragment, query or trailing slash, lower case. */
export function neutralTarget(target: string): string {
  return target
    .replace(LOCALE_PREFIX, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/**
 * A reference as every locale writes it: a macro call keeps its name and first argument
 * (`jsxref("Array/join", "join()")` → `jsxref("array/join")`: later arguments are link text, translated).
 */
export function neutralReference(name: string): string {
  const call = /^\s*([\w-]+)\s*\(\s*("[^"]*"|'[^']*'|[^,)]*)/.exec(name);
  return (call ? `${call[1]}(${call[2]!.replace(/'/g, '"').trim()})` : name.trim()).toLowerCase();
}

const outlines = new WeakMap<AlignableDocument['sections'], OutlineSection[]>();
const NO_TOKENS: ReadonlySet<string> = new Set();

/** The outline of a document: anchors as keys, link targets and neutral references as tokens. */
export function documentOutline(doc: AlignableDocument): OutlineSection[] {
  const cached = outlines.get(doc.sections);
  if (cached) return cached;
  const tokens = new Map<number, Set<string>>(doc.sections.map((s) => [s.ordinal, new Set<string>()]));
  for (const l of doc.links) {
    if (l.kind === 'anchor' || l.kind === 'mail') continue;
    const t = neutralTarget(l.target);
    if (t) tokens.get(l.section)?.add(`link:${t}`);
  }
  for (const r of doc.liquid) if (NEUTRAL_REFERENCES.has(r.kind)) tokens.get(r.section)?.add(`${r.kind}:${neutralReference(r.name)}`);
  const outline = doc.sections.map((s) => ({
    ordinal: s.ordinal,
    level: s.level,
    keys: s.level > 0 && s.anchor ? [s.anchor] : [],
    // A section without any holds the one empty set: outlines of English pages live through a check run.
    tokens: tokens.get(s.ordinal)!.size > 0 ? tokens.get(s.ordinal)! : NO_TOKENS,
    skeleton: s.skeleton_hash,
  }));
  outlines.set(doc.sections, outline);
  return outline;
}

const alignments = new WeakMap<AlignableDocument['sections'], { english: AlignableDocument['sections']; pairs: AlignedPair[] }>();

/**
 * English's sections paired with a translation's: what every section-level check compares
 * and what the article view shows side by side. Worked out once per translation.
 */
export function alignDocuments(english: AlignableDocument, translation: AlignableDocument): AlignedPair[] {
  const hit = alignments.get(translation.sections);
  if (hit && hit.english === english.sections) return hit.pairs;
  const pairs = alignOutlines(documentOutline(english), documentOutline(translation));
  alignments.set(translation.sections, { english: english.sections, pairs });
  return pairs;
}
