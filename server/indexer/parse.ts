import crypto from 'node:crypto';
import type grayMatter from 'gray-matter';
import type MarkdownItClass from 'markdown-it';
import type { Options as MarkdownItOptions } from 'markdown-it';
// markdown-it's CommonJS build: a few files where its ES module entry is ~60, each resolved
// through the TypeScript loader. Every process and parser thread that parses loads it:
// ~30 ms against ~100 ms. The same code, bundled.
// gray-matter (with js-yaml), yaml and markdown-it (with entities and linkify-it) are required
// on first use (packages.ts): a run with no file to parse (a no-change `index`, a check run)
// never loads them.
type Token = ReturnType<MarkdownItClass['parse']>[number];
let grayMatterModule: typeof grayMatter | null = null;
function matter<O extends grayMatter.GrayMatterOption<string, O>>(input: string, options: O): grayMatter.GrayMatterFile<string> {
  grayMatterModule ??= requirePackage('gray-matter') as typeof grayMatter;
  return grayMatterModule(input, options);
}
import { detectLanguage, isSpace } from './language.ts';
import { maskLiquidSpaces, scanLiquid, unmaskLiquidSpaces, type LiquidToken } from './liquid.ts';
import { linkBranches } from './link-branches.ts';
import type {
  DocumentKind,
  LinkKind,
  ParagraphKind,
  ParsedDocument,
  ParsedLink,
  ParsedLiquidRef,
  ParsedParagraph,
  ParsedSection,
  ParsedSentence,
  ParseError,
  DetectedLanguage,
} from './types.ts';

export interface ParseOptions {
  kind: DocumentKind;
  /** ISO 639-1 language the page should be written in (`en` for the source). */
  language: string;
  /** Whether to run language identification on paragraphs (the source locale skips it). */
  detectLanguages: boolean;
  maxFileBytes: number;
  maxSections: number;
  /** False: skip paragraphs (old English versions need only their sections). Default true. */
  paragraphs?: boolean;
  /** False: find where the frontmatter ends but do not parse its YAML (old English versions: sections only). Default true. */
  frontmatter?: boolean;
  /** Longest line parsed; a longer one makes the file a limits error. */
  maxLineLength?: number;
  /** Longest frontmatter, as stored (JSON); a longer one makes the file a limits error. */
  maxFrontmatterBytes?: number;
  /** Terms that are the same in every language (product names), removed before language identification. */
  neutralTerms?: RegExp;
  /** A key written twice in frontmatter: a YAML error (default) or the last one kept, as the site's build does (Hugo). */
  yamlDuplicateKeys?: 'error' | 'last-wins';
}

import { DEFAULT_LIMITS } from './limits.ts';
import { parseFrontmatterYaml, parseFrontmatterYamlLastKeyWins } from './yaml.ts';
import { requirePackage } from './packages.ts';

export { DEFAULT_LIMITS };

// markdown-it measured fastest with line maps among markdown-it, marked and micromark
// on the GitHub Docs corpus (README, "Dependencies"); its 14.x line lexes twice as fast
// as 15.x. html: true so HTML blocks (comments included) become their own tokens and
// never count as prose. maxNesting is a runtime option its type definitions omit.
const mdOptions: MarkdownItOptions & { maxNesting: number } = { html: true, linkify: false, typographer: false, maxNesting: 50 };
let lexers: { md: MarkdownItClass; mdSections: MarkdownItClass } | null = null;

/** The lexer of full documents, or (sections: true) the one for callers that want no paragraphs. */
function lexer(sections: boolean): MarkdownItClass {
  if (!lexers) {
    const MarkdownIt = requirePackage('markdown-it') as typeof MarkdownItClass;
    const md = new MarkdownIt(mdOptions);
    // Keep link targets exactly as written: checks compare them with English and resolve them.
    md.normalizeLink = (url: string) => url;
    md.validateLink = () => true;

    // The same lexer for callers that want no paragraphs (old English versions: sections
    // only). Of inline content they need only links, images and code spans, and none of those
    // can start without `[`, `<` or a backtick: inline text without them is not lexed at all.
    const mdSections = new MarkdownIt(mdOptions);
    mdSections.normalizeLink = md.normalizeLink;
    mdSections.validateLink = md.validateLink;
    mdSections.core.ruler.at('inline', (state) => {
      for (const token of state.tokens) {
        if (token.type !== 'inline') continue;
        token.children = [];
        if (INLINE_NEEDED.test(token.content)) state.md.inline.parse(token.content, state.md, state.env, token.children);
      }
    });
    lexers = { md, mdSections };
  }
  return sections ? lexers.mdSections : lexers.md;
}
const INLINE_NEEDED = /[[<`]/;

export function hash(text: string | Uint8Array): string {
  // One-shot crypto.hash avoids a Hash object per call (measured ~2× faster for short strings).
  return crypto.hash('sha1', text, 'hex').slice(0, 16);
}

export function emptyDocument(bytes: Uint8Array, error: ParseError | null, contentHash = hash(bytes), size = bytes.byteLength): ParsedDocument {
  return {
    contentHash,
    size,
    title: null,
    frontmatter: null,
    frontmatterLines: {},
    bodyLine: 1,
    error,
    sections: [],
    links: [],
    liquid: [],
    paragraphs: [],
  };
}

/** Decodes bytes as UTF-8 text, or says why the file is not a text file we can read. */
export function decodeText(bytes: Uint8Array): { text: string } | { error: ParseError } {
  const head = bytes.subarray(0, 8192);
  if (head[0] === 0xff && head[1] === 0xfe) return { error: { code: 'encoding', message: 'File is UTF-16 (little-endian BOM); save it as UTF-8' } };
  if (head[0] === 0xfe && head[1] === 0xff) return { error: { code: 'encoding', message: 'File is UTF-16 (big-endian BOM); save it as UTF-8' } };
  const nul = head.indexOf(0);
  if (nul >= 0) return { error: { code: 'binary', message: `Binary content (NUL byte at offset ${nul}); not a Markdown text file` } };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = countLines(bytes, bad);
    return { error: { code: 'encoding', message: `Not valid UTF-8 (first bad byte at offset ${bad}, line ${line}); save the file as UTF-8`, line } };
  }
  if (text.includes('\0')) return { error: { code: 'binary', message: 'Binary content (NUL byte); not a Markdown text file' } };
  return { text: text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest prefix that fails to decode.
  while (hi - lo > 4) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function countLines(bytes: Uint8Array, upTo: number): number {
  let n = 1;
  for (let i = 0; i < upTo && i < bytes.length; i++) if (bytes[i] === 10) n++;
  return n;
}

/** Parses one file. Pure: the same (path, bytes, options) always gives the same result. */
/** `contentHash` may be passed when the caller already hashed the bytes (the indexer does). */
export function parseDocument(path: string, bytes: Uint8Array, options: ParseOptions, contentHash = hash(bytes)): ParsedDocument {
  if (bytes.byteLength > options.maxFileBytes) {
    return emptyDocument(
      bytes,
      {
        code: 'size',
        message: `File is ${bytes.byteLength} bytes, over the ${options.maxFileBytes}-byte limit (limits.maxFileBytes)`,
      },
      contentHash,
    );
  }
  const decoded = decodeText(bytes);
  if ('error' in decoded) return emptyDocument(bytes, decoded.error, contentHash);
  const doc = emptyDocument(bytes, null, contentHash);
  try {
    if (options.kind === 'variables') parseVariables(decoded.text, doc, options.maxFrontmatterBytes ?? DEFAULT_LIMITS.maxFrontmatterBytes);
    else parseMarkdown(decoded.text, doc, options);
  } catch (err) {
    // A bug of ours on odd input must not stop the index: it becomes this file's error.
    doc.error = { code: 'limits', message: `Could not parse ${path}: ${(err as Error).message}` };
  }
  return doc;
}

// gray-matter with our YAML engine: aliases bounded (yaml.ts). Passing options also turns
// off gray-matter's unbounded per-content cache.
const MATTER_OPTIONS = { excerpt: false, language: 'yaml', engines: { yaml: parseFrontmatterYaml } };

function parseVariables(text: string, doc: ParsedDocument, maxBytes: number): void {
  try {
    const data = matter(`---\n${text}\n---\n`, MATTER_OPTIONS).data as Record<string, unknown>;
    const error = frontmatterBoundsError(data, maxBytes, 0);
    if (error) doc.error = error;
    else doc.frontmatter = data;
  } catch (err) {
    doc.error = yamlError(err, 0);
  }
}

interface Frontmatter {
  data: Record<string, unknown> | null;
  lines: Record<string, number>;
  bodyOffset: number;
  bodyLine: number;
  error: ParseError | null;
}

/** The parsed frontmatter of a file's text: null without one, or when its YAML does not parse (old English versions). */
export function frontmatterOf(text: string): Record<string, unknown> | null {
  return readFrontmatter(text, true, DEFAULT_LIMITS.maxFrontmatterBytes).data;
}

function readFrontmatter(text: string, parseYaml: boolean, maxBytes: number, lastKeyWins = false): Frontmatter {
  const none: Frontmatter = { data: null, lines: {}, bodyOffset: 0, bodyLine: 1, error: null };
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  if (!text.startsWith('---', start) || !/^---[ \t]*\n/.test(text.slice(start, start + 8))) return none;
  const close = /\n---[ \t]*(\n|$)/g;
  close.lastIndex = start + 3;
  const m = close.exec(text);
  if (!m) {
    return { ...none, error: { code: 'yaml', message: 'Frontmatter starts with --- but is never closed', line: 1 } };
  }
  const bodyOffset = m.index + m[0].length;
  const raw = text.slice(start, bodyOffset);
  const bodyLine = countNewlines(text, bodyOffset) + 1;
  const lines: Record<string, number> = {};
  raw.split('\n').forEach((l, i) => {
    const k = /^([A-Za-z_][\w-]*)\s*:/.exec(l);
    if (k && k[1] && !(k[1] in lines)) lines[k[1]] = i + 1;
  });
  if (!parseYaml) return { data: null, lines, bodyOffset, bodyLine, error: null };
  try {
    const parsed = matter(raw, lastKeyWins ? LAST_KEY_WINS : MATTER_OPTIONS);
    const data = parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : {};
    const error = frontmatterBoundsError(data, maxBytes, 1);
    if (error) return { data: null, lines, bodyOffset, bodyLine, error };
    return { data: toPlain(data) as Record<string, unknown>, lines, bodyOffset, bodyLine, error: null };
  } catch (err) {
    return { data: null, lines, bodyOffset, bodyLine, error: yamlError(err, 1) };
  }
}

/** Deepest frontmatter value kept; real ones nest three or four levels. */
export const MAX_FRONTMATTER_DEPTH = 64;

/**
 * Frontmatter too deep or, as stored, too long (its JSON's UTF-8 bytes, escapes aside):
 * counted before anything is copied, so aliases that share one value many times are
 * refused without being expanded.
 */
function frontmatterBoundsError(data: unknown, maxBytes: number, lineOffset: number): ParseError | null {
  let bytes = 0;
  let deepest = 0;
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > deepest) deepest = depth;
    if (depth > MAX_FRONTMATTER_DEPTH || bytes > maxBytes) return false;
    if (typeof value === 'string') bytes += Buffer.byteLength(value) + 3;
    else if (Array.isArray(value)) {
      bytes += 2;
      for (const v of value) if (!visit(v, depth + 1)) return false;
    } else if (value && typeof value === 'object' && !(value instanceof Date)) {
      bytes += 2;
      for (const [k, v] of Object.entries(value)) {
        bytes += Buffer.byteLength(k) + 4;
        if (!visit(v, depth + 1)) return false;
      }
    } else bytes += 12;
    return true;
  };
  if (visit(data, 0)) return null;
  if (deepest > MAX_FRONTMATTER_DEPTH)
    return { code: 'yaml', message: `Frontmatter nests more than ${MAX_FRONTMATTER_DEPTH} levels deep`, ...(lineOffset ? { line: lineOffset } : {}) };
  return {
    code: 'limits',
    message: `Frontmatter is over ${maxBytes} bytes as stored (limits.maxFrontmatterBytes)`,
    ...(lineOffset ? { line: lineOffset } : {}),
  };
}

/** YAML dates and other objects become JSON-stable values. */
function toPlain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

// Keeps the last of duplicated keys instead of stopping, as Hugo's reader does (YAML 1.1 core
// schema: `yes`, dates and the rest read as gray-matter's js-yaml reads them).
const LAST_KEY_WINS = { excerpt: false, language: 'yaml', engines: { yaml: parseFrontmatterYamlLastKeyWins } };

function yamlError(err: unknown, lineOffset: number): ParseError {
  const e = err as { reason?: string; message?: string; mark?: { line?: number } };
  const line = typeof e.mark?.line === 'number' ? e.mark.line + 1 + lineOffset : undefined;
  const reason = e.reason ?? (e.message ?? 'invalid YAML').split('\n')[0];
  return { code: 'yaml', message: `Frontmatter is not valid YAML: ${reason}${line ? ` (line ${line})` : ''}`, ...(line ? { line } : {}) };
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

class LineIndex {
  private readonly starts: number[] = [0];
  /** Lines in the text (as many as `split('\n')` gives). */
  get count(): number {
    return this.starts.length;
  }
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** Lines `from` to `to` (1-based, inclusive) of the text the index was made of, as `text.split('\n').slice(from - 1, to).join('\n')`. */
  lines(text: string, from: number, to: number): string {
    if (from > this.starts.length || to < from) return '';
    return text.slice(this.starts[from - 1], to >= this.starts.length ? text.length : this.starts[to]! - 1);
  }
  /** Character offset where a 1-based line starts. */
  startOf(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1]!;
  }
  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

// Negated classes, not lazy dots: an unclosed `{{` must not rescan the rest of the text
// (a 1.5 MB line of them was quadratic).
const MAX_PROSE = 8000;
const LIQUID_INLINE = /\{%[^%]*%\}|\{\{[^{}]*\}\}/g;
const URL = /\b(?:https?|ftp):\/\/\S+/g;

/**
 * Frontmatter fields readers see as text, which a translation translates: every layout's
 * `frontmatter.translated` list (server/layouts/frontmatter.ts), so the parser threads identify
 * their language once and untranslated-field never loads the language model in a check run.
 */
export const TRANSLATED_FIELDS = ['title', 'shortTitle', 'intro', 'permissions', 'short-title', 'linkTitle', 'description'] as const;

/** The language of each translated field of a page, identified in its prose (no Liquid, URLs or product names). */
function fieldLanguages(frontmatter: Record<string, unknown>, options: ParseOptions): Record<string, DetectedLanguage> {
  const out: Record<string, DetectedLanguage> = {};
  for (const field of TRANSLATED_FIELDS) {
    const value = frontmatter[field];
    if (typeof value === 'string') out[field] = detectLanguage(cleanProse(value, options.neutralTerms), options.language);
  }
  return out;
}

/** Prose for hashing and language identification: no Liquid, URLs, or extra white space. */
export function cleanProse(text: string, neutralTerms?: RegExp): string {
  // Each replacement only where what it replaces can be (a Liquid tag has `{`, a URL `://`).
  let out = unmaskLiquidSpaces(text);
  if (out.includes('{')) out = out.replace(LIQUID_INLINE, ' ');
  if (out.includes('://')) out = out.replace(URL, ' ');
  if (neutralTerms) out = out.replace(neutralTerms, ' ');
  return collapseSpace(out).trim();
}

/**
 * `text.replace(/\s+/g, ' ')`: white space runs as one space. A lone space (most of them) is
 * left alone instead of being replaced by itself.
 */
function collapseSpace(text: string): string {
  return text.replace(SPACE_RUN, ' ');
}
const SPACE_RUN = /\s{2,}|[^\S ]/g;

/** Characters `normalizeCleanForHash` folds into a space, white space aside. */
const HASH_FOLDED = /[*_~`"“”„«»'‘’]/;

/**
 * A run of white space and folded characters holding one folded character at least, in
 * `cleanProse` output (single spaces): what becomes one space. A paragraph is compared as
 * `text.toLowerCase().replace(/[\s*_~`"“”„«»'‘’]+/g, ' ').trim()`, which matched every space between
 * two words and replaced it by itself (0.4 s of a cold index of the snapshot).
 */
const FOLDED_RUN = / ?[*_~`"“”„«»'‘’][\s*_~`"“”„«»'‘’]*/g;

/** `cleanProse` output as paragraphs are compared (their `textHash`): lower case, white space and emphasis or quote marks one space. */
export function normalizeCleanForHash(clean: string): string {
  // Lower case maps letters to letters and folds no character: with nothing to fold, only the case changes.
  const lower = clean.toLowerCase();
  return HASH_FOLDED.test(lower) ? lower.replace(FOLDED_RUN, ' ').trim() : lower;
}

// Module constants, not literals in the functions: the TypeScript loader (tsx, which the
// benchmarks and tests run) compiles a Unicode-property literal to `new RegExp(…)`, built
// again at every call (once per paragraph).
const LETTER = /\p{L}/u;
const NOT_SLUG = /[^\p{L}\p{N}\s_-]/gu;

/** GitHub-style heading anchor; an explicit `{#id}` (Hugo, kramdown) wins. */
export function slugify(heading: string): string {
  const explicit = /\{#([\w-]+)\}\s*$/.exec(heading);
  if (explicit?.[1]) return explicit[1];
  return cleanProse(heading).toLowerCase().replace(NOT_SLUG, '').trim().replace(/\s/g, '-');
}

function stripHeadingAnchor(heading: string): string {
  return heading.replace(/\s*\{#[\w-]+\}\s*$/, '');
}

// Sentence ends: ., ! or ? before white space and a capital, digit, quote or bracket; CJK full stops always.
const SENTENCE_END = /(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“„«¿¡([])|(?<=[。！？])/u;

const SENTENCE_MARK = /[.!?。！？]/;

function splitSentences(text: string): string[] {
  const out: string[] = [];
  // Without a full stop, exclamation or question mark there is one sentence.
  if (!SENTENCE_MARK.test(text)) {
    const s = text.trim();
    if (s.length > 0) out.push(s);
    return out;
  }
  for (const part of text.split(SENTENCE_END)) {
    const s = part.trim();
    if (s.length > 0) out.push(s);
  }
  return out;
}

function classifyLink(target: string, image: boolean): LinkKind {
  if (image) return 'image';
  if (target.startsWith('#')) return 'anchor';
  if (/^mailto:/i.test(target)) return 'mail';
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return 'external';
  if (/^\/?assets\//.test(target)) return 'asset';
  return 'internal';
}

/** 1-based number and length of the first line longer than `max` characters, if any. */
function overlongLine(text: string, max: number): { line: number; length: number } | null {
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > max) return { line, length: stop - start };
    if (end < 0) return null;
    start = end + 1;
  }
  return null;
}

function parseMarkdown(text: string, doc: ParsedDocument, options: ParseOptions): void {
  // Real Markdown lines are short; a megabyte-long line is generated or corrupt, and
  // parsing it costs a hundred times its size in transient memory.
  const long = overlongLine(text, options.maxLineLength ?? DEFAULT_LIMITS.maxLineLength);
  if (long) {
    doc.error = {
      code: 'limits',
      line: long.line,
      message: `Line ${long.line} is ${long.length} characters long, over the limit of ${options.maxLineLength ?? DEFAULT_LIMITS.maxLineLength} (limits.maxLineLength)`,
    };
    return;
  }
  const fm = readFrontmatter(
    text,
    options.frontmatter !== false,
    options.maxFrontmatterBytes ?? DEFAULT_LIMITS.maxFrontmatterBytes,
    options.yamlDuplicateKeys === 'last-wins',
  );
  doc.frontmatter = fm.data;
  doc.frontmatterLines = fm.lines;
  doc.bodyLine = fm.bodyLine;
  doc.error = fm.error;
  if (fm.data && typeof fm.data.title === 'string') doc.title = fm.data.title;
  if (fm.data && options.detectLanguages && options.kind === 'page') doc.fieldLanguages = fieldLanguages(fm.data, options);

  const lineIndex = new LineIndex(text);
  // Everything below reads the page as readers see it: HTML comments (zh-cn keeps the English
  // original in one beside each block) blanked to spaces, so offsets and lines stay the same.
  const visible = blankComments(text, fm.bodyOffset);
  const liquid = scanLiquid(visible);
  const masked = maskLiquidSpaces(visible, liquid.tokens);
  const body = masked.slice(fm.bodyOffset);
  const lineBase = fm.bodyLine; // absolute line of body line 0
  const tokens = lexer(options.paragraphs === false).parse(body, {});

  // Sections: the preamble (ordinal 0) and one per heading.
  const headingLines: { line: number; level: number; heading: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'heading_open' && t.map) {
      const inline = tokens[i + 1];
      headingLines.push({ line: lineBase + t.map[0], level: Number(t.tag.slice(1)), heading: unmaskLiquidSpaces(inline?.content ?? '').trim() });
    }
  }
  if (headingLines.length + 1 > options.maxSections) {
    doc.error = { code: 'limits', message: `File has ${headingLines.length + 1} sections, over the limit of ${options.maxSections} (limits.maxSections)` };
    return;
  }
  const lastLine = lineIndex.count;
  const sections: ParsedSection[] = [];
  const starts = [{ line: lineBase, level: 0, heading: '' }, ...headingLines];
  starts.forEach((s, ordinal) => {
    const next = starts[ordinal + 1];
    const endLine = next ? next.line - 1 : lastLine;
    const heading = stripHeadingAnchor(s.heading);
    sections.push({
      ordinal,
      level: s.level,
      heading,
      anchor: ordinal === 0 ? '' : slugify(s.heading),
      line: s.line,
      endLine,
      textHash: '',
      skeletonHash: '',
      skeleton: [],
      steps: [],
      source: lineIndex.lines(text, s.line, endLine),
    });
  });
  const sectionAt = (line: number): number => {
    let lo = 0;
    let hi = sections.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sections[mid]!.line <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const skeletons: string[][] = sections.map(() => []);
  const addSkeleton = (line: number, token: string) => skeletons[sectionAt(line)]!.push(token);

  // Liquid references.
  const refs: ParsedLiquidRef[] = [];
  for (const t of liquid.tokens) {
    const line = lineIndex.lineOf(t.begin);
    const section = line < fm.bodyLine ? -1 : sectionAt(line);
    const ref = liquidRef(t, text);
    if (!ref) continue;
    refs.push({ ordinal: refs.length, section, line, ...ref });
    if (section >= 0) addSkeleton(line, `${ref.kind}:${ref.name}`);
  }
  for (const e of liquid.errors) {
    const line = lineIndex.lineOf(e.begin);
    refs.push({
      ordinal: refs.length,
      section: line < fm.bodyLine ? -1 : sectionAt(line),
      kind: 'syntax-error',
      name: e.message,
      line,
      raw: text.slice(e.begin, e.begin + 80).split('\n')[0] ?? '',
    });
  }
  doc.liquid = refs;

  // Links, code, lists and prose from the Markdown tokens.
  const links: ParsedLink[] = [];
  const paragraphs: ParsedParagraph[] = [];
  const containers: string[] = [];
  let tableRow: { line: number; endLine: number; parts: string[] } | null = null;
  const listCounts: { line: number; ordered: boolean; items: number }[] = [];
  const openLists: { items: number }[] = [];

  const addProse = (kind: ParagraphKind, line: number, endLine: number, raw: string) => {
    if (options.paragraphs === false) return;
    const full = cleanProse(raw, options.neutralTerms);
    // A pathological paragraph (a 1.5 MB line) is hashed whole but judged and stored by
    // its beginning: language, sentences and excerpts need no more, and memory stays flat.
    const prose = full.length > MAX_PROSE ? full.slice(0, MAX_PROSE) : full;
    if (!LETTER.test(prose)) return;
    const section = sectionAt(line);
    // Sentences matter only where a page may mix languages: translations.
    const parts = options.detectLanguages ? splitSentences(prose) : [];
    const sentences: ParsedSentence[] = [];
    if (parts.length > 1) for (const part of parts) sentences.push({ text: part, ...detectLanguage(part, options.language) });
    // A paragraph's language is the one most of its sentences' letters are in: one
    // identification per sentence, none again for the whole.
    const detected =
      sentences.length > 0
        ? dominant(sentences)
        : options.detectLanguages
          ? detectLanguage(prose, options.language)
          : { lang: options.language, confidence: 1 };
    paragraphs.push({
      ordinal: paragraphs.length,
      section,
      kind,
      line,
      endLine,
      text: prose,
      textHash: hash(normalizeCleanForHash(full)),
      ...detected,
      sentences,
    });
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const line = t.map ? lineBase + t.map[0] : 0;
    switch (t.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        containers.push('list');
        listCounts.push({ line, ordered: t.type === 'ordered_list_open', items: 0 });
        openLists.push(listCounts[listCounts.length - 1]!);
        break;
      case 'list_item_open': {
        const open = openLists[openLists.length - 1];
        if (open) open.items++;
        break;
      }
      case 'bullet_list_close':
      case 'ordered_list_close':
        containers.pop();
        openLists.pop();
        break;
      case 'blockquote_open':
        containers.push('blockquote');
        break;
      case 'blockquote_close':
        containers.pop();
        break;
      case 'fence':
      case 'code_block':
        addSkeleton(line, `code:${hash(t.content)}`);
        break;
      case 'tr_open':
        tableRow = { line, endLine: t.map ? lineBase + t.map[1] - 1 : line, parts: [] };
        break;
      case 'tr_close':
        if (tableRow) addProse('table', tableRow.line, tableRow.endLine, tableRow.parts.join(' | '));
        tableRow = null;
        break;
      case 'inline': {
        const prev = tokens[i - 1];
        // Table cells have no line map of their own: their row's line.
        const startLine = prev?.map ? lineBase + prev.map[0] : t.map ? line : (tableRow?.line ?? line);
        const endLine = prev?.map ? lineBase + prev.map[1] - 1 : startLine;
        const linksBefore = links.length;
        const prose = walkInline(t, startLine, links, addSkeleton, sectionAt);
        if (prev?.type === 'heading_open') addProse('heading', startLine, endLine, prose);
        else if (prev?.type === 'th_open' || prev?.type === 'td_open') tableRow?.parts.push(prose);
        else if (prev?.type === 'paragraph_open') {
          const inList = containers.includes('list');
          const kind: ParagraphKind =
            inList && isLinkItem(prose, links.slice(linksBefore))
              ? 'link-item'
              : inList
                ? 'list-item'
                : containers.includes('blockquote')
                  ? 'blockquote'
                  : 'paragraph';
          addProse(kind, startLine, endLine, prose);
        }
        break;
      }
      default:
        break;
    }
  }
  for (const l of listCounts) addSkeleton(l.line, `${l.ordered ? 'ol' : 'ul'}:${l.items}`);
  doc.links = links;
  // Which Liquid branch each link sits in: checks skip links no documented version shows.
  for (const r of linkBranches(
    visible,
    liquid.tokens,
    links,
    (l) => lineIndex.startOf(l),
    (o) => lineIndex.lineOf(o),
  ))
    refs.push({ ordinal: refs.length, ...r });
  doc.paragraphs = paragraphs;

  // Step numbers as written: CommonMark lets only `1.` interrupt a paragraph, so a
  // line scan sees the `5.` that a Markdown parser folds into the paragraph above it.
  // Old English versions (no paragraphs) are compared by their sources, not their steps.
  // A top-level item may be indented by up to three spaces (`  1. Whether …`, Kubernetes'
  // pod-priority-preemption); one indented as far as the previous top-level item's text is
  // nested in it (`   1. download-certs` under `2. control-plane-prepare`), a sub-step.
  if (options.paragraphs !== false) for (const [line, step] of stepsOf(visible, fm.bodyLine, lineIndex)) sections[sectionAt(line)]!.steps.push(step);

  for (const s of sections) {
    // A multiset, not a sequence: translations legitimately reorder links and
    // references inside a sentence, so order within a section is not compared.
    s.skeleton = skeletons[s.ordinal]!.sort();
    s.skeletonHash = hash(s.skeleton.join('\n'));
    s.textHash = hash(sectionProse(lineIndex.lines(masked, s.line, s.endLine)));
  }
  doc.sections = sections;
  if (!doc.title) doc.title = headingLines.find((h) => h.level === 1)?.heading ?? null;
}

// A line that may open a numbered item (a superset: `\s` also matches a newline here, and `^` the
// start of a line after U+2028): a page without one has no steps, and is not scanned for them.
const NUMBERED_ITEM = /^ {0,3}\d{1,4}[.)]\s/m;
const FENCE_LINE = /^\s*(`{3,}|~{3,})/;
const LIST_ITEM = /^( {0,3})(?:(\d{1,4})[.)]|[-*+])\s+/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:\s|$)/;

/**
 * The step numbers of a page's top-level numbered items from line `fromLine` on, as [line, number]
 * (`lines`: the text's line index, made here when not given).
 */
export function stepsOf(text: string, fromLine: number, lines?: LineIndex): [number, number][] {
  return NUMBERED_ITEM.test(text) ? stepNumbers(text, fromLine, lines ?? new LineIndex(text)) : [];
}

/**
 * stepsOf for a text that may have a numbered item: each line of `text` is looked at in place,
 * and cut out for a regular expression only where the characters at its start allow a fence, an
 * item or a heading.
 */
function stepNumbers(text: string, fromLine: number, lines: LineIndex): [number, number][] {
  const steps: [number, number][] = [];
  let inFence: string | null = null;
  let itemText: number | null = null; // column where the current top-level item's text starts
  let blank = false;
  // The next ``` and ~~~ at or after the current line (Infinity: none left).
  let tick = -1;
  let tilde = -1;
  for (let n = fromLine; n <= lines.count; n++) {
    const start = lines.startOf(n);
    const end = n < lines.count ? lines.startOf(n + 1) - 1 : text.length;
    if (tick >= 0 && tick < start) tick = -1;
    if (tick === -1) tick = nextAt(text, '```', start);
    if (tilde >= 0 && tilde < start) tilde = -1;
    if (tilde === -1) tilde = nextAt(text, '~~~', start);
    // A fence has three backticks or tildes in a row: most lines have neither.
    const fence = tick < end || tilde < end ? FENCE_LINE.exec(text.slice(start, end)) : null;
    if (fence?.[1]) {
      if (!inFence) inFence = fence[1][0]!;
      else if (fence[1][0] === inFence) inFence = null;
      continue;
    }
    if (inFence) continue;
    let first = start;
    while (first < end && isSpace(text.charCodeAt(first))) first++;
    if (first === end) {
      blank = true;
      continue;
    }
    let indent = 0;
    while (text.charCodeAt(start + indent) === SPACE) indent++;
    // An item starts within three spaces of the margin, with a digit or a bullet.
    const c = text.charCodeAt(start + indent);
    const item = indent <= 3 && ((c >= 48 && c <= 57) || c === 45 || c === 42 || c === 43) ? LIST_ITEM.exec(text.slice(start, end)) : null;
    if (item && (itemText === null || indent < itemText)) {
      itemText = item[0].length;
      if (item[2] !== undefined) steps.push([n, Number(item[2])]);
    } else if (itemText !== null && ((blank && indent < itemText) || (indent <= 3 && c === HASH && ATX_HEADING.test(text.slice(start, end))))) itemText = null; // the list ended
    blank = false;
  }
  return steps;
}

/** Where `needle` next occurs in `text` at or after `from`; Infinity when it does not. */
function nextAt(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? Infinity : at;
}

/**
 * `text` with every HTML comment after `from` turned into spaces (newlines kept), so
 * links, shortcodes, steps, headings and prose inside it count nowhere while every
 * offset and line number stays where it was. Comments inside fenced code and code spans
 * are code (an HTML sample), kept as written.
 */
export function blankComments(text: string, from = 0): string {
  const html = blankHtmlComments(text, from);
  // Hugo's comment shortcode (`{{< comment >}} … {{< /comment >}}`) is a comment too.
  if (html.indexOf('comment', from) < 0) return html;
  const body = html.slice(from).replace(COMMENT_SHORTCODE, (m) => m.replace(/[^\n]/g, ' '));
  return html.slice(0, from) + body;
}

const COMMENT_SHORTCODE = /\{\{<\s*comment\s*>\}\}[\s\S]*?\{\{<\s*\/comment\s*>\}\}/g;

function blankHtmlComments(text: string, from: number): string {
  let next = text.indexOf('<!--', from);
  if (next < 0) return text;
  // Only comments change the text: what lies between them is copied in one piece, and a line is
  // looked at only for a fence opening it (a slice and a regex per line was ~8 ms a run of 61 pages).
  const out: string[] = [];
  let copied = 0;
  let inFence: string | null = null;
  let pos = from;
  // `next`: the first `<!--` at or after `pos`; none left, nothing after it changes.
  while (pos < text.length && next >= 0) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    // A fence opens or closes only at the start of a line.
    if (pos === 0 || text.charCodeAt(pos - 1) === NEWLINE) {
      let at = pos;
      while (at < pos + 3 && text.charCodeAt(at) === SPACE) at++;
      const c = text.charCodeAt(at);
      const fence = c === BACKTICK || c === TILDE ? FENCE_OPEN.exec(text.slice(pos, end)) : null;
      if (fence?.[1] && (!inFence || (fence[1][0] === inFence[0] && fence[1].length >= inFence.length))) {
        inFence = inFence ? null : fence[1];
        if (next < end) next = text.indexOf('<!--', end);
        pos = end;
        continue;
      }
    }
    if (next >= end) {
      pos = end;
      continue;
    }
    const open = inFence ? -1 : commentStart(text, pos, end, next);
    if (open < 0) {
      next = text.indexOf('<!--', end);
      pos = end;
      continue;
    }
    const close = text.indexOf('-->', open + 4);
    const stop = close < 0 ? text.length : close + 3;
    out.push(text.slice(copied, open), blanked(text, open, stop));
    // The rest of the closing line is read on the next turn: it may open another comment.
    copied = pos = stop;
    next = text.indexOf('<!--', stop);
  }
  out.push(text.slice(copied));
  return out.join('');
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/**
 * `text[from, to)` with every UTF-16 unit but a newline a space, as `.replace(/[^\n]/g, ' ')`
 * gives it, a run of spaces at a time: Chinese pages keep the English they translate in comments,
 * most of their text.
 */
function blanked(text: string, from: number, to: number): string {
  let out = '';
  for (let at = from; ;) {
    const nl = text.indexOf('\n', at);
    if (nl < 0 || nl >= to) return out + ' '.repeat(to - at);
    out += ' '.repeat(nl - at) + '\n';
    at = nl + 1;
  }
}
const NEWLINE = 0x0a;
const SPACE = 0x20;
const BACKTICK = 0x60;
const TILDE = 0x7e;
const HASH = 0x23;

/**
 * Where a comment opens on the line `text[pos, end)`, outside inline code spans (backticks
 * counted from `pos`); -1 when none does. `first`: the first `<!--` at or after `pos`.
 */
function commentStart(text: string, pos: number, end: number, first: number): number {
  let at = first;
  while (at >= 0 && at < end) {
    let ticks = 0;
    for (let i = pos; i < at; i++) if (text.charCodeAt(i) === BACKTICK) ticks++;
    if (ticks % 2 === 0) return at;
    at = text.indexOf('<!--', at + 4);
  }
  return -1;
}

/**
 * A list item whose words are all link text of links to other sites: the title of an
 * external (English) resource, such as a KEP or an article in a release post's list.
 */
function isLinkItem(prose: string, links: readonly ParsedLink[]): boolean {
  if (links.length === 0 || !links.every((l) => l.kind === 'external')) return false;
  let rest = prose;
  for (const l of links) if (l.text) rest = rest.replace(l.text, ' ');
  return !LETTER.test(rest.replace(/\b(?:by|on|and|from|in|at|via|with)\b/gi, ' ').replace(/\(\d[\d/.-]*\)|\d[\d/.-]*/g, ' '));
}

function dominant(sentences: ParsedSentence[]): { lang: string | null; confidence: number } {
  const weight = new Map<string, { letters: number; confidence: number }>();
  let total = 0;
  for (const s of sentences) {
    if (!s.lang) continue;
    const w = weight.get(s.lang) ?? { letters: 0, confidence: 0 };
    w.letters += s.text.length;
    w.confidence += s.confidence * s.text.length;
    weight.set(s.lang, w);
    total += s.text.length;
  }
  let best: [string, { letters: number; confidence: number }] | null = null;
  for (const e of weight) if (!best || e[1].letters > best[1].letters) best = e;
  if (!best || total === 0) return { lang: null, confidence: 0 };
  return { lang: best[0], confidence: Math.round((best[1].confidence / best[1].letters) * (best[1].letters / total) * 100) / 100 };
}

/**
 * What a section says, without formatting: changes here are real text changes.
 * Takes the Liquid-masked source, so spacing inside Liquid tags is one character to drop.
 */
function sectionProse(masked: string): string {
  // Headings need a `#`, link targets a `](`: without them those replacements find nothing.
  let out = masked.includes('#') ? masked.replace(/^#{1,6}[ \t]+/gm, '') : masked;
  if (out.includes('](')) out = out.replace(/\]\([^)\s]*(?:[ \t]+"[^"]*")?\)/g, ']');
  // Liquid's whitespace-control dashes: looked behind only after a dash (tried at every
  // character, the look-behind was the slowest step of hashing a section).
  out = out.replace(/[\uE000*_~`]+|-(?:(?=%\}|\}\})|(?<=\{%-|\{\{-))/g, '');
  return collapseSpace(out).trim();
}

function walkInline(
  inline: Token,
  startLine: number,
  links: ParsedLink[],
  addSkeleton: (line: number, token: string) => void,
  sectionAt: (line: number) => number,
): string {
  const parts: string[] = [];
  let line = startLine;
  let openLink: ParsedLink | null = null;
  for (const c of inline.children ?? []) {
    switch (c.type) {
      case 'text':
        parts.push(c.content);
        if (openLink) openLink.text += c.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        parts.push(' ');
        line++;
        break;
      case 'code_inline':
        parts.push(' ');
        addSkeleton(line, `code:${c.content}`);
        if (openLink) openLink.text += c.content;
        break;
      case 'link_open': {
        const target = unmaskLiquidSpaces(String(c.attrGet('href') ?? ''));
        openLink = { ordinal: links.length, section: sectionAt(line), target, kind: classifyLink(target, false), line, text: '' };
        links.push(openLink);
        addSkeleton(line, `link:${target}`);
        break;
      }
      case 'link_close':
        if (openLink) openLink.text = unmaskLiquidSpaces(openLink.text).trim();
        openLink = null;
        break;
      case 'image': {
        const target = unmaskLiquidSpaces(String(c.attrGet('src') ?? ''));
        links.push({ ordinal: links.length, section: sectionAt(line), target, kind: 'image', line, text: unmaskLiquidSpaces(c.content) });
        addSkeleton(line, `image:${target}`);
        parts.push(' ');
        break;
      }
      default:
        break;
    }
  }
  return parts.join('');
}

function liquidRef(t: LiquidToken, text: string): Omit<ParsedLiquidRef, 'ordinal' | 'section' | 'line'> | null {
  const raw = text.slice(t.begin, t.end);
  if (t.type === 'output') return { kind: 'output', name: t.args.replace(/\s+/g, ' '), raw };
  switch (t.name) {
    case 'data':
    case 'indented_data_reference': {
      const name = t.args.split(/\s+/)[0] ?? '';
      const kind = name.startsWith('reusables.') ? 'reusable' : name.startsWith('variables.') ? 'variable' : 'data';
      return { kind, name, raw };
    }
    case 'if':
    case 'ifversion':
    case 'elsif':
    case 'elsifversion':
    case 'unless':
      return { kind: 'condition', name: `${t.name} ${t.args.replace(/\s+/g, ' ')}`, raw };
    default:
      // Block ends and branches carry no reference of their own.
      if (t.name.startsWith('end') || t.name === 'else') return null;
      return { kind: 'tag', name: t.name, raw };
  }
}
