import { parseArgs } from 'node:util';
import { englishChanges, type EnglishDiff } from '../history/diff.ts';
import { terminalText } from '../output/escape.ts';
import { assertIndexedLocale, COMMON_OPTIONS, openContext, UsageError, type CommandIO } from './context.ts';

export const DIFF_HELP = `Usage: l10n-drift diff <locale> <key> [--color|--no-color] [--config FILE] [--root DIR] [--db FILE]

Prints what changed in English since the version the translation was made from,
section by section, as a word diff (red: removed, green: added; [-…-] and {+…+}
without colour). Colour is on when stdout is a terminal. Exit code 0 when the
translation is current, 1 when English changed or when that cannot be told (no
base, or an unknown one), 2 on a usage error.`;

const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export async function diffCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, color: { type: 'boolean' }, 'no-color': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(DIFF_HELP + '\n');
    return 0;
  }
  const [locale, key, ...extra] = positionals;
  if (!locale || key === undefined || extra.length > 0)
    throw new UsageError('expected <locale> <key>, e.g. `l10n-drift diff ja-JP admin/configuration/enabling-license-sync`');
  const color = values['no-color'] ? false : (values.color ?? (Boolean(io.stdout.isTTY) && !io.env.NO_COLOR));
  const { config, db } = openContext(values, io);
  try {
    assertIndexedLocale(db, locale, '<locale>');
    const diff = await englishChanges(db, config, locale, key.replace(/^\/+|\/+$/g, ''));
    if (!diff) {
      io.stderr.write(`l10n-drift diff: no English page and ${locale} translation under the key "${key}"\n`);
      return 1;
    }
    io.stdout.write(formatDiff(diff, color));
    return diff.stale === false ? 0 : 1;
  } finally {
    db.close();
  }
}

/** The English changes of one article as text, coloured for a terminal or marked for a pipe. */
export function formatDiff(diff: EnglishDiff, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  const b = diff.base;
  lines.push(paint(BOLD, terminalText(`${diff.locale} ${diff.key}`)));
  if (!b) {
    lines.push('No base: neither git, index history nor a claim says which English version was translated.');
    return lines.join('\n') + '\n';
  }
  if (b.problem) lines.push(`Base problem: ${b.problem}`);
  if (b.baseState === 'unknown' && diff.stale !== true) {
    lines.push(
      `Base unknown${b.reason ? ` (${b.reason})` : ''}: no English version can be named as the one translated, so whether English changed since cannot be told.`,
    );
    return lines.join('\n') + '\n';
  }
  if (b.baseState === 'unknown')
    lines.push(`Base unknown${b.reason ? ` (${b.reason})` : ''}: the changes below are those since the oldest English version known, at least.`);
  lines.push(
    `Base: ${b.source} ${b.ref ?? ''}${b.date ? ` (${b.date.slice(0, 10)})` : ''}; ${b.commitsBehind ?? '?'} English change(s), ${b.daysBehind ?? '?'} day(s) behind`,
  );
  // Commits writers marked "no translation update needed" ([l10n skip], L10n-Drift: cosmetic): shown, never counted.
  for (const c of b.cosmetic ?? []) lines.push(`Cosmetic (marked by the writer, not counted): ${c.ref.slice(0, 12)} ${terminalText(c.subject)}`);
  if (!diff.stale) {
    lines.push(
      b.commitsBehind
        ? 'Current: the English changes since the base are cosmetic.'
        : b.cosmetic?.length
          ? 'Current: the English changes since the base are all marked cosmetic.'
          : 'Current: English has not changed since the base.',
    );
    return lines.join('\n') + '\n';
  }
  for (const f of diff.fields) {
    lines.push('');
    lines.push(paint(BOLD, `frontmatter ${terminalText(f.field)} — changed`));
    const before = f.before === null ? '(none)' : terminalText(f.before);
    const after = f.after === null ? '(none)' : terminalText(f.after);
    lines.push(color ? `${paint(DIM, '│ ')}${paint(RED, before)} → ${paint(GREEN, after)}` : `  [-${before}-] {+${after}+}`);
  }
  for (const s of diff.sections) {
    const name = s.level === 0 ? '(introduction)' : `${'#'.repeat(s.level)} ${terminalText(s.heading)}`;
    lines.push('');
    lines.push(paint(BOLD, `${name} — ${s.status}: ${s.kinds.join(', ')}; ${s.wordsChanged} word(s)`));
    const text = s.parts
      .map((p) => ({ op: p.op, text: terminalText(p.text, { keepNewlines: true }) }))
      .map((p) =>
        p.op === 'same' ? p.text : p.op === 'added' ? (color ? paint(GREEN, p.text) : `{+${p.text}+}`) : color ? paint(RED, p.text) : `[-${p.text}-]`,
      )
      .join('');
    lines.push(color ? text.replace(/^/gm, paint(DIM, '│ ')) : text.replace(/^/gm, '  '));
  }
  return lines.join('\n') + '\n';
}
