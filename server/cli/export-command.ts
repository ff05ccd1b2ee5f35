import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportStatus } from '../status/export.ts';
import { assertIndexedLocale, COMMON_OPTIONS, openContext, UsageError, type CommandIO } from './context.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';

export const EXPORT_HELP = `Usage: l10n-drift export [--format json] [--locale L …] [--out FILE]

Per-page status for readers, as a docs site reads it at build time to show "this
translation may be outdated": for every page of every translation locale (or the given
ones) its locale, key, English URL, state (up-to-date, stale, base-unknown,
english-fallback, missing, orphaned, leftover; the dashboard's coverage model), commits
and days behind English and the base date (null when no base is known). Shape:
server/status/export.ts (version 1). Exit code 1 when nothing is indexed yet, 2 on usage errors.`;

export async function exportCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, format: { type: 'string', default: 'json' }, locale: { type: 'string', multiple: true }, out: { type: 'string' } },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(EXPORT_HELP + '\n');
    return 0;
  }
  if (values.format !== 'json') throw new UsageError(`--format must be json (got "${values.format}")`);
  const { config, db } = openContext(values, io);
  try {
    if (!new RunsRepository(db).latestComplete()) {
      io.stderr.write('l10n-drift export: no complete index run yet; run `l10n-drift index` first\n');
      return 1;
    }
    for (const l of values.locale ?? []) assertIndexedLocale(db, l, '--locale');
    if (values.locale?.includes(config.layout.sourceLocale)) throw new UsageError(`--locale: ${config.layout.sourceLocale} is the source locale`);
    const out = JSON.stringify(await exportStatus(db, config, values.locale), null, 2) + '\n';
    if (values.out) fs.writeFileSync(path.resolve(io.cwd, values.out), out);
    else io.stdout.write(out);
    return 0;
  } finally {
    db.close();
  }
}
