/**
 * A two-week history of the bundled sample on a fake clock, the way a team would make it:
 * W46 the sample as shipped; W47 an English paragraph added (translations go stale), then a
 * missing redirect fixed in ja-JP and an English fallback paragraph translated in es-ES;
 * claims opened, completed, released and expired through the claims repository.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../db/index.ts';
import { ClaimsRepository } from '../../db/repositories/claims.ts';
import { UsersRepository } from '../../db/repositories/users.ts';
import { getCheck } from '../../server/checks/registry.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const SAMPLE = path.join(REPO, 'content/license-sync');
export const ARTICLE = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';
const ENGLISH_FILE = `content/${ARTICLE}.md`;
const JA_FILE = `translations/ja-JP/content/${ARTICLE}.md`;
const ES_FILE = `translations/es-ES/content/${ARTICLE}.md`;

/** The redirect ja-JP lacks (English has it). */
export const FIXED_REDIRECT =
  '/admin/configuration/managing-connections-between-your-enterprise-accounts/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';
export const ADDED_PARAGRAPH = 'License usage is uploaded once a day, and the totals on the enterprise account are refreshed after each upload.';
const ENGLISH_FALLBACK =
  'If you enable automatic user license sync for your enterprise, {% data variables.product.prodname_github_connect %} will automatically synchronize license usage between {% data variables.product.prodname_ghe_server %} and {% data variables.product.prodname_ghe_cloud %} weekly.';
const SPANISH =
  'Si habilitas la sincronización automática de licencias de usuario para tu empresa, {% data variables.product.prodname_github_connect %} sincronizará automáticamente cada semana el uso de licencias entre {% data variables.product.prodname_ghe_server %} y {% data variables.product.prodname_ghe_cloud %}.';

/** The checks the history runs: the ones its edits exercise, plus two that stay unchanged across it. */
export const HISTORY_CHECKS = ['missing-translation', 'orphaned-translation', 'missing-redirect', 'english-fallback', 'stale-translation', 'outdated-link'];

/** When each index run happens (UTC). */
export const RUN_TIMES = {
  w46: '2026-11-10T09:00:00.000Z',
  w47a: '2026-11-16T08:30:00.000Z',
  w47b: '2026-11-18T15:00:00.000Z',
} as const;
/** The report is generated on Wednesday of W48. */
export const GENERATED_AT = new Date('2026-11-25T12:00:00.000Z');

export interface History {
  root: string;
  dbFile: string;
  db: Db;
  config: Config;
  runIds: { w46: number; w47a: number; w47b: number };
  close(): void;
}

function replaceOnce(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file}: "${from.slice(0, 60)}…" not found (the sample changed)`);
  fs.writeFileSync(file, text.replace(from, to));
  // A later mtime than any run saw, whatever the file system's timestamp granularity.
  const later = new Date(fs.statSync(file).mtimeMs + 5000);
  fs.utimesSync(file, later, later);
}

export async function buildHistory(): Promise<History> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-report-'));
  const root = path.join(dir, 'site');
  fs.cpSync(SAMPLE, root, { recursive: true });
  const dbFile = path.join(dir, 'drift.db');
  const config = resolveConfig({ root, db: dbFile, workers: 0 }, root);
  const db = openDb(dbFile);
  // A fixed set of checks: the golden files then change only when these checks or the report change.
  const checks = HISTORY_CHECKS.map((id) => {
    const c = getCheck(id);
    if (!c) throw new Error(`check ${id} is not registered`);
    return c;
  });
  const index = async (iso: string) => {
    let t = Date.parse(iso);
    const s = await indexSite({
      config,
      db,
      now: () => new Date((t += 1000)),
      afterIndex: async ({ db: tx, runId, now }) => {
        await runChecksWithBases(tx, config, runId, now, { checks });
      },
    });
    return s.runId;
  };
  const users = new UsersRepository(db);
  const claims = new ClaimsRepository(db);
  const ana = users.add('ana', 'translator', ['pt-BR'], new Date('2026-11-01T00:00:00Z')).user;
  const kenji = users.add('kenji', 'translator', ['zh-CN', 'ja-JP'], new Date('2026-11-01T00:00:00Z')).user;

  const w46 = await index(RUN_TIMES.w46);
  // W46: kenji claims the ja-JP article for a week; the claim runs out in W47 without work.
  const expiring = claims.create('ja-JP', ARTICLE, kenji.id, new Date('2026-11-12T10:00:00Z'), new Date('2026-11-17T10:00:00Z'));
  if (!('created' in expiring)) throw new Error('claim not created');

  replaceOnce(path.join(root, ENGLISH_FILE), ENGLISH_FALLBACK, `${ENGLISH_FALLBACK}\n\n${ADDED_PARAGRAPH}`);
  const w47a = await index(RUN_TIMES.w47a);

  replaceOnce(path.join(root, JA_FILE), 'redirect_from:\n', `redirect_from:\n  - ${FIXED_REDIRECT}\n`);
  replaceOnce(path.join(root, ES_FILE), ENGLISH_FALLBACK, SPANISH);
  const w47b = await index(RUN_TIMES.w47b);

  // W47: ana claims and completes pt-BR; kenji claims zh-CN and releases it.
  const pt = claims.create('pt-BR', ARTICLE, ana.id, new Date('2026-11-19T09:00:00Z'), new Date('2026-12-03T09:00:00Z'));
  if (!('created' in pt)) throw new Error('claim not created');
  claims.close(pt.created.id, 'completed', ana.id, new Date('2026-11-20T16:00:00Z'), 'en');
  const zh = claims.create('zh-CN', ARTICLE, kenji.id, new Date('2026-11-20T10:00:00Z'), new Date('2026-12-04T10:00:00Z'));
  if (!('created' in zh)) throw new Error('claim not created');
  claims.close(zh.created.id, 'released', kenji.id, new Date('2026-11-21T11:00:00Z'), 'en');

  return {
    root,
    dbFile,
    db,
    config,
    runIds: { w46, w47a, w47b },
    close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
