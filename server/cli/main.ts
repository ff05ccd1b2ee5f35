import { createRequire } from 'node:module';
import { ConfigError } from '../config.ts';
import { DismissalsFileError } from '../dismissals/file.ts';
import { UnknownLocaleError } from '../locales.ts';
import { UsageError, type CommandIO } from './context.ts';
import { indexCommand } from './index-command.ts';
// Only `index`, the command CI and `serve --watch` run after every change, is imported up
// front; each other command loads its module when it runs (an explicit import per command, no
// fallback). Measured on an idle 2-core machine (2026-12-05, tsx): importing index-command alone
// took 0.89–1.08 s, serve-command 1.31–1.36 s (the Fastify app and every route), and all of them
// statically 1.33–1.54 s (`--help`): the no-change `index` (target 1 s) was paying ~0.4 s for
// modules it never runs.
type Command = (argv: string[], io: CommandIO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  index: { run: indexCommand, summary: 'index the English source and every locale' },
  serve: { run: async (argv, io) => (await import('./serve-command.ts')).serveCommand(argv, io), summary: 'serve the dashboard and API on 127.0.0.1' },
  diff: {
    run: async (argv, io) => (await import('./diff-command.ts')).diffCommand(argv, io),
    summary: "print English changes since a translation's base: diff <locale> <key>",
  },
  check: {
    run: async (argv, io) => (await import('./check-command.ts')).checkCommand(argv, io),
    summary: 'print drift findings (text, json, markdown) for people and CI',
  },
  fix: {
    run: async (argv, io) => (await import('./fix-command.ts')).fixCommand(argv, io),
    summary: 'repair mechanical drift (links, redirects, frontmatter, heading levels, moves): fix [--write]',
  },
  init: {
    run: async (argv, io) => (await import('./init-command.ts')).initCommand(argv, io),
    summary: 'detect the site layout here and write a starter l10n-drift.config.json',
  },
  user: { run: async (argv, io) => (await import('./user-command.ts')).userCommand(argv, io), summary: 'add, list or revoke API users and their tokens' },
  sample: {
    run: async (argv, io) => (await import('./sample-command.ts')).sampleCommand(argv, io),
    summary: 'precision worksheet: random findings per check with both texts: sample [--per-check 10] [--seed N]',
  },
  export: {
    run: async (argv, io) => (await import('./export-command.ts')).exportCommand(argv, io),
    summary: 'per-page status for readers (locale, key, English URL, state, behind): export --format json',
  },
  dismiss: {
    run: async (argv, io) => (await import('./dismiss-command.ts')).dismissCommand(argv, io),
    summary: 'dismiss a finding (false-alarm, wont-fix, later) with a reason: dismiss <fingerprint> --kind K --reason R [--to-file]; --list',
  },
  report: {
    run: async (argv, io) => (await import('./report-command.ts')).reportCommand(argv, io),
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
    "Run `l10n-drift <command> --help` for a command's options; `l10n-drift --version` prints the version.",
  ].join('\n');
}

/** Runs one CLI command. Exit codes: 0 success, 1 failure or findings, 2 usage error. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${(createRequire(import.meta.url)('../../package.json') as { version: string }).version}\n`);
    return 0;
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
