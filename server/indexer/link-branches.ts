import type { LiquidToken } from './liquid.ts';
import type { ParsedLink, ParsedLiquidRef } from './types.ts';

/**
 * One Liquid block around a link: the branch of `{% if %}…{% elsif %}…{% else %}` it sits in.
 * `then`: shown when `condition` holds and none of `prior` does (`prior` is empty for the `if`
 * branch); `else`: shown when none of `prior` holds.
 */
export interface LinkBranchFrame {
  branch: 'then' | 'else';
  /** The tag as written without `{% %}` (`if currentVersion == "free-pro-team@latest"`, `ifversion ghes > 3.0`). */
  condition?: string;
  prior: string[];
}

/** What `link-branch` Liquid references hold in their name: a link (by ordinal) and its branches, outermost first. */
export interface LinkBranches {
  link: number;
  frames: LinkBranchFrame[];
}

const OPENERS = new Set(['if', 'ifversion', 'unless']);
const BRANCH = new Set(['elsif', 'elsifversion']);
// Other block tags, only so their ends do not close an if.
const OTHER_BLOCKS: Record<string, string> = { for: 'endfor', case: 'endcase', capture: 'endcapture', tablerow: 'endtablerow' };

interface Open {
  name: string;
  frame: LinkBranchFrame | null;
}

/**
 * For each link inside an `if`/`ifversion`/`unless` block, the branches it sits in, as Liquid
 * references of kind `link-branch` (checks then know which links no documented version shows:
 * server/checks/lib/links.ts). `text` is the document as parsed (comments blanked); a link is
 * found at the first occurrence of its target after the previous link's, on or after its line.
 */
export function linkBranches(
  text: string,
  tokens: readonly LiquidToken[],
  links: readonly ParsedLink[],
  lineStart: (line: number) => number,
  lineOf: (offset: number) => number,
): Omit<ParsedLiquidRef, 'ordinal'>[] {
  if (links.length === 0 || !tokens.some((t) => t.type === 'tag' && OPENERS.has(t.name))) return [];
  const out: Omit<ParsedLiquidRef, 'ordinal'>[] = [];
  const stack: Open[] = [];
  let next = 0; // next token to apply
  let cursor = 0;
  const tags = tokens.filter((t) => t.type === 'tag');
  const ordered = [...links].sort((a, b) => a.line - b.line || a.ordinal - b.ordinal);
  for (const link of ordered) {
    if (link.kind === 'image') continue;
    const from = Math.max(cursor, lineStart(link.line));
    const at = link.target ? text.indexOf(link.target, from) : -1;
    if (at < 0 || lineOf(at) !== link.line) continue; // not found where the parser saw it: no verdict
    cursor = at + 1;
    while (next < tags.length && tags[next]!.begin < at) apply(stack, tags[next++]!);
    const frames = stack.map((o) => o.frame).filter((f): f is LinkBranchFrame => f !== null);
    if (frames.length === 0) continue;
    const value: LinkBranches = { link: link.ordinal, frames };
    out.push({ section: link.section, kind: 'link-branch', name: JSON.stringify(value), line: link.line, raw: '' });
  }
  return out;
}

function apply(stack: Open[], t: LiquidToken): void {
  if (OPENERS.has(t.name)) {
    stack.push({ name: 'if', frame: { branch: 'then', condition: `${t.name} ${t.args.replace(/\s+/g, ' ')}`.trim(), prior: [] } });
  } else if (OTHER_BLOCKS[t.name]) {
    stack.push({ name: t.name, frame: null });
  } else if (BRANCH.has(t.name) || t.name === 'else') {
    const top = stack[stack.length - 1];
    if (!top || top.name !== 'if' || !top.frame) return;
    const prior = top.frame.condition ? [...top.frame.prior, top.frame.condition] : top.frame.prior;
    top.frame =
      t.name === 'else'
        ? { branch: 'else', prior }
        : { branch: 'then', condition: `${t.name.replace(/^elsif/, 'if')} ${t.args.replace(/\s+/g, ' ')}`.trim(), prior };
  } else if (t.name === 'endif' || t.name === 'endunless') {
    const i = stack.findLastIndex((o) => o.name === 'if');
    if (i >= 0) stack.splice(i);
  } else if (Object.values(OTHER_BLOCKS).includes(t.name)) {
    const i = stack.findLastIndex((o) => OTHER_BLOCKS[o.name] === t.name);
    if (i >= 0) stack.splice(i);
  }
}
