import { openDb, type Db } from '../../db/index.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { loadConfig, type Config } from '../config.ts';
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
  return { config, db: openDb(config.db) };
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
