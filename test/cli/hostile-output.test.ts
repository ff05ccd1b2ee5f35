/** Hostile titles, keys and file names in CLI and Markdown output: one escaping helper per output kind. */
import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { FindingWithStatus } from '../../db/repositories/findings.ts';
import { renderMarkdown as checkMarkdown, renderText } from '../../server/cli/check-command.ts';
import { formatDiff } from '../../server/cli/diff-command.ts';
import { formatSummary } from '../../server/cli/index-command.ts';
import { markdownCode, markdownText, terminalText } from '../../server/output/escape.ts';
import type { WeeklyReport } from '../../server/reports/model.ts';
import { renderMarkdown as reportMarkdown } from '../../server/reports/markdown.ts';

const ESC = '\x1b';
/** Window title, screen clear, a carriage return over a fake verdict, a one-byte CSI, a bidi override, BEL. */
const TERMINAL_ATTACKS = [`${ESC}]0;pwned\x07`, `${ESC}[2J${ESC}[H`, 'bad\rAll checks passed', '\x9b31m', 'abc\u202Eexe.md', 'x\x08\x08y', 'two\nlines'];
const HOSTILE_NAMES = [
  'a|b|c',
  '<img src=x onerror=alert(1)>',
  'x`</code><script>alert(1)</script>',
  'back\\|slash',
  'new\nline | row',
  '**bold** [link](javascript:alert(1))',
];

/** Any byte a terminal acts on: C0 (but tab), DEL, C1, bidi controls. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function finding(over: Partial<FindingWithStatus>): FindingWithStatus {
  return {
    id: 1,
    run_id: 1,
    locale: 'ja-JP',
    key: 'k',
    path: 'translations/ja-JP/content/k.md',
    check_id: 'untranslated-field',
    message_id: 'm',
    severity: 'warning',
    fingerprint: 'f',
    message: 'm',
    data_json: '{}',
    line: 3,
    section: null,
    first_run: 1,
    resolved_run: null,
    status: 'open',
    ...over,
  } as FindingWithStatus;
}

const md = new MarkdownIt({ html: true });

/** The rendered HTML of a Markdown document has no tag from the document and every table row has its header's cell count. */
function expectSafeMarkdown(text: string): void {
  const html = md.render(text);
  expect(html).not.toMatch(/<(img|script)\b/i);
  expect(html).not.toMatch(/href="javascript:/i);
  for (const table of html.split('<table>').slice(1)) {
    const head = (table.split('</thead>')[0]!.match(/<th\b/g) ?? []).length;
    for (const row of table.split('</thead>')[1]!.split('</table>')[0]!.split('<tr>').slice(1)) expect((row.match(/<td\b/g) ?? []).length, row).toBe(head);
  }
}

describe('terminal output', () => {
  it.each(TERMINAL_ATTACKS)('check text output shows %j without a control character', (attack) => {
    const out = renderText([finding({ key: `k${attack}`, message: `Title "${attack}" is English`, path: `p${attack}.md` })], (p) => p ?? '');
    expect(out.split('\n').every((line) => !CONTROL.test(line))).toBe(true);
    expect(out).toContain('\\u{');
  });

  it('keeps ordinary text, tabs and non-Latin titles as they are', () => {
    expect(terminalText('日本語のタイトル\tok — “quoted”')).toBe('日本語のタイトル\tok — “quoted”');
    expect(terminalText(`${ESC}[2J`)).toBe('\\u{1b}[2J');
    expect(terminalText('a\nb', { keepNewlines: true })).toBe('a\nb');
  });

  it('index summary warnings show file names without control characters', () => {
    const text = formatSummary({
      runId: 1,
      locales: ['en'],
      documents: 1,
      filesSeen: 1,
      parsed: 1,
      unchanged: 0,
      added: 1,
      deleted: 0,
      parseErrors: 0,
      durationMs: 1,
      problems: [{ path: `x${ESC}]0;pwned\x07.md`, message: 'bad' }],
    } as never);
    expect(text.split('\n').every((line) => !CONTROL.test(line))).toBe(true);
  });

  it('diff output keeps its own colours and newlines, and shows the control characters of English text', () => {
    const diff = {
      locale: 'ja-JP',
      key: `k${ESC}]0;pwned\x07`,
      stale: true,
      base: { source: 'git', ref: 'abc', date: '2024-01-01T00:00:00Z', commitsBehind: 1, daysBehind: 2, problem: null },
      fields: [{ field: `title${ESC}[2J`, before: `Old${ESC}]0;pwned\x07`, after: `New${ESC}[H` }],
      sections: [
        {
          level: 2,
          heading: `H${ESC}[2J`,
          status: 'changed',
          kinds: ['text'],
          wordsChanged: 1,
          parts: [
            { op: 'same', text: 'line one\n' },
            { op: 'added', text: `new${ESC}[H\rAll good` },
          ],
        },
      ],
    };
    const coloured = formatDiff(diff as never, true);
    // Our own SGR colour codes only: ESC followed by "[<digits>m".
    expect(coloured.replace(/\x1b\[\d+m/g, '')).not.toMatch(CONTROL_BUT_NEWLINE);
    expect(coloured).toContain('line one\n');
    expect(formatDiff(diff as never, false)).not.toMatch(CONTROL_BUT_NEWLINE);
  });

  it('check markdown output carries no control character either', () => {
    const out = checkMarkdown(
      1,
      TERMINAL_ATTACKS.map((a, i) => finding({ id: i, key: a, message: a, path: a })),
      (p) => p ?? '',
    );
    expect(out.split('\n').every((line) => !CONTROL.test(line))).toBe(true);
  });
});

describe('Markdown output', () => {
  it.each(HOSTILE_NAMES)('check markdown keeps %j as text', (name) => {
    const out = checkMarkdown(1, [finding({ locale: name, key: name, message: `Link to ${name}`, path: `${name}.md` })], (p) => p ?? '');
    expectSafeMarkdown(out);
  });

  it.each(HOSTILE_NAMES)('weekly report tables keep %j in its cell', (name) => {
    const report = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'reports', 'golden', 'w47.json'), 'utf8')) as WeeklyReport;
    for (const g of report.newFindings.byCheck) for (const a of g.topArticles) a.key = `${a.key}/${name}`;
    for (const s of report.stale.articles) {
      s.key = name;
      s.title = name;
      s.changedSections = [name];
    }
    const out = reportMarkdown(report);
    expectSafeMarkdown(out);
    // Each hostile key is still there to read, as code.
    const html = md.render(out);
    expect(html).toContain(`<code>${md.utils.escapeHtml(name.replace(/\n/g, ' ').replace(/`/g, "'"))}`);
  });

  it('helpers', () => {
    expect(markdownText('a|b <i>')).toBe('a\\|b &lt;i&gt;');
    expect(markdownCode('a|b`c')).toBe("`a\\|b'c`");
  });
});
