import { Tokenizer, TokenKind } from 'liquidjs';

/** One Liquid tag or output found in a text, with its character range. */
export interface LiquidToken {
  type: 'tag' | 'output';
  /** Tag name (`data`, `ifversion`, `endif` …); empty for outputs. */
  name: string;
  /** Tag arguments, or the output expression. */
  args: string;
  begin: number;
  end: number;
}

export interface LiquidSyntaxError {
  message: string;
  begin: number;
}

export interface LiquidScan {
  tokens: LiquidToken[];
  errors: LiquidSyntaxError[];
}

/** Tags that open a block and the tag that closes it. */
const BLOCKS: Record<string, string> = {
  if: 'endif',
  ifversion: 'endif',
  unless: 'endunless',
  for: 'endfor',
  case: 'endcase',
  capture: 'endcapture',
  comment: 'endcomment',
  raw: 'endraw',
  note: 'endnote',
  tip: 'endtip',
  warning: 'endwarning',
  danger: 'enddanger',
  caution: 'endcaution',
  mac: 'endmac',
  windows: 'endwindows',
  linux: 'endlinux',
  tablerow: 'endtablerow',
};
const CLOSERS = new Set(Object.values(BLOCKS));
const BRANCHES = new Set(['else', 'elsif', 'elsifversion', 'when']);
const MAX_ERRORS = 5;

/**
 * liquidjs' tokenizer, finding the text between tags with indexOf. Its own readHTMLToken
 * compares every stop string at every character, a tenth of the time it takes to parse a
 * page for its sections; the tokens are the same.
 */
class Scanner extends Tokenizer {
  override readHTMLToken(stopStrings: string[]): ReturnType<Tokenizer['readHTMLToken']> {
    const begin = this.p;
    let stop = this.N;
    for (const s of stopStrings) {
      const i = this.input.indexOf(s, begin);
      if (i >= 0 && i < stop) stop = i;
    }
    // Where the library's loop would stop: it makes the token (empty from there), which then starts at begin.
    this.p = stop;
    const token = super.readHTMLToken(stopStrings);
    token.begin = begin;
    return token;
  }
}

/**
 * Tokenizes Liquid with liquidjs' own tokenizer. A malformed tag or output does not
 * stop the scan: the error is recorded and tokenizing resumes after it, so one typo
 * does not hide every reference behind it. Unbalanced blocks are reported too.
 */
export function scanLiquid(input: string): LiquidScan {
  const tokens: LiquidToken[] = [];
  const errors: LiquidSyntaxError[] = [];
  let offset = 0;
  if (!input.includes('{')) return { tokens, errors };
  while (offset < input.length) {
    // Each retry rescans the rest of the file: a file of nothing but broken tags would
    // be quadratic. Past this many errors the page is broken enough to say so once.
    if (errors.length >= MAX_ERRORS) {
      errors.push({ message: `More than ${MAX_ERRORS} Liquid syntax errors; the rest of the file was not scanned`, begin: offset });
      break;
    }
    const rest = offset === 0 ? input : input.slice(offset);
    try {
      collect(new Scanner(rest).readTopLevelTokens() as unknown as RawToken[], offset, tokens);
      break;
    } catch (err) {
      const e = err as { message?: string; token?: { begin?: number } };
      const at = typeof e.token?.begin === 'number' ? e.token.begin : 0;
      // Everything before the bad token tokenizes on its own.
      if (at > 0) {
        try {
          collect(new Scanner(rest.slice(0, at)).readTopLevelTokens() as unknown as RawToken[], offset, tokens);
        } catch {
          /* already reported below as one error */
        }
      }
      errors.push({ message: cleanMessage(e.message ?? 'Liquid does not parse'), begin: offset + at });
      offset += at + 2;
    }
  }
  checkBlocks(tokens, errors);
  return { tokens, errors };
}

interface RawToken {
  kind: number;
  begin: number;
  end: number;
  name?: string;
  args?: string;
  content?: string;
}

function collect(raw: RawToken[], offset: number, out: LiquidToken[]): void {
  for (const t of raw) {
    if (t.kind === TokenKind.Tag) {
      out.push({ type: 'tag', name: t.name ?? '', args: (t.args ?? '').trim(), begin: offset + t.begin, end: offset + t.end });
    } else if (t.kind === TokenKind.Output) {
      out.push({ type: 'output', name: '', args: (t.content ?? '').trim(), begin: offset + t.begin, end: offset + t.end });
    }
  }
}

function checkBlocks(tokens: LiquidToken[], errors: LiquidSyntaxError[]): void {
  const stack: LiquidToken[] = [];
  for (const t of tokens) {
    if (t.type !== 'tag') continue;
    const closer = BLOCKS[t.name];
    if (closer) {
      stack.push(t);
    } else if (CLOSERS.has(t.name)) {
      const open = stack[stack.length - 1];
      if (open && BLOCKS[open.name] === t.name) {
        stack.pop();
      } else {
        errors.push({
          message: open ? `{% ${t.name} %} closes {% ${open.name} %}, which needs {% ${BLOCKS[open.name]} %}` : `{% ${t.name} %} has no opening tag`,
          begin: t.begin,
        });
        // Recover: drop an opener that this closer does match further down.
        const i = stack.findLastIndex((o) => BLOCKS[o.name] === t.name);
        if (i >= 0) stack.splice(i);
      }
    } else if (BRANCHES.has(t.name) && stack.length === 0) {
      errors.push({ message: `{% ${t.name} %} outside of a block`, begin: t.begin });
    }
  }
  for (const open of stack) {
    errors.push({ message: `{% ${open.name} %} is never closed with {% ${BLOCKS[open.name]} %}`, begin: open.begin });
  }
}

function cleanMessage(message: string): string {
  // liquidjs appends a source excerpt on following lines; the first line says it all.
  return (message.split('\n')[0] ?? message).replace(/, file:.*$/, '').trim();
}

/** Replaces white space inside Liquid with a private-use character so Markdown keeps `[x](/a/{{ v }}/b)` one link. */
export const LIQUID_SPACE = '\uE000';

export function maskLiquidSpaces(input: string, tokens: LiquidToken[]): string {
  if (tokens.length === 0) return input;
  const parts: string[] = [];
  let last = 0;
  for (const t of tokens) {
    if (t.begin < last) continue;
    parts.push(input.slice(last, t.begin), input.slice(t.begin, t.end).replace(/[ \t]/g, LIQUID_SPACE));
    last = t.end;
  }
  parts.push(input.slice(last));
  return parts.join('');
}

export function unmaskLiquidSpaces(input: string): string {
  return input.includes(LIQUID_SPACE) ? input.replaceAll(LIQUID_SPACE, ' ') : input;
}
