import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { resolveConfig } from '../../server/config.ts';
import { REPARSE_REASONS } from '../../server/indexer/indexer.ts';
import { Reindexer, indexWithChecks, type RunScope } from '../../server/plugins/reindex.ts';
import { SAMPLE } from '../api/helpers.ts';

describe('Reindexer in the server process', () => {
  // The checks are imported statically: a re-index always runs them (it once loaded them with
  // import().catch(() => null) and indexed without checks when that failed).
  it('runs the checks in the run it starts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-reindex-'));
    const config = resolveConfig({ workers: 0 }, dir, null, { root: SAMPLE, db: ':memory:' });
    const db = openDb(':memory:');
    const errors: unknown[] = [];
    const reindexer = new Reindexer(db, config, { error: (obj) => errors.push(obj) });
    const runId = await reindexer.start();
    await reindexer.idle();
    expect(errors).toEqual([]);
    expect(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId)).toBe('complete');
    expect(db.prepare('SELECT count(*) FROM check_runs WHERE run_id = ?').pluck().get(runId)).toBe(1);
    expect(db.prepare('SELECT count(*) FROM findings WHERE run_id = ?').pluck().get(runId)).toBeGreaterThan(0);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // A server started before an upgrade and the upgraded CLI on one index each parse every file
  // again after the other's run: the upgraded side says so (the CLI in its summary, a server here).
  it.each([
    ['in this thread', ':memory:'],
    ['in its re-index thread', 'drift.db'],
  ])(
    'warns in the log when another version writes the index in turn (%s)',
    async (_where, dbName) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-reindex-'));
      const file = dbName === ':memory:' ? dbName : path.join(dir, dbName);
      const config = resolveConfig({ workers: 0 }, dir, null, { root: SAMPLE, db: file });
      const db = openDb(file);
      const errors: unknown[] = [];
      const warnings: string[] = [];
      const reindexer = new Reindexer(db, config, { error: (obj) => errors.push(obj), warn: (msg) => warnings.push(msg) });
      try {
        for (let i = 0; i < 2; i++) {
          await reindexer.start();
          await reindexer.idle();
        }
        expect(warnings).toEqual([]);
        // The second run as another version's.
        db.prepare("UPDATE runs SET parse_key = 'another version' WHERE id = (SELECT max(id) FROM runs)").run();
        const runId = await reindexer.start();
        await reindexer.idle();
        expect(errors).toEqual([]);
        expect(warnings).toEqual([`re-index run ${runId}: ${REPARSE_REASONS.alternating}`]);
      } finally {
        await reindexer.close();
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

const KEY = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';

/** Threads of this process, and the command lines of its threads' child processes (Linux /proc). */
function threadsAndChildren(): { threads: number; children: string[] } {
  const tasks = fs.readdirSync('/proc/self/task');
  const pids = tasks.flatMap((t) => fs.readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
  const children = pids.map((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
  return { threads: tasks.length, children };
}

/**
 * A copy of the sample site, its database file and a Reindexer over them (the server's
 * raw-config path: the thread resolves the same config). `cleanup` closes the Reindexer and
 * the database and removes the folder.
 */
function reindexSite(options: { locales?: string[]; onError?: (obj: unknown, msg: string) => void } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-reindex-'));
  const site = path.join(dir, 'site');
  fs.cpSync(SAMPLE, site, { recursive: true });
  const config = resolveConfig({ workers: 0, ...(options.locales ? { locales: options.locales } : {}) }, dir, null, {
    root: site,
    db: path.join(dir, 'drift.db'),
  });
  const db = openDb(config.db);
  const reindexer = new Reindexer(db, config, { error: options.onError ?? (() => {}) });
  const cleanup = async () => {
    await reindexer.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { dir, site, db, config, reindexer, cleanup };
}

describe.runIf(process.platform === 'linux')('Reindexer on a database file: its re-index thread', () => {
  it('indexes in a thread of this process (no `l10n-drift index` child), keeps it between runs and ends it on close', async () => {
    const errors: unknown[] = [];
    // Locales: ja-JP only.
    const { dir, site, db, reindexer, cleanup } = reindexSite({ locales: ['ja-JP'], onError: (obj) => errors.push(obj) });
    const finished: { id: number; status: string }[] = [];
    reindexer.onRunFinished((run) => finished.push({ id: run.id, status: run.status }));
    // libuv's pool, which the thread's start warms, is not the thread.
    await fs.promises.access(dir);
    const before = threadsAndChildren();
    try {
      const first = await reindexer.start();
      const during = threadsAndChildren();
      // Children there may be (git, the TypeScript loader's esbuild), but no `l10n-drift index`.
      expect(during.children.filter((c) => /cli\.ts|l10n-drift|\bindex\b/.test(c))).toEqual([]);
      expect(during.threads).toBeGreaterThan(before.threads);
      await reindexer.idle();
      expect(finished).toEqual([{ id: first, status: 'complete' }]);
      expect(db.prepare('SELECT count(*) FROM check_runs WHERE run_id = ?').pluck().get(first)).toBe(1);
      expect(db.prepare('SELECT DISTINCT locale FROM documents WHERE deleted_run IS NULL ORDER BY locale').pluck().all()).toEqual(['en', 'ja-JP']);

      // A saved translation: the next run of the same (kept) thread re-reads it and the API's connection sees it.
      const ja = path.join(site, `translations/ja-JP/content/${KEY}.md`);
      fs.writeFileSync(ja, fs.readFileSync(ja, 'utf8').replace(/^title: /m, 'title: THREAD EDIT '));
      const threads = threadsAndChildren().threads;
      const second = await reindexer.start();
      expect(threadsAndChildren().threads).toBe(threads);
      await reindexer.idle();
      expect(db.prepare('SELECT status, files_parsed FROM runs WHERE id = ?').get(second)).toEqual({ status: 'complete', files_parsed: 1 });
      expect(db.prepare("SELECT title FROM documents WHERE locale = 'ja-JP' AND key = ? AND deleted_run IS NULL").pluck().get(KEY)).toMatch(/^THREAD EDIT /);
      expect(errors).toEqual([]);
      await reindexer.close();
      expect(threadsAndChildren().threads).toBe(before.threads);
      // Closed: asks start nothing.
      reindexer.request();
      expect(reindexer.busy).toBe(false);
    } finally {
      await cleanup();
    }
  }, 120_000);

  it('a thread that dies mid-run leaves no run "running": the run is failed and the next one starts a new thread', async () => {
    const errors: string[] = [];
    const { db, reindexer, cleanup } = reindexSite({ onError: (_obj, msg) => errors.push(msg) });
    try {
      const killed = await reindexer.start();
      // As the system would kill it (out of memory): the thread ends without finishing its run.
      await (reindexer as unknown as { runThread: { worker: { terminate(): Promise<number> } } }).runThread.worker.terminate();
      await reindexer.idle();
      expect(db.prepare('SELECT status, error FROM runs WHERE id = ?').get(killed)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^The re-index thread stopped: /),
      });
      expect(errors).toEqual([`re-index run ${killed} failed`]);
      expect(reindexer.activeRunId()).toBeNull();
      const next = await reindexer.start();
      await reindexer.idle();
      expect(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(next)).toBe('complete');
    } finally {
      await cleanup();
    }
  }, 120_000);

  it('a run that fails is reported and the thread runs the next one', async () => {
    const errors: { msg: string }[] = [];
    const { site, db, reindexer, cleanup } = reindexSite({ onError: (_obj, msg) => errors.push({ msg }) });
    try {
      fs.renameSync(site, site + '-away');
      const failed = await reindexer.start();
      await reindexer.idle();
      expect(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(failed)).toBe('failed');
      expect(errors).toEqual([{ msg: `re-index run ${failed} failed` }]);
      fs.renameSync(site + '-away', site);
      const next = await reindexer.start();
      await reindexer.idle();
      expect(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(next)).toBe('complete');
    } finally {
      await cleanup();
    }
  }, 120_000);

  it('runs asked for with their changed paths look at those only; the first run, and the one after a failed run, walk', async () => {
    const { site, reindexer, cleanup } = reindexSite();
    const ended: { status: string; scope: RunScope }[] = [];
    reindexer.onRunFinished((run, scope) => ended.push({ status: run.status, scope }));
    /** Asks for a run and resolves with how it ended. */
    const run = async (paths: string[]) => {
      const before = ended.length;
      reindexer.request(paths);
      while (ended.length === before || reindexer.busy) await new Promise((r) => setTimeout(r, 20));
      return ended[before]!;
    };
    const ja = `translations/ja-JP/content/${KEY}.md`;
    const edit = () => fs.appendFileSync(path.join(site, ja), `\nEdit ${ended.length}.\n`);
    try {
      edit();
      expect(await run([ja])).toEqual({ status: 'complete', scope: { walked: true, paths: null } });
      edit();
      expect(await run([ja])).toEqual({ status: 'complete', scope: { walked: false, paths: 1 } });
      // Every reusable removed: the mass-delete guard fails the run, and its paths are lost with it.
      const reusables = path.join(site, 'data/reusables');
      const gone = fs
        .readdirSync(reusables, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(site, path.join(e.parentPath, e.name)));
      fs.renameSync(reusables, `${reusables}-away`);
      expect(await run(gone)).toEqual({ status: 'failed', scope: { walked: null, paths: null } });
      fs.renameSync(`${reusables}-away`, reusables);
      edit();
      expect(await run([ja])).toEqual({ status: 'complete', scope: { walked: true, paths: null } });
      edit();
      expect(await run([ja])).toEqual({ status: 'complete', scope: { walked: false, paths: 1 } });
      // A save while a run goes on: its follow-up looks at that path only (it walked, review of round 9).
      const zh = `translations/zh-CN/content/${KEY}.md`;
      const before = ended.length;
      edit();
      reindexer.request([ja]);
      while (!reindexer.busy) await new Promise((r) => setTimeout(r, 2));
      fs.appendFileSync(path.join(site, zh), '\nA save during the run.\n');
      reindexer.request([zh]);
      while (ended.length < before + 2 || reindexer.busy) await new Promise((r) => setTimeout(r, 20));
      expect(ended.slice(before)).toEqual([
        { status: 'complete', scope: { walked: false, paths: 1 } },
        { status: 'complete', scope: { walked: false, paths: 1 } },
      ]);
    } finally {
      await cleanup();
    }
  }, 120_000);

  it("another process's run between two watched runs is seen by the thread's runs of paths, which leave what a walk leaves", async () => {
    const { site, config, db, reindexer, cleanup } = reindexSite();
    const ended: RunScope[] = [];
    reindexer.onRunFinished((_run, scope) => ended.push(scope));
    const run = async (paths: string[]) => {
      const before = ended.length;
      reindexer.request(paths);
      while (ended.length === before || reindexer.busy) await new Promise((r) => setTimeout(r, 20));
      return ended[before]!;
    };
    /** `l10n-drift index` in a terminal: a walk on a connection of its own. */
    const elsewhere = async () => {
      const other = openDb(config.db);
      try {
        return await indexWithChecks(config, other);
      } finally {
        other.close();
      }
    };
    const ja = `translations/ja-JP/content/${KEY}.md`;
    const added = 'translations/ja-JP/content/admin/configuration/configuring-github-connect/about-github-connect.md';
    try {
      expect(await run([ja])).toEqual({ walked: true, paths: null });
      fs.appendFileSync(path.join(site, ja), '\n一つ目の保存。\n');
      expect(await run([ja])).toEqual({ walked: false, paths: 1 });
      // Another process indexes a translation added and one deleted: rows the thread never wrote.
      const english = fs.readFileSync(path.join(site, 'content/admin/configuration/configuring-github-connect/about-github-connect.md'), 'utf8');
      fs.writeFileSync(path.join(site, added), english.replace(/^title: .*$/m, 'title: GitHub Connect について'));
      fs.rmSync(path.join(site, `translations/zh-CN/content/${KEY}.md`));
      const other = await elsewhere();
      expect([other.added, other.deleted]).toEqual([1, 1]);
      // The thread's next runs of paths save the added file twice: its row is the other process's
      // (one live row, changed in place), and nothing is left for a walk to find.
      for (const text of ['\n二つ目の保存。\n', '\n三つ目の保存。\n']) {
        fs.appendFileSync(path.join(site, added), text);
        expect(await run([added])).toEqual({ walked: false, paths: 1 });
      }
      const rows = db.prepare('SELECT size, deleted_run FROM documents WHERE path = ?').all(added) as { size: number; deleted_run: number | null }[];
      expect(rows).toEqual([{ size: fs.statSync(path.join(site, added)).size, deleted_run: null }]);
      const walk = await elsewhere();
      expect([walk.parsed, walk.added, walk.deleted, walk.unchanged]).toEqual([0, 0, 0, walk.filesSeen]);
    } finally {
      await cleanup();
    }
  }, 120_000);
});
