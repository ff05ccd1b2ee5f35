import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDb } from '../../db/index.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { classifyWalk, startWalkThread, walkFiles } from '../../server/indexer/walk.ts';
import { getLayout } from '../../server/layouts/index.ts';
import { checksAfterIndex } from '../../server/plugins/index-run.ts';
import { copySample, tempDir } from './helpers.ts';

const layout = getLayout('github-docs');

/**
 * A copy of the sample with every kind of walk problem: a layout folder that is a symbolic link
 * (ja-JP data/reusables), a linked page and a linked non-page file (English), a folder that
 * cannot be read (its path is longer than PATH_MAX: ENAMETOOLONG, also as root, where
 * permissions do not stop a read), a locale without a data folder (de-DE), a README the layout
 * refuses and a folder the walk never enters (`.hidden`).
 */
function troubledSite(): string {
  const root = copySample();
  const en = path.join(root, 'content');
  fs.symlinkSync(path.join(en, 'index.md'), path.join(en, 'linked.md'));
  fs.symlinkSync(path.join(root, 'README.md'), path.join(en, 'linked.txt'));
  fs.writeFileSync(path.join(en, 'admin', 'README.md'), '# contributors only\n');
  fs.mkdirSync(path.join(en, '.hidden'));
  fs.writeFileSync(path.join(en, '.hidden', 'page.md'), '# hidden\n');
  const ja = layout.localeRoot(root, 'ja-JP');
  fs.mkdirSync(path.join(ja, 'data'), { recursive: true });
  fs.symlinkSync(path.join(root, 'data', 'reusables'), path.join(ja, 'data', 'reusables'));
  // 20 nested folders of 240 characters: made one `cd` at a time, as no single path may be that long.
  const name = 'd'.repeat(240);
  const script = `cd "$1" && for i in $(seq 20); do mkdir ${name} && cd ${name}; done && echo '# deep' > page.md`;
  execFileSync('bash', ['-c', script, 'bash', path.join(en, 'admin')]);
  return root;
}

/** Removes the folder too deep for Node's fs (the test run's clean-up could not): rm works one folder at a time. */
function removeDeep(root: string): void {
  execFileSync('rm', ['-rf', path.join(root, 'content', 'admin', 'd'.repeat(240))]);
}

describe('the walk thread', () => {
  it('finds exactly what the walk on this thread finds: files, sizes, mtimes, order and problems', async () => {
    const root = troubledSite();
    onTestFinished(() => removeDeep(root));
    const requests = ['en', 'de-DE', 'es-ES', 'ja-JP', 'zh-CN'].map((l) => ({ root: layout.localeRoot(root, l), folders: layout.walkFolders! }));
    const inline = requests.map((r) => walkFiles(r.root, layout.classify, r.folders));
    // Every kind of problem is there to compare.
    const problems = inline.flatMap((w) => w.problems.map((p) => `${p.relPath.split('/').at(-1)!.slice(0, 12)}: ${p.message}`));
    expect(problems).toEqual([
      'linked.md: Symbolic link not followed',
      'dddddddddddd: Cannot read folder: ENAMETOOLONG',
      'reusables: Symbolic link not followed',
    ]);
    expect(inline[0]!.files.some((f) => f.relPath.endsWith('README.md'))).toBe(false);

    // The thread walks them all: the caller claims none.
    const shared = startWalkThread(requests);
    const threaded = await Promise.all(requests.map(async (r, i) => classifyWalk(r.root, await shared.walkOf(i), layout.classify)));
    expect(threaded).toEqual(inline);

    // Both walk: the caller takes what the thread has not started.
    const both = startWalkThread(requests);
    const mine = new Map<number, ReturnType<typeof walkFiles>>();
    for (let i = both.claim(); i !== null; i = both.claim()) mine.set(i, walkFiles(requests[i]!.root, layout.classify, requests[i]!.folders));
    const mixed = await Promise.all(requests.map(async (r, i) => mine.get(i) ?? classifyWalk(r.root, await both.walkOf(i), layout.classify)));
    expect(mixed).toEqual(inline);
  });

  it('gives an index run the same documents, problems and findings as a walk on this thread', async () => {
    const root = troubledSite();
    onTestFinished(() => removeDeep(root));
    const run = async (walkThread: boolean) => {
      const dbFile = path.join(tempDir('db'), 'drift.db');
      const config = resolveConfig({ root, db: dbFile }, root);
      const db = openDb(dbFile);
      const now = () => new Date('2026-11-02T09:00:00Z');
      try {
        const summary = await indexSite({ config, db, now, afterIndex: checksAfterIndex(config), walkThread });
        return {
          summary: { ...summary, durationMs: 0 },
          documents: db.prepare('SELECT locale, key, kind, path, size, mtime_ms, content_hash, parse_error FROM documents ORDER BY id').all(),
          findings: db.prepare('SELECT fingerprint, locale, key, check_id, message FROM findings ORDER BY fingerprint').all(),
        };
      } finally {
        db.close();
      }
    };
    const threaded = await run(true);
    const inline = await run(false);
    expect(threaded).toEqual(inline);
    expect(threaded.summary.problems.map((p) => p.message)).toEqual([
      'Symbolic link not followed',
      'Cannot read folder: ENAMETOOLONG',
      'Symbolic link not followed',
    ]);
    expect(threaded.findings.length).toBeGreaterThan(0);
  });

  it('stops with the run when a configured locale is missing, as the walk on this thread does', async () => {
    const root = copySample();
    fs.rmSync(layout.localeRoot(root, 'es-ES'), { recursive: true });
    const dbFile = path.join(tempDir('db'), 'drift.db');
    const config = resolveConfig({ root, db: dbFile, locales: ['es-ES'] }, root);
    const db = openDb(dbFile);
    try {
      await expect(indexSite({ config, db, walkThread: true })).rejects.toThrow(/es-ES/);
      expect(db.prepare('SELECT status FROM runs ORDER BY id DESC LIMIT 1').get()).toEqual({ status: 'failed' });
    } finally {
      db.close();
    }
  });
});
