import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { expect } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { UsersRepository, type Role } from '../../db/repositories/users.ts';
import { buildApp, type AppOptions } from '../../server/app.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { indexWithChecks } from '../../server/plugins/reindex.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE = path.join(REPO, 'content', 'license-sync');
/** The bundled sample's article every locale translates (de-DE under its old key). */
export const ARTICLE = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';
export const DE_ARTICLE = 'admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';

export interface Fixture {
  app: FastifyInstance;
  db: Db;
  config: Config;
  dir: string;
  clock: { now: Date };
  tokens: Record<string, string>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Copy the sample to a temp folder first (tests that edit English). */
  copySample?: boolean;
  /** Edits the copied sample before it is indexed (with copySample). */
  prepare?: (root: string) => void;
  users?: { name: string; role: Role; locales?: string[] }[];
  config?: Record<string, unknown>;
  logger?: FastifyServerOptions['logger'];
  authFailures?: AppOptions['authFailures'];
  webDir?: string | null;
}

export const DEFAULT_USERS: NonNullable<FixtureOptions['users']> = [
  { name: 'maria', role: 'manager' },
  { name: 'kenji', role: 'translator', locales: ['ja-JP'] },
  { name: 'yuki', role: 'translator', locales: ['ja-JP', 'zh-CN'] },
  { name: 'lena', role: 'translator', locales: ['de-DE'] },
];

/** The bundled sample indexed (with the checks, when present) into a temp DB, and an app on it. */
export async function fixture(options: FixtureOptions = {}): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-api-'));
  let root = SAMPLE;
  if (options.copySample) {
    root = path.join(dir, 'site');
    fs.cpSync(SAMPLE, root, { recursive: true });
    options.prepare?.(root);
  }
  const config = resolveConfig({ workers: 0, ...(options.config ?? {}) }, dir, null, { root, db: path.join(dir, 'drift.db') });
  const db = openDb(config.db);
  await indexWithChecks(config, db);
  const clock = { now: new Date('2026-03-02T09:00:00.000Z') };
  const users = new UsersRepository(db);
  const tokens: Record<string, string> = {};
  for (const u of options.users ?? DEFAULT_USERS) tokens[u.name] = users.add(u.name, u.role, u.locales ?? [], clock.now).token;
  const app = await buildApp({
    db,
    config,
    webDir: options.webDir ?? null,
    now: () => new Date(clock.now),
    authFailures: options.authFailures ?? { max: 10_000, windowMs: 60_000 },
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    app,
    db,
    config,
    dir,
    clock,
    tokens,
    async close() {
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Asserts a response body matches its schema and says where it does not. */
export function expectSchema(schema: TSchema, body: unknown): void {
  const errors = [...Value.Errors(schema, body)].slice(0, 5).map((e) => `${e.path}: ${e.message}`);
  expect(errors).toEqual([]);
}
