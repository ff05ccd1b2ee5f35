/**
 * One escaping helper per output kind. Titles, keys, file names and messages come from the
 * documents, so they may carry Markdown, HTML or terminal control sequences of their own.
 */

// C0 controls but tab, DEL, C1 controls (0x9b is a one-byte CSI), and the bidirectional
// overrides and isolates that can make a line read as something else.
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const visible = (ch: string) => `\\u{${ch.codePointAt(0)!.toString(16).padStart(2, '0')}}`;

/**
 * Text for a terminal line: control characters (ESC, CR, BEL, backspace, newlines…) shown
 * as `\u{1b}` so a title can neither retitle the window, clear the screen nor overwrite a line.
 */
export function terminalText(s: string, options: { keepNewlines?: boolean } = {}): string {
  return s.replace(CONTROLS, (ch) => (ch === '\n' && options.keepNewlines ? ch : visible(ch)));
}

/** Text inside Markdown (a paragraph or a table cell): no Markdown, HTML, cell break or control character of its own. */
export function markdownText(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(CONTROLS, visible)
    .replace(/[<>&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&amp;'))
    .replace(/([\\`*_[\]|#])/g, '\\$1');
}

/**
 * A code span, safe inside a table cell: a backtick would end the span and a `|` the cell
 * (GFM splits cells before it reads code spans, so the pipe is escaped even there).
 */
export function markdownCode(s: string): string {
  const text = s
    .replace(/[\r\n]+/g, ' ')
    .replace(CONTROLS, visible)
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|');
  return `\`${text}\``;
}
