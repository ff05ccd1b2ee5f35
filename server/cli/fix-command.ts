import { parseArgs } from 'node:util';
import { FIXERS } from '../fix/fixers/index.ts';
import { applyPlan } from '../fix/apply.ts';
import { colourPatch, planPatch } from '../fix/patch.ts';
import { planFixes, type FixPlan } from '../fix/plan.ts';
import { terminalText as t } from '../output/escape.ts';
import { assertIndexedLocale, assertKnownCheck, COMMON_OPTIONS, latestCheckedRun, openContext, UsageError, type CommandIO } from './context.ts';

export const FIX_HELP = `Usage: l10n-drift fix [--locale L …] [--check ID …] [--key K …] [--write] [--color|--no-color]

Fixes the open findings whose fix is mechanical (${[...FIXERS.keys()].join(', ')}:
each check's doc page says which of its findings and how), from the latest index run and
the files on disk. Without --write it prints the fixes as a git patch (coloured on a
terminal) and a summary on stderr; with --write it edits the files (only the bytes each fix
names), moving and deleting files with git mv / git rm in a git work tree. Run
\`l10n-drift index\` afterwards: the fixed findings resolve. Each flag may be repeated.
Exit code 0, 1 when nothing was indexed yet, 2 on usage errors.`;

export async function fixCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      locale: { type: 'string', multiple: true },
      check: { type: 'string', multiple: true },
      key: { type: 'string', multiple: true },
      write: { type: 'boolean' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(FIX_HELP + '\n');
    return 0;
  }
  for (const id of values.check ?? []) {
    assertKnownCheck(id);
    if (!FIXERS.has(id)) throw new UsageError(`--check ${id}: its findings have no mechanical fix; fixable checks: ${[...FIXERS.keys()].join(', ')}`);
  }
  for (const k of values.key ?? []) if (!k.trim()) throw new UsageError('--key must not be empty');
  const { config, db } = openContext(values, io);
  try {
    const run = await latestCheckedRun(db, config, 'fix', io);
    if (!run) return 1;
    for (const l of values.locale ?? []) assertIndexedLocale(db, l, '--locale');
    const keys = values.key?.map((k) => k.replace(/^\/+/, ''));
    const plan = planFixes(db, config, {
      ...(values.locale ? { locales: values.locale } : {}),
      ...(values.check ? { checks: values.check } : {}),
      ...(keys ? { keys } : {}),
    });
    const color = values['no-color'] ? false : (values.color ?? (Boolean(io.stdout.isTTY) && !io.env.NO_COLOR));
    if (values.write) {
      const s = applyPlan(plan);
      io.stdout.write(
        `${summary(plan)}\nWrote ${s.written} files, moved ${s.moved}, deleted ${s.deleted}${s.git && (s.moved || s.deleted) ? ' (git mv / git rm)' : ''}. Run \`l10n-drift index\` to see the findings resolve.\n`,
      );
    } else {
      const patch = planPatch(plan);
      io.stdout.write(color ? colourPatch(patch) : patch);
      io.stderr.write(`${summary(plan)}\n${plan.files.length ? 'Nothing written: run with --write to apply, or save this patch and `git apply` it.\n' : ''}`);
    }
    for (const s of plan.skipped.slice(0, 50)) {
      io.stderr.write(`skipped: ${t(s.finding.path ?? s.finding.key)}${s.finding.line ? `:${s.finding.line}` : ''} ${s.finding.check_id}: ${t(s.reason)}\n`);
    }
    if (plan.skipped.length > 50) io.stderr.write(`… and ${plan.skipped.length - 50} more skipped\n`);
    return 0;
  } finally {
    db.close();
  }
}

export function summary(plan: FixPlan): string {
  const fixed = plan.files.reduce((n, f) => n + f.fixed.length, 0);
  const byCheck = new Map<string, number>();
  for (const f of plan.files) for (const x of f.fixed) byCheck.set(x.check_id, (byCheck.get(x.check_id) ?? 0) + 1);
  const edited = plan.files.filter((f) => !f.delete && f.after !== f.before).length;
  const moved = plan.files.filter((f) => f.moveTo).length;
  const deleted = plan.files.filter((f) => f.delete).length;
  const checks = [...byCheck].map(([c, n]) => `${c} ${n}`).join(', ');
  const revealed = plan.files.reduce((n, f) => n + f.revealed.length, 0);
  return (
    `${fixed} of ${plan.mechanical} mechanical findings fixed${checks ? ` (${checks})` : ''}` +
    `${revealed ? `, and ${revealed} the fixes revealed (checked again on the fixed text)` : ''}: ${edited} files edited, ${moved} moved, ${deleted} deleted; ` +
    `${plan.skipped.length} skipped; ${plan.other} other findings need a translator.`
  );
}
