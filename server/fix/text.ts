/**
 * A translation's text as the fixers edit it: offsets into the decoded string, never a
 * re-serialization. Every byte outside an edit's range is written back as it was read
 * (line endings, BOM, quoting, key order, the trailing newline).
 */
export interface FileText {
  text: string;
  /** The file's own line ending (the first one it uses): inserted lines get it too. */
  eol: '\n' | '\r\n';
  /** Offset where each 1-based line starts (index 0 is line 1). */
  lineStarts: number[];
}

/** One replacement of text[start, end) by `text` (an insertion when start === end). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function fileText(text: string): FileText {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const first = text.indexOf('\n');
  return { text, eol: first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n', lineStarts };
}

/** Offsets of a 1-based line: its start, the end of its content (before \r\n or \n) and the start of the next line. */
export function lineSpan(f: FileText, line: number): { start: number; contentEnd: number; next: number } | null {
  const start = f.lineStarts[line - 1];
  if (start === undefined || (start === f.text.length && line > 1)) return null;
  const next = f.lineStarts[line] ?? f.text.length;
  let contentEnd = next;
  if (contentEnd > start && f.text[contentEnd - 1] === '\n') contentEnd--;
  if (contentEnd > start && f.text[contentEnd - 1] === '\r') contentEnd--;
  return { start, contentEnd, next };
}

/** `text` with `\n` line endings turned into the file's own. */
export function withEol(text: string, eol: string): string {
  return text.replace(/\r?\n/g, eol);
}

/** Applies edits given in increasing, non-overlapping order (insertions at one offset keep their order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** One top-level frontmatter key and the lines its value takes (from its key line to the line before the next key). */
export interface KeyBlock {
  key: string;
  /** 1-based line of `key:`. */
  line: number;
  start: number;
  /** Offset after the block's last line (its line ending included). */
  end: number;
}

export interface FrontmatterText {
  /** Offset of the first line after the opening `---`. */
  bodyStart: number;
  /** Offset of the closing `---` line. */
  close: number;
  blocks: KeyBlock[];
}

// The indexer's own rules (server/indexer/parse.ts readFrontmatter): `---` opens on the first
// line (after a BOM), the next `---` line closes, and a top-level key starts its line.
const KEY_LINE = /^([A-Za-z_][\w-]*)\s*:/;

/** Where the frontmatter and each of its top-level keys are in the text, or null without frontmatter. */
export function frontmatterText(f: FileText): FrontmatterText | null {
  const start = f.text.startsWith('\uFEFF') ? 1 : 0;
  if (!/^---[ \t]*\r?\n/.test(f.text.slice(start, start + 8))) return null;
  const closeRe = /\n---[ \t]*(\r?\n|$)/g;
  closeRe.lastIndex = start + 3;
  const m = closeRe.exec(f.text);
  if (!m) return null;
  const bodyStart = f.text.indexOf('\n', start) + 1;
  const close = m.index + 1;
  const blocks: KeyBlock[] = [];
  let line = f.lineStarts.indexOf(bodyStart) + 1;
  let current: KeyBlock | null = null;
  let lastContentEnd = bodyStart;
  for (let at = bodyStart; at < close; line++) {
    const nl = f.text.indexOf('\n', at);
    const next = nl === -1 || nl + 1 > close ? close : nl + 1;
    const content = f.text.slice(at, next).replace(/\r?\n$/, '');
    const key = KEY_LINE.exec(content);
    // A line at column 0 that is no sequence item ends the block before it (a key, a comment, stray text).
    const topLevel = content.length > 0 && !/^[\s-]/.test(content);
    if (topLevel) {
      if (current) current.end = lastContentEnd;
      current = key ? { key: key[1]!, line, start: at, end: next } : null;
      if (current) blocks.push(current);
    }
    // Blank lines after a block stay outside it (they separate it from the next key).
    if (content.trim() !== '') lastContentEnd = next;
    at = next;
  }
  if (current) current.end = lastContentEnd;
  return { bodyStart, close, blocks };
}

/** The block of a top-level key, when the key appears once. */
export function keyBlock(fm: FrontmatterText, key: string): KeyBlock | null {
  const found = fm.blocks.filter((b) => b.key === key);
  return found.length === 1 ? found[0]! : null;
}

/** A key block's text as its own lines ending in `eol` (the last line gets one even when the file ends without). */
export function blockText(f: FileText, block: KeyBlock, eol: string): string {
  const raw = f.text.slice(block.start, block.end);
  return withEol(raw.endsWith('\n') ? raw : raw + '\n', eol);
}
