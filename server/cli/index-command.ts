import { parseArgs } from 'node:util';
import type cliProgress from 'cli-progress';
import { REPARSE_REASONS, indexSite, type AfterIndex, type IndexProgress, type IndexSummary } from '../indexer/indexer.ts';
import type { ChecksSummary } from '../run-checks.ts';
import { runChecksWithBases } from '../check-with-bases.ts';
import { COMMON_OPTIONS, openContext, UsageError, type CommandIO } from './context.ts';
import type { Config } from '../config.ts';
import { terminalText } from '../output/escape.ts';
import type { Db } from '../../db/index.ts';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import { coverageLine } from '../coverage/model.ts';

export const INDEX_HELP = `Usage: l10n-drift index [--config FILE] [--root DIR] [--db FILE] [--no-checks] [--full] [--reparse] [--quiet] [--allow-mass-delete]

Walks the English source and every locale, parses changed files and stores them,
then runs the drift checks in the same transaction (skip them with --no-checks).
The checks re-check only the pairs whose inputs changed since the last check run
(the first run, and any after a change of version, config or layout, re-check
everything); --full re-checks every pair.
Unchanged files cost a stat. Every file is parsed again when the parser or its
limits changed since the last run (an upgrade, a raised limits.maxLineLength), and
with --reparse. A run that would delete all the indexed documents, or
more than half of the site's or of a locale's (one of 10 documents or more), stops
without changing anything unless --allow-mass-delete is given.
Exit code 0 on success, 1 on failure, 2 when the root folder is missing.`;

export async function indexCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      quiet: { type: 'boolean', short: 'q' },
      'no-checks': { type: 'boolean' },
      full: { type: 'boolean' },
      reparse: { type: 'boolean' },
      'allow-mass-delete': { type: 'boolean' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(INDEX_HELP + '\n');
    return 0;
  }
  const { config, db } = openContext(values, io);
  try {
    if (values.full && values['no-checks']) throw new UsageError('--full re-checks every pair: it cannot go with --no-checks');
    await indexAndCheck(config, db, io, {
      quiet: values.quiet ?? false,
      checks: !values['no-checks'],
      full: values.full ?? false,
      reparse: values.reparse ?? false,
      allowMassDelete: values['allow-mass-delete'] ?? false,
    });
    return 0;
  } finally {
    db.close();
  }
}

/** What `index` does (and `serve --index`): index, run the checks in the same transaction, print both summaries. */
export async function indexAndCheck(
  config: Config,
  db: Db,
  io: CommandIO,
  options: { quiet: boolean; checks: boolean; full?: boolean; reparse?: boolean; allowMassDelete?: boolean },
): Promise<IndexSummary> {
  let checks: ChecksSummary | null = null;
  const afterIndex: AfterIndex | undefined = options.checks
    ? async ({ db: tx, runId, now }) => {
        checks = await runChecksWithBases(tx, config, runId, now, { full: options.full ?? false });
      }
    : undefined;
  const summary = await runIndexWithProgress(config, db, io, options.quiet, afterIndex, options.allowMassDelete ?? false, options.reparse ?? false);
  io.stdout.write(formatSummary(summary) + '\n');
  if (checks) {
    io.stdout.write(formatChecks(checks) + '\n');
    // The coverage model's counts, as /api/locales and the weekly report give them.
    for (const [locale, c] of new CoverageRepository(db).summary(config.layout.sourceLocale)) io.stdout.write(`  ${coverageLine(locale, c)}\n`);
  }
  return summary;
}

/** Indexes with a progress bar on a terminal and plain progress lines elsewhere. */
export async function runIndexWithProgress(
  config: Config,
  db: Db,
  io: CommandIO,
  quiet: boolean,
  afterIndex?: AfterIndex,
  allowMassDelete = false,
  reparse = false,
): Promise<IndexSummary> {
  const tty = Boolean(io.stderr.isTTY) && !quiet;
  // Loaded only for a terminal that shows the bar: ~15–40 ms of start-up a quiet or piped run never needs.
  const progressBars = tty ? (await import('cli-progress')).default : null;
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  const started = Date.now();
  const onProgress = (p: IndexProgress) => {
    if (quiet) return;
    if (p.phase !== 'parse' || p.total === 0) return;
    if (progressBars) {
      if (!bar) {
        bar = new progressBars.SingleBar(
          { format: 'parsing {bar} {value}/{total} files | {rate} files/s | ETA {eta_formatted}', stream: io.stderr, hideCursor: true, etaBuffer: 200 },
          progressBars.Presets.shades_classic,
        );
        bar.start(p.total, 0, { rate: 0 });
      }
      const secs = (Date.now() - started) / 1000;
      bar.update(p.done, { rate: secs > 0 ? Math.round(p.done / secs) : 0 });
    } else if (Date.now() - lastLine > 2000 || p.done === p.total) {
      lastLine = Date.now();
      io.stderr.write(`parsing ${p.done}/${p.total} files\n`);
    }
  };
  try {
    return await indexSite({ config, db, onProgress, allowMassDelete, reparse, ...(afterIndex ? { afterIndex } : {}) });
  } finally {
    (bar as cliProgress.SingleBar | null)?.stop();
  }
}

export function formatSummary(s: IndexSummary): string {
  const lines = [
    `Indexed run ${s.runId}: ${s.locales.length} locales (${s.locales.join(', ')}), ${s.documents} documents`,
    `  files: ${s.filesSeen} seen, ${s.parsed} parsed, ${s.unchanged} unchanged, ${s.added} added, ${s.deleted} deleted${s.reparsed ? `; ${REPARSE_REASONS[s.reparsed]}` : ''}`,
    `  parse errors: ${s.parseErrors}`,
    `  time: ${(s.durationMs / 1000).toFixed(2)} s`,
  ];
  for (const p of s.problems.slice(0, 20)) lines.push(terminalText(`  warning: ${p.path}: ${p.message}`));
  if (s.problems.length > 20) lines.push(`  … and ${s.problems.length - 20} more warnings`);
  return lines.join('\n');
}

export { UsageError };

const FULL_REASONS: Record<NonNullable<ChecksSummary['full']>, string> = {
  asked: 'all re-checked (--full)',
  first: 'all checked (first check run)',
  inputs: 'all re-checked (version, config, layout or checks changed)',
  legacy: 'all re-checked (documents indexed by an earlier version)',
};

export function formatChecks(c: ChecksSummary): string {
  const pairs = c.full ? `${c.units} pairs, ${FULL_REASONS[c.full]}` : `${c.rechecked} of ${c.units} pairs re-checked`;
  return `  checks: ${c.open} open findings (${c.inserted} new, ${c.resolved} resolved; ${pairs}) in ${(c.durationMs / 1000).toFixed(2)} s`;
}
