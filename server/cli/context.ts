import { openDb, type Db } from '../../db/index.ts';
import { DismissalsRepository } from '../../db/repositories/dismissals.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { FindingsRepository } from '../../db/repositories/findings.ts';
import { RunsRepository, type RunRow } from '../../db/repositories/runs.ts';
import { CHECKS } from '../checks/registry.ts';
import { runChecksWithBases } from '../check-with-bases.ts';
import { loadConfig, type Config } from '../config.ts';
import { readDismissalsFile } from '../dismissals/file.ts';
import { unknownLocaleMessage } from '../locales.ts';

/** Flags every command accepts. */
export const COMMON_OPTIONS = {
  config: { type: 'string' },
  root: { type: 'string' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The clock for "this week" and "in the future" (tests pass a fixed one); the real clock by default. */
  now?: () => Date;
}

export function openContext(values: { config?: string; root?: string; db?: string }, io: CommandIO): { config: Config; db: Db } {
  const config = loadConfig({ ...pick(values), cwd: io.cwd });
  const db = openDb(config.db);
  try {
    // The repository's dismissals (.l10n-drift-dismissed.json at the site root) count for every command, CI's check included.
    new DismissalsRepository(db).loadFile(readDismissalsFile(config.root));
  } catch (err) {
    db.close();
    throw err;
  }
  return { config, db };
}

function pick(values: { config?: string; root?: string; db?: string }) {
  const out: { config?: string; root?: string; db?: string } = {};
  if (values.config) out.config = values.config;
  if (values.root) out.root = values.root;
  if (values.db) out.db = values.db;
  return out;
}

/** A locale flag or argument must name an indexed locale: an unknown one used to print "No open findings" and exit 0. */
export function assertIndexedLocale(db: Db, locale: string | undefined, flag: string): void {
  if (locale === undefined) return;
  const known = new DocumentsRepository(db).locales();
  if (!known.includes(locale)) throw new UsageError(`${flag}: ${unknownLocaleMessage(locale, known)}`);
}

/** A check flag must name a registered check. */
export function assertKnownCheck(id: string): void {
  if (!CHECKS.some((c) => c.id === id)) throw new UsageError(`unknown check "${id}"; known: ${CHECKS.map((c) => c.id).join(', ')}`);
}

/**
 * The latest complete run, its findings checked (a run indexed with --no-checks is checked
 * now); undefined, after saying so on stderr, when nothing has been indexed yet.
 */
export async function latestCheckedRun(db: Db, config: Config, command: string, io: CommandIO): Promise<RunRow | undefined> {
  const run = new RunsRepository(db).latestComplete();
  if (!run) {
    io.stderr.write(`l10n-drift ${command}: no complete index run yet; run \`l10n-drift index\` first\n`);
    return undefined;
  }
  if (!new FindingsRepository(db).checkRun(run.id)) await runChecksWithBases(db, config, run.id, new Date());
  return run;
}
