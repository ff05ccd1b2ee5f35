import { parseArgs } from 'node:util';
import { DismissalsRepository } from '../../db/repositories/dismissals.ts';
import { DISMISSAL_KINDS, dismissalsFileOf, removeDismissalFromFile, writeDismissalToFile, type DismissalKind } from '../dismissals/file.ts';
import { assertIndexedLocale, COMMON_OPTIONS, openContext, UsageError, type CommandIO } from './context.ts';

export const DISMISS_HELP = `Usage: l10n-drift dismiss <fingerprint> --kind false-alarm|wont-fix|later --reason TEXT [--by NAME] [--to-file]
       l10n-drift dismiss --undo <fingerprint> [--to-file]
       l10n-drift dismiss --list [--locale L] [--format text|json]

Dismisses an open finding (its fingerprint: \`check --format json\`, the dashboard, the
API) as a false alarm, won't fix or later, with a reason. The dismissal holds while the
finding shows what it shows now (its digest): it survives re-index runs and the finding
counts as open again once its content changes. A dismissed finding is not counted as open
anywhere: dashboard, \`check\` and its --fail-on exit code, the weekly report.

By default the dismissal goes to the team file beside the index (drift.team.db), as the
dashboard's Dismiss button does. With --to-file it is written to the repository's
.l10n-drift-dismissed.json at the site root instead, to be reviewed and committed like code;
CI's \`check\` and the dashboard both honour that file. --by names who dismissed (default: $USER).
--list prints every standing dismissal and whether it still applies.
Exit code 0 on success, 1 when the finding is not open, 2 on usage errors.`;

export async function dismissCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      kind: { type: 'string' },
      reason: { type: 'string' },
      by: { type: 'string' },
      'to-file': { type: 'boolean', default: false },
      undo: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      locale: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(DISMISS_HELP + '\n');
    return 0;
  }
  if (values.list) {
    if (positionals.length > 0) throw new UsageError('--list takes no fingerprint');
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json (got "${values.format}")`);
  } else {
    if (positionals.length !== 1) throw new UsageError('give one finding fingerprint (or --list)');
    if (!/^[0-9a-f]{24}$/.test(positionals[0]!)) throw new UsageError(`"${positionals[0]}" is not a finding fingerprint (24 lowercase hex digits)`);
    if (!values.undo) {
      if (!values.kind || !(DISMISSAL_KINDS as readonly string[]).includes(values.kind))
        throw new UsageError(`--kind must be one of ${DISMISSAL_KINDS.join(', ')}${values.kind ? ` (got "${values.kind}")` : ''}`);
      if (!values.reason?.trim()) throw new UsageError('--reason is required: say why this finding is dismissed');
    }
  }
  const { config, db } = openContext(values, io);
  try {
    const repo = new DismissalsRepository(db);
    if (values.list) {
      assertIndexedLocale(db, values.locale, '--locale');
      const rows = repo.list(values.locale);
      if (values.format === 'json') {
        io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return 0;
      }
      if (rows.length === 0) io.stdout.write('No dismissals.\n');
      for (const r of rows) {
        const where = r.source === 'file' ? 'repository file' : `team, ${r.created_at}`;
        io.stdout.write(
          `${r.fingerprint}  ${r.locale}  ${r.key}  ${r.check_id}  ${r.kind}${r.applies ? '' : '  (no longer applies: the finding changed or was resolved)'}\n` +
            `    ${r.reason} — ${r.by_name} (${where})\n`,
        );
      }
      return 0;
    }
    const fingerprint = positionals[0]!;
    const by = values.by?.trim() || io.env.USER || io.env.USERNAME || 'cli';
    const now = io.now?.() ?? new Date();
    if (values.undo) {
      const done = values['to-file'] ? removeDismissalFromFile(config.root, fingerprint) : repo.undo(fingerprint, by, now);
      if (!done) {
        io.stderr.write(
          `l10n-drift dismiss: ${fingerprint} is not dismissed ${values['to-file'] ? `in ${dismissalsFileOf(config.root)}` : 'in the team file'}\n`,
        );
        return 1;
      }
      io.stdout.write(`Undid the dismissal of ${fingerprint}${values['to-file'] ? ` in ${dismissalsFileOf(config.root)}` : ''}.\n`);
      return 0;
    }
    const finding = repo.openFinding(fingerprint);
    if (!finding) {
      io.stderr.write(`l10n-drift dismiss: no open finding ${fingerprint} (see \`l10n-drift check --format json\` for fingerprints)\n`);
      return 1;
    }
    if (finding.digest === null) {
      io.stderr.write(`l10n-drift dismiss: finding ${fingerprint} was stored before digests existed; run \`l10n-drift index\` once first\n`);
      return 1;
    }
    const kind = values.kind as DismissalKind;
    const reason = values.reason!.trim();
    if (values['to-file']) {
      const file = writeDismissalToFile(config.root, {
        locale: finding.locale,
        key: finding.key,
        check: finding.check_id,
        fingerprint,
        digest: finding.digest,
        kind,
        reason,
        by,
      });
      io.stdout.write(`Dismissed ${fingerprint} (${finding.locale} ${finding.key}, ${finding.check_id}) as ${kind} in ${file}; commit it.\n`);
    } else {
      repo.dismiss(finding, { kind, reason, userId: null, byName: by, now });
      io.stdout.write(`Dismissed ${fingerprint} (${finding.locale} ${finding.key}, ${finding.check_id}) as ${kind}.\n`);
    }
    return 0;
  } finally {
    db.close();
  }
}
