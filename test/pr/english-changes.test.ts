/**
 * The English diff tells the commits writers marked cosmetic (issue 20 item 2): GET
 * /api/english-changes serves them from the same englishChanges as `l10n-drift diff`, on a git
 * work tree whose last commit rewords two English pages with `[l10n skip]` in its subject.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { resolveConfig } from '../../server/config.ts';
import type { EnglishChanges } from '../../web/src/lib/types.ts';
import { git } from '../history/helpers.ts';
import { buildRepo, cli } from './helpers.ts';

const ABOUT = 'admin/configuration/configuring-github-connect/about-github-connect';
const SUBJECT = 'Reword two sentences [l10n skip]';

async function serve(subject: string) {
  const { root, db: file } = await buildRepo(subject);
  const db: Db = openDb(file);
  const config = resolveConfig({ workers: 0 }, root, null, { root, db: file });
  const app = await buildApp({ db, config, webDir: null });
  return { root, app, file, close: async () => (await app.close(), db.close()) };
}

describe('GET /api/english-changes on a commit marked [l10n skip]', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    s = await serve(SUBJECT);
  }, 120_000);
  afterAll(() => s?.close());

  it('lists the cosmetic commit, counts no change, and says the page is current, as `l10n-drift diff` does', async () => {
    const res = await s.app.inject(`/api/english-changes?locale=zh-CN&key=${encodeURIComponent(ABOUT)}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as EnglishChanges;
    const head = git(s.root, ['rev-parse', 'HEAD']).trim();
    expect(body).toMatchObject({ locale: 'zh-CN', key: ABOUT, stale: false, base: { source: 'git', commitsBehind: 0 } });
    expect(body.commits).toEqual([{ ref: head, subject: SUBJECT, cosmetic: true }]);
    const diff = await cli(['diff', 'zh-CN', ABOUT, '--root', s.root, '--db', s.file], s.root);
    expect(diff.out).toContain(`Cosmetic (marked by the writer, not counted): ${head.slice(0, 12)} ${SUBJECT}`);
    expect(diff.code).toBe(0);
  });

  it('bad input: the source locale 400, an unknown key 404, no key 400', async () => {
    expect((await s.app.inject(`/api/english-changes?locale=en&key=${encodeURIComponent(ABOUT)}`)).statusCode).toBe(400);
    const missing = await s.app.inject('/api/english-changes?locale=zh-CN&key=no/such/page');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toContain('no/such/page');
    expect((await s.app.inject('/api/english-changes?locale=zh-CN')).statusCode).toBe(400);
  });
});

describe('GET /api/english-changes on an ordinary commit', () => {
  it('lists no cosmetic commit and says the page is stale', async () => {
    const s = await serve('Reword two sentences');
    try {
      const body = (await s.app.inject(`/api/english-changes?locale=zh-CN&key=${encodeURIComponent(ABOUT)}`)).json() as EnglishChanges;
      expect(body).toMatchObject({ stale: true, base: { source: 'git', commitsBehind: 1 }, commits: [] });
    } finally {
      await s.close();
    }
  }, 120_000);
});
