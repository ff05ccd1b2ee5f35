import { ConfigError } from '../config.ts';
import { DismissalsFileError } from '../dismissals/file.ts';
import { UnknownLocaleError } from '../locales.ts';
import { UsageError, type CommandIO } from './context.ts';
import { indexCommand } from './index-command.ts';
import { serveCommand } from './serve-command.ts';
// Every command is imported statically (issue 22). Loading the nine that were imported lazily
// made no measurable difference: `index` and `serve`, always imported, already load the
// indexer, the checks, the repositories and the Fastify app, which is nearly all of it. Measured
// on a busy 2-core machine (2026-12, tsx): importing this module took 4.7–7.7 s wall / 2.8–3.3 s
// CPU lazily and 5.2–5.9 s / 2.7–3.1 s statically; `--help` and a no-change `index` of the
// sample differed by less than their run-to-run noise (8–14 s wall either way).
import { diffCommand } from './diff-command.ts';
import { checkCommand } from './check-command.ts';
import { fixCommand } from './fix-command.ts';
import { initCommand } from './init-command.ts';
import { sampleCommand } from './sample-command.ts';
import { exportCommand } from './export-command.ts';
import { dismissCommand } from './dismiss-command.ts';
import { reportCommand } from './report-command.ts';
import { userCommand } from './user-command.ts';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  index: { run: indexCommand, summary: 'index the English source and every locale' },
  serve: { run: serveCommand, summary: 'serve the dashboard and API on 127.0.0.1' },
  diff: {
    run: diffCommand,
    summary: "print English changes since a translation's base: diff <locale> <key>",
  },
  check: {
    run: checkCommand,
    summary: 'print drift findings (text, json, markdown) for people and CI',
  },
  fix: {
    run: fixCommand,
    summary: 'repair mechanical drift (links, redirects, frontmatter, heading levels, moves): fix [--write]',
  },
  init: {
    run: initCommand,
    summary: 'detect the site layout here and write a starter l10n-drift.config.json',
  },
  user: { run: userCommand, summary: 'add, list or revoke API users and their tokens' },
  sample: {
    run: sampleCommand,
    summary: 'precision worksheet: random findings per check with both texts: sample [--per-check 10] [--seed N]',
  },
  export: {
    run: exportCommand,
    summary: 'per-page status for readers (locale, key, English URL, state, behind): export --format json',
  },
  dismiss: {
    run: dismissCommand,
    summary: 'dismiss a finding (false-alarm, wont-fix, later) with a reason: dismiss <fingerprint> --kind K --reason R [--to-file]; --list',
  },
  report: {
    run: reportCommand,
    summary: 'weekly drift report (md, csv, json, html): report [--week 2026-W47] [--format md]',
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: l10n-drift <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `l10n-drift <command> --help` for a command's options.",
  ].join('\n');
}

/** Runs one CLI command. Exit codes: 0 success, 1 failure or findings, 2 usage error. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`l10n-drift: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (err instanceof UsageError || err instanceof UnknownLocaleError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`l10n-drift ${name}: ${e.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof DismissalsFileError) {
      io.stderr.write(`l10n-drift: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`l10n-drift ${name}: ${e.message}\n`);
    if (io.env.L10N_DRIFT_DEBUG) io.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
