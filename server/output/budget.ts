/**
 * Markdown that fits where it goes: GitHub cuts a pull-request comment at 65,536 characters,
 * so a comment is built to stay under 65,000. The head (totals) always comes first; each
 * group's lines are kept while they fit, the rest of a group becomes one "N more" line, and
 * a note under the head says how many were left out in all.
 */
export const COMMENT_LIMIT = 65_000;

export interface MarkdownGroup {
  /** Summary line of the group's <details> (already escaped). */
  title: string;
  /** One Markdown line per item (already escaped). */
  lines: string[];
}

const open = (g: MarkdownGroup) => `\n<details><summary>${g.title}</summary>\n`;
const CLOSE = '\n</details>';
const more = (n: number, noun: string) => `- … ${n} more ${noun} not shown`;
const leftOut = (n: number, noun: string, hint: string) => `_${n} ${noun} left out to fit a pull-request comment; ${hint}_`;

export function budgetedMarkdown(head: string[], groups: MarkdownGroup[], options: { noun: string; hint: string; limit?: number }): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const total = groups.reduce((n, g) => n + g.lines.length, 0);
  const digits = String(total).length;
  // The skeleton every output has whatever is cut: head, the left-out note, each group's frame and "more" line.
  const note = leftOut(Number('9'.repeat(digits)), options.noun, options.hint);
  const headText = head.join('\n');
  let skeleton = headText.length + 2 + note.length;
  const frames = groups.map((g) => open(g).length + CLOSE.length + 1 + more(Number('9'.repeat(digits)), options.noun).length + 1);
  // More groups than fit: the last ones are only counted.
  let shown = groups.length;
  while (shown > 0 && skeleton + frames.slice(0, shown).reduce((a, b) => a + b, 0) > limit) shown--;
  skeleton += frames.slice(0, shown).reduce((a, b) => a + b, 0);
  let room = limit - skeleton;
  let omitted = groups.slice(shown).reduce((n, g) => n + g.lines.length, 0);
  const body: string[] = [];
  // Each group gets an even share of the room left; what one does not use passes to the next.
  const visible = groups.slice(0, shown);
  visible.forEach((g, i) => {
    body.push(open(g));
    let share = Math.floor(room / (visible.length - i));
    let kept = 0;
    for (const line of g.lines) {
      if (line.length + 1 > share) break;
      body.push(line);
      share -= line.length + 1;
      room -= line.length + 1;
      kept++;
    }
    if (kept < g.lines.length) {
      body.push(more(g.lines.length - kept, options.noun));
      omitted += g.lines.length - kept;
    }
    body.push(CLOSE);
  });
  if (shown < groups.length)
    body.push(
      '',
      more(
        groups.slice(shown).reduce((n, g) => n + g.lines.length, 0),
        options.noun,
      ) + ` (${groups.length - shown} more groups)`,
    );
  const out = [headText, ...(omitted > 0 ? ['', leftOut(omitted, options.noun, options.hint)] : []), ...body].join('\n');
  return out;
}
