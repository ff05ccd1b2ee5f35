import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, teamFileOf, teamWriter, type Db } from '../../db/index.ts';
import { runChecksWithBases, type BasesOutcome } from '../../server/check-with-bases.ts';
import type { Config } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { commitAll, git, openTempDb, page, siteConfig, staleSite, tempDir, write, type StaleSite } from '../history/helpers.ts';

// A run whose git state, claims, config and code are the last resolution's resolves only the
// bases of the translations whose identity changed (server/history/identities.ts) and takes the
// others' as the last run's (server/check-with-bases.ts). After each kind of change, what it
// leaves must be what a full re-check of the same index with every base resolved afresh leaves:
// each base's digest (check_bases), the coverage model's record of usable bases, the identities
// and the open findings.

let clock = Date.parse('2021-03-01T00:00:00Z');

interface Run {
  bases: BasesOutcome | undefined;
  resolved: number;
}

/** An index run with the checks as `l10n-drift index` runs it, compared with a full re-check of a copy of the index. */
async function indexAndCompare(config: Config, db: Db): Promise<Run> {
  let run: Run = { bases: undefined, resolved: 0 };
  const { runId } = await indexSite({
    config,
    db,
    allowMassDelete: true,
    now: () => new Date((clock += 86_400_000)),
    afterIndex: async ({ db: tx, runId, now }) => {
      const r = await runChecksWithBases(tx, config, runId, now);
      run = { bases: r.bases, resolved: r.basesResolved };
    },
  });
  const dir = tempDir('l10n-partial-full-');
  const copyFile = path.join(dir, 'full.db');
  db.exec(`VACUUM INTO '${copyFile.replaceAll("'", "''")}'`);
  db.exec(`VACUUM team INTO '${teamFileOf(copyFile).replaceAll("'", "''")}'`);
  const copy = openDb(copyFile);
  try {
    const full = await runChecksWithBases(copy, config, runId, new Date(clock), { full: true });
    expect(full.bases).toBe('resolved');
    for (const sql of STATE) expect(rows(db, sql), sql).toEqual(rows(copy, sql));
  } finally {
    copy.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return run;
}

/** What an incremental run must leave as a full one does. */
const STATE = [
  // Of live translations: a run that is not full keeps a deleted one's (its unit is checked anew when it comes back).
  'SELECT b.locale, b.key, b.digest FROM check_bases b JOIN documents d ON d.locale = b.locale AND d.key = b.key AND d.deleted_run IS NULL',
  'SELECT locale, key, source, ref FROM translation_bases',
  'SELECT locale, key, from_run, until_run FROM translation_base_runs',
  'SELECT document_id, locale, english_key, identity FROM base_identities',
  'SELECT fingerprint, locale, key, check_id, message_id, data_json, first_run FROM findings WHERE resolved_run IS NULL',
];

function rows(db: Db, sql: string): string[] {
  return db
    .prepare(sql)
    .raw()
    .all()
    .map((r) => JSON.stringify(r))
    .sort();
}

/** Completes a claim on (locale, key) against English's current version, as the API does. */
function completeClaim(db: Db, locale: string, key: string, closedAt: string): void {
  const hash = db.prepare("SELECT content_hash FROM documents WHERE locale = 'en' AND key = ? AND deleted_run IS NULL").pluck().get(key) as string;
  const team = teamWriter(db);
  const user = team.prepare("INSERT INTO users (name, role, token_hash, created_at) VALUES ('t', 'translator', ?, ?)").run('a'.repeat(64), closedAt);
  team
    .prepare("INSERT INTO claims (locale, key, user_id, status, claimed_at, expires_at, closed_at, base_hash) VALUES (?, ?, ?, 'completed', ?, ?, ?, ?)")
    .run(locale, key, user.lastInsertRowid, closedAt, closedAt, closedAt, hash);
}

const en = (title: string, body: string, redirects: string[] = []) =>
  `---\ntitle: ${title}\n${redirects.length ? `redirect_from:\n${redirects.map((r) => `  - ${r}\n`).join('')}` : ''}---\n\n${body}\n`;

describe('partial resolution of stale-detection bases', () => {
  let cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup) c();
    cleanup = [];
  });

  it('from index history (no git): each kind of change resolves the translations it can change, as a full run does', async () => {
    const root = tempDir('l10n-partial-site-');
    const dbDir = tempDir('l10n-partial-db-');
    const { db, file } = openTempDb(dbDir);
    cleanup.push(() => (db.close(), fs.rmSync(root, { recursive: true, force: true }), fs.rmSync(dbDir, { recursive: true, force: true })));
    const config = siteConfig(root, file);
    const names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    // Epsilon links to beta: a move of beta re-checks epsilon's pairs, which read bases that did not change.
    const link = (n: string) => (n === 'epsilon' ? ' See [beta](/beta).' : '');
    for (const n of names)
      write(root, `content/${n}.md`, en(n, `Intro.\n\n## Overview\n\nThe ${n} page explains one thing.${link(n)}\n\n## Details\n\nMore about ${n}.`));
    for (const locale of ['ja-JP', 'zh-CN']) {
      for (const n of names)
        write(root, `translations/${locale}/content/${n}.md`, en(n, `紹介。\n\n## 概要\n\n${n} のページです。${link(n)}\n\n## 詳細\n\n${n} について。`));
    }
    // 10 translations: the first run resolves them all.
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 10 });
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'unchanged', resolved: 0 });

    // An English page edited: its translations in every locale.
    fs.appendFileSync(path.join(root, 'content/alpha.md'), '\nA new English paragraph.\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 2 });

    // A translation edited: that one.
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/alpha.md'), '\n新しい段落。\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });

    // Another English page edited.
    write(root, 'content/gamma.md', en('gamma', 'Intro.\n\n## Overview\n\nThe gamma page explains two things now.\n\n## Details\n\nMore about gamma.'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 2 });

    // An English page moved, with redirect_from: its translations stay at the old key and are paired by the redirect.
    fs.rmSync(path.join(root, 'content/beta.md'));
    write(root, 'content/beta-moved.md', en('beta', 'Intro.\n\n## Overview\n\nThe beta page explains one thing.\n\n## Details\n\nMore about beta.', ['/beta']));
    // beta's two, and epsilon's two, whose links to /beta now go through a redirect.
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 4 });
    // The translation follows it (same bytes): index history keeps its base through the move.
    fs.renameSync(path.join(root, 'translations/ja-JP/content/beta.md'), path.join(root, 'translations/ja-JP/content/beta-moved.md'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 2 });
    // English changed after the move: the moved translation is behind it.
    fs.appendFileSync(path.join(root, 'content/beta-moved.md'), '\nNews after the move.\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 2 });

    // English beta back at its old key: beta-moved's history no longer goes through it (index history
    // follows a move through the deleted row), so the base of ja-JP beta-moved changes, whose
    // row, English page and pairing did not. zh-CN beta pairs with the new page.
    write(root, 'content/beta.md', en('beta again', 'Intro.\n\n## Overview\n\nA new page where beta was.'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 4 });
    // And a ja-JP translation of it: ja-JP beta-moved's history no longer goes through its old row either.
    write(root, 'translations/ja-JP/content/beta.md', en('beta again', '紹介。\n\n## 概要\n\n新しいページ。'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 2 });

    // A translation deleted (no base any more), and one added.
    fs.rmSync(path.join(root, 'translations/zh-CN/content/delta.md'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });
    write(root, 'translations/zh-CN/content/delta.md', en('delta', '紹介。\n\n## 概要\n\n新しい翻訳。'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });
    // An English page without translations added: no translation's base can change.
    write(root, 'content/zeta.md', en('zeta', 'Intro.'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 0 });

    // A completed claim: every base is resolved again.
    completeClaim(db, 'ja-JP', 'gamma', new Date(clock).toISOString());
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 11 });
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/gamma.md'), '\n段落。\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });

    // English delta moved with redirect_from: both translations stay and pair by the redirect.
    fs.rmSync(path.join(root, 'content/delta.md'));
    write(root, 'content/delta-moved.md', en('delta', 'Intro.\n\n## Overview\n\nThe delta page.', ['/delta']));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 2 });
    // The moved page edited: the translations at its old key, paired by its redirect entry.
    write(root, 'content/delta-moved.md', en('delta', 'Intro.\n\n## Overview\n\nThe delta page, edited after its move.', ['/delta']));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 2 });
    // The redirect dropped: they are orphans now (no base), though no row at their key changed.
    write(root, 'content/delta-moved.md', en('delta', 'Intro.\n\n## Overview\n\nThe delta page, edited after its move.'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 2 });
    // And back: paired again by an entry the edited page holds now.
    write(root, 'content/delta-moved.md', en('delta', 'Intro.\n\n## Overview\n\nThe delta page, edited after its move.', ['/delta']));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 2 });
  }, 120_000);

  it('from git: uncommitted edits resolve their translations, a commit resolves them all', async () => {
    const translated = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const site: StaleSite = staleSite('l10n-partial-git', { pages: [...translated, 'zeta'], translated });
    cleanup.push(() => site.remove());
    const { root, db, config } = site;
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 5 });

    // A new translation, a copy of delta's: not committed, so no base (delta is still there).
    fs.copyFileSync(path.join(root, 'translations/ja-JP/content/delta.md'), path.join(root, 'translations/ja-JP/content/zeta.md'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });
    // delta deleted: zeta is delta moved in the work tree now, with delta's base, though neither
    // its row nor its English page changed (the locale's deletions are part of every identity in a work tree).
    git(root, ['rm', '-q', 'translations/ja-JP/content/delta.md']);
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 6 });
    git(root, ['checkout', 'HEAD', '--', 'translations/ja-JP/content/delta.md']);
    fs.rmSync(path.join(root, 'translations/ja-JP/content/zeta.md'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 6 });

    // Uncommitted English edit: its translation, which is now behind an uncommitted change.
    fs.appendFileSync(path.join(root, 'content/beta.md'), '\nAn uncommitted English paragraph.\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });
    // Uncommitted translation edit.
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/gamma.md'), '\n追加。\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });
    // A locale's first translation: git history is read for the locales with a paired translation,
    // and another set reads another log (its oldest commit decides what lies before the history): all resolved.
    fs.mkdirSync(path.join(root, 'translations/de-DE/content'), { recursive: true });
    fs.copyFileSync(path.join(root, 'translations/ja-JP/content/beta.md'), path.join(root, 'translations/de-DE/content/beta.md'));
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 6 });
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/alpha.md'), '\n追加。\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });
    // Its last translation gone: all resolved again.
    fs.rmSync(path.join(root, 'translations/de-DE'), { recursive: true });
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 5 });
    // A translation moved in the work tree (git mv): its old path's deletion can be any uncommitted translation's history.
    git(root, ['mv', 'translations/ja-JP/content/delta.md', 'translations/ja-JP/content/delta-old.md']);
    expect((await indexAndCompare(config, db)).bases).toBe('partial');
    git(root, ['mv', 'translations/ja-JP/content/delta-old.md', 'translations/ja-JP/content/delta.md']);
    expect((await indexAndCompare(config, db)).bases).toBe('partial');

    // A commit: HEAD moved, every base is resolved.
    commitAll(root, 'Edits', '2021-01-06T12:00:00Z');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 5 });
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/alpha.md'), '\nもう一つ。\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });
    write(root, 'content/alpha.md', page('alpha', 'Intro.\n\n## Overview\n\nAlpha, rewritten.'));
    commitAll(root, 'English alpha', '2021-01-07T12:00:00Z');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 5 });

    // English epsilon renamed with an edit, its translation moved with it: only git's rename
    // detection connects the translation's base to the English page's history. A full resolution
    // asks git about the commits every page needs, and a page's history can then reach further
    // than its own commits take it: a translation whose base needs it is resolved with all.
    const long = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} of the epsilon page says something about epsilon.`).join('\n\n');
    write(root, 'content/epsilon.md', page('epsilon', `Intro.\n\n## Overview\n\n${long}`));
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/epsilon.md'), '\n長くなった。\n');
    commitAll(root, 'Longer epsilon', '2021-01-07T18:00:00Z');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 5 });
    git(root, ['mv', 'content/epsilon.md', 'content/epsilon-renamed.md']);
    fs.appendFileSync(path.join(root, 'content/epsilon-renamed.md'), '\nA sentence added in the rename.\n');
    git(root, ['mv', 'translations/ja-JP/content/epsilon.md', 'translations/ja-JP/content/epsilon-renamed.md']);
    commitAll(root, 'Rename epsilon', '2021-01-08T12:00:00Z');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 5 });
    // (git's rename detection found it: the translation's base is the commit that made it longer.)
    expect(db.prepare("SELECT source FROM translation_bases WHERE locale = 'ja-JP' AND key = 'epsilon-renamed'").pluck().get()).toBe('git');
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/epsilon-renamed.md'), '\n追加。\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'resolved', resolved: 5 });
    // Any other translation's edit is resolved apart.
    fs.appendFileSync(path.join(root, 'translations/ja-JP/content/beta.md'), '\n追加。\n');
    expect(await indexAndCompare(config, db)).toEqual({ bases: 'partial', resolved: 1 });
  }, 120_000);
});
