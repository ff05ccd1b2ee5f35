import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { IndexedFilesRepository } from '../../db/repositories/indexed-files.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { MassDeleteError, indexSite, type IndexSummary } from '../../server/indexer/indexer.ts';
import { checksAfterIndex } from '../../server/plugins/index-run.ts';
import { ARTICLE, OLD_ARTICLE, bumpMtime, copySample, tempDir } from './helpers.ts';

/** A site copy with its own database, indexed with the checks on a fake clock. */
interface Site {
  root: string;
  db: Db;
  config: Config;
  index(paths?: string[]): Promise<IndexSummary>;
  /** A walked run on a connection of its own (as another process's `l10n-drift index`), closed after it. */
  indexElsewhere(): Promise<IndexSummary>;
}

/** `fresh`: each run on a connection of its own, as a new `l10n-drift index` process (no state kept from the last run). */
function site(root: string, fresh = false): Site {
  const dbFile = path.join(tempDir('db'), 'drift.db');
  const config = resolveConfig({ root, db: dbFile }, root);
  const db = openDb(dbFile);
  let clock = Date.parse('2026-11-02T09:00:00Z');
  const now = () => new Date((clock += 60_000));
  const elsewhere = async (paths?: string[]) => {
    const other = openDb(dbFile);
    try {
      return await indexSite({ config, db: other, now, afterIndex: checksAfterIndex(config), ...(paths ? { paths } : {}) });
    } finally {
      other.close();
    }
  };
  return {
    root,
    db,
    config,
    index: (paths) => (fresh ? elsewhere(paths) : indexSite({ config, db, now, afterIndex: checksAfterIndex(config), ...(paths ? { paths } : {}) })),
    indexElsewhere: () => elsewhere(),
  };
}

/** Everything a run leaves that a reader sees: documents (mtimes differ between copies), their sections and links, findings. */
function snapshot(db: Db) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    documents: all(
      'SELECT id, locale, key, kind, path, content_hash, size, title, frontmatter_json, parse_error, first_seen_run, changed_run, deleted_run FROM documents ORDER BY id',
    ),
    sections: all('SELECT document_id, ordinal, heading, level, text_hash, line FROM sections ORDER BY document_id, ordinal'),
    redirects: all('SELECT * FROM redirects ORDER BY 1, 2, 3'),
    findings: all(
      'SELECT fingerprint, locale, key, path, check_id, message_id, severity, message, data_json, line, section, first_run, last_run, resolved_run FROM findings ORDER BY fingerprint, first_run',
    ),
  };
}

const JA = `translations/ja-JP/content/${ARTICLE}.md`;
const ZH = `translations/zh-CN/content/${ARTICLE}.md`;
const DE_OLD = `translations/de-DE/content/${OLD_ARTICLE}.md`;
const ES = `translations/es-ES/content/${ARTICLE}.md`;
const EN = `content/${ARTICLE}.md`;
const EN_NEIGHBOUR = 'content/admin/configuration/configuring-github-connect/about-github-connect.md';
/** Where the renaming test moves EN_NEIGHBOUR. */
const EN_NEIGHBOUR_MOVED = 'content/admin/configuration/configuring-github-connect/about-github-connect-moved.md';

describe('indexSite with the changed paths (serve --watch) gives what a walk gives', () => {
  let walked: Site;
  let known: Site;
  beforeAll(async () => {
    // The walks are the reference: each on a new connection, with nothing kept from the last run.
    walked = site(copySample(), true);
    known = site(copySample());
    // The first run of each walks (there is nothing stored to go by), with or without paths.
    expect((await walked.index()).walked).toBe(true);
    expect((await known.index([JA])).walked).toBe(true);
  });
  afterAll(() => {
    walked?.db.close();
    known?.db.close();
  });

  /**
   * Applies `edit` to both copies, indexes one by a walk and the other with `paths`, and compares.
   * `onlyChanged`: the run of paths looks at the changed paths only, asking the index for their rows
   * (the connection's last run left the rows, nothing wrote since); else it takes every stored row.
   */
  async function step(paths: string[], edit: (root: string) => void, expectWalk = false, onlyChanged = !expectWalk) {
    edit(walked.root);
    edit(known.root);
    const a = await walked.index();
    const asked = vi.spyOn(IndexedFilesRepository.prototype, 'atPath');
    let b: IndexSummary;
    try {
      b = await known.index(paths);
      if (!expectWalk) expect(asked.mock.calls.length > 0).toBe(onlyChanged);
    } finally {
      asked.mockRestore();
    }
    expect(b.walked).toBe(expectWalk);
    expect({ ...b, durationMs: 0, walked: false }).toEqual({ ...a, durationMs: 0, walked: false });
    expect(snapshot(known.db)).toEqual(snapshot(walked.db));
    return b;
  }
  const write = (root: string, rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
    bumpMtime(path.join(root, rel));
  };

  it('an edited translation and an edited English page', async () => {
    const run = await step([JA, EN], (root) => {
      fs.appendFileSync(path.join(root, JA), '\n## 新しい節\n\n新しい段落です。\n');
      bumpMtime(path.join(root, JA));
      fs.appendFileSync(path.join(root, EN), '\n## A new section\n\nA new paragraph with [a link](/admin/nowhere).\n');
      bumpMtime(path.join(root, EN));
    });
    expect(run.parsed).toBe(2);
  });

  it('a touched file with the same bytes, and a path the layout does not index', async () => {
    const run = await step([ZH, 'content/admin/image.png', 'README.md'], (root) => {
      bumpMtime(path.join(root, ZH));
      fs.writeFileSync(path.join(root, 'content/admin/image.png'), 'png');
      fs.writeFileSync(path.join(root, 'README.md'), '# readme\n');
    });
    expect(run.parsed).toBe(0);
  });

  it('added pages: a new translation, a new English page, and a second file with a key already taken', async () => {
    const added = [
      'translations/ja-JP/content/admin/configuration/configuring-github-connect/about-github-connect.md',
      'content/admin/configuration/new-page.md',
      'translations/ja-JP/content/admin/configuration.md',
    ];
    const run = await step(added, (root) => {
      const english = fs.readFileSync(path.join(root, EN_NEIGHBOUR), 'utf8');
      write(root, added[0]!, english.replace(/^title: .*$/m, 'title: GitHub Connect について'));
      write(
        root,
        added[1]!,
        '---\ntitle: New page\nversions:\n  ghes: "*"\n---\n\nNew text linking [about](/admin/configuration/configuring-github-connect/about-github-connect).\n',
      );
      write(root, added[2]!, '---\ntitle: 構成\nversions:\n  ghes: "*"\n---\n\n重複したキー。\n');
    });
    expect(run.added).toBe(3);
  });

  it('deleted files, one of them a path that no longer exists at all', async () => {
    const run = await step([ES, 'translations/ja-JP/content/admin/configuration.md', 'content/never-was.md'], (root) => {
      fs.rmSync(path.join(root, ES));
      fs.rmSync(path.join(root, 'translations/ja-JP/content/admin/configuration.md'));
    });
    expect(run.deleted).toBe(2);
  });

  it('renamed files: a translation moved to another key, an English page moved (its redirect kept)', async () => {
    const movedDe = `translations/de-DE/content/admin/configuration/${path.basename(OLD_ARTICLE)}-moved.md`;
    const movedEn = 'content/admin/configuration/configuring-github-connect/about-github-connect-moved.md';
    const run = await step([DE_OLD, movedDe, EN_NEIGHBOUR, movedEn], (root) => {
      fs.renameSync(path.join(root, DE_OLD), path.join(root, movedDe));
      bumpMtime(path.join(root, movedDe));
      const text = fs.readFileSync(path.join(root, EN_NEIGHBOUR), 'utf8');
      fs.rmSync(path.join(root, EN_NEIGHBOUR));
      write(root, movedEn, text.replace(/^redirect_from:\n/m, `redirect_from:\n  - /admin/configuration/configuring-github-connect/about-github-connect\n`));
    });
    expect(run.added).toBe(2);
    expect(run.deleted).toBe(2);
  });

  it('a folder among the paths (created, or gone with its pages) makes the run walk', async () => {
    await step(
      ['translations/ja-JP/content/billing'],
      (root) =>
        write(root, 'translations/ja-JP/content/billing/managing-your-license-for-github-enterprise/index.md', '---\ntitle: ライセンス\n---\n\n本文。\n'),
      true,
    );
    await step(['translations/ja-JP/content/billing'], (root) => fs.rmSync(path.join(root, 'translations/ja-JP/content/billing'), { recursive: true }), true);
  });

  it('a file replaced by a symbolic link is not followed, as in a walk', async () => {
    const run = await step([ZH], (root) => {
      fs.rmSync(path.join(root, ZH));
      fs.symlinkSync(path.join(root, JA), path.join(root, ZH));
    });
    expect(run.deleted).toBe(1);
    expect(run.problems).toEqual([{ path: ZH, message: 'Symbolic link not followed' }]);
  });

  it("another connection's run between two watched runs is seen: the state kept between runs is read again", async () => {
    // The watched connection keeps the stored state after its run (keptIndexState). The symbolic
    // link goes (a walk reports it at every run, a run of paths when it is among them).
    await step([JA, ZH], (root) => {
      fs.rmSync(path.join(root, ZH));
      fs.appendFileSync(path.join(root, JA), '\n前の段落。\n');
      bumpMtime(path.join(root, JA));
    });
    // Another process adds a translation and deletes one, and indexes them: rows the watched
    // connection never wrote.
    const added = 'translations/zh-CN/content/admin/configuration/configuring-github-connect/about-github-connect.md';
    for (const s of [walked, known]) {
      write(s.root, added, fs.readFileSync(path.join(s.root, EN_NEIGHBOUR_MOVED), 'utf8').replace(/^title: .*$/m, 'title: 关于 GitHub Connect'));
      fs.rmSync(path.join(s.root, JA));
    }
    await walked.index();
    const elsewhere = await known.indexElsewhere();
    expect([elsewhere.added, elsewhere.deleted]).toEqual([1, 1]);
    // The added translation is saved again and the watcher names it: its stored row is the other
    // run's (changed, not added: a stale state would insert it again beside its sections). This run
    // reads the stored rows again and takes each as a candidate; the next one looks at its paths only.
    const save = (root: string) => {
      fs.appendFileSync(path.join(root, added), '\n新的段落。\n');
      bumpMtime(path.join(root, added));
    };
    const run = await step([added], save, false, false);
    expect([run.added, run.parsed, run.deleted, run.filesSeen]).toEqual([0, 1, 0, elsewhere.filesSeen]);
    const next = await step([added], save);
    expect([next.added, next.parsed, next.deleted, next.filesSeen]).toEqual([0, 1, 0, elsewhere.filesSeen]);
  });

  it('a write on the watched connection outside a run is seen as well', async () => {
    // A stored size that no longer fits the file, which the watcher then names: the file is read
    // and hashed again and its size stored; a kept state that missed the write would take it as unchanged.
    for (const s of [walked, known]) s.db.prepare('UPDATE documents SET size = size + 1 WHERE path = ? AND deleted_run IS NULL').run(EN);
    const run = await step([EN], () => {}, false, false);
    expect(run.unchanged).toBe(run.filesSeen);
  });

  it('two files of one key: a change to either, or to English, settles the key as a walk does', async () => {
    // ja-JP gets both files of admin/configuration; English's file is the folder's index.md, so that one keeps the key.
    const jaIndex = 'translations/ja-JP/content/admin/configuration/index.md';
    const jaFile = 'translations/ja-JP/content/admin/configuration.md';
    const enIndex = 'content/admin/configuration/index.md';
    const enFile = 'content/admin/configuration.md';
    const page = (title: string) => `---\ntitle: ${title}\nversions:\n  ghes: "*"\n---\n\n本文。\n`;
    let run = await step([jaIndex, jaFile], (root) => {
      write(root, jaIndex, page('構成'));
      write(root, jaFile, page('構成 (重複)'));
    });
    expect(run.added).toBe(2);
    const keys = () =>
      known.db
        .prepare(
          "SELECT path, key FROM documents WHERE locale = 'ja-JP' AND (key = 'admin/configuration' OR key LIKE 'admin/configuration (%') AND deleted_run IS NULL ORDER BY path",
        )
        .all();
    expect(keys()).toEqual([
      { path: jaFile, key: `admin/configuration (${jaFile})` },
      { path: jaIndex, key: 'admin/configuration' },
    ]);
    // English moves its page to configuration.md: ja-JP's file there keeps the key now, though no ja-JP file changed.
    const english = fs.readFileSync(path.join(known.root, enIndex), 'utf8');
    run = await step([enIndex, enFile], (root) => {
      fs.rmSync(path.join(root, enIndex));
      write(root, enFile, english);
    });
    // English's file, and both ja-JP files read again under their new keys.
    expect([run.parsed, run.added, run.deleted]).toEqual([3, 1, 0]);
    expect(keys()).toEqual([
      { path: jaFile, key: 'admin/configuration' },
      { path: jaIndex, key: `admin/configuration (${jaIndex})` },
    ]);
    // The file keeping the key goes: the other one takes it (and the row with it: nothing is counted deleted).
    run = await step([jaFile], (root) => fs.rmSync(path.join(root, jaFile)));
    expect([run.deleted, run.parsed]).toEqual([0, 1]);
    expect(keys()).toEqual([{ path: jaIndex, key: 'admin/configuration' }]);
    // English back as it was.
    await step([enIndex, enFile], (root) => {
      fs.rmSync(path.join(root, enFile));
      write(root, enIndex, english);
    });
  });

  it('a run of paths after the parse key changed (an upgrade while watching) walks and parses every file, as a walk does', async () => {
    for (const s of [walked, known]) s.db.prepare('UPDATE runs SET parse_key = ?').run('an older parser');
    const run = await step([JA], (root) => fs.appendFileSync(path.join(root, JA), '\nもう一つの段落です。\n'), true);
    expect(run.reparsed).toBe('parser');
    expect(run.parsed).toBe(run.filesSeen);
    // The next run of paths looks at the changed paths only again.
    const next = await step([JA], (root) => fs.appendFileSync(path.join(root, JA), '\nさらに一つ。\n'));
    expect([next.reparsed, next.parsed]).toEqual([null, 1]);
  });

  it('the mass-delete guard stops a run of paths as it stops a walk', async () => {
    const files = (root: string) => fs.readdirSync(path.join(root, 'data/reusables'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const gone = files(known.root).map((e) => path.relative(known.root, path.join(e.parentPath, e.name)));
    expect(gone.length).toBeGreaterThanOrEqual(10);
    for (const s of [walked, known]) for (const rel of gone) fs.rmSync(path.join(s.root, rel));
    await expect(walked.index()).rejects.toThrow(MassDeleteError);
    await expect(known.index(gone)).rejects.toThrow(MassDeleteError);
    expect(snapshot(known.db)).toEqual(snapshot(walked.db));
  });
});
