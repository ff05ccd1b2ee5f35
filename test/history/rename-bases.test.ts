import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import type { StaleBase } from '../../server/checks/define.ts';
import type { Config } from '../../server/config.ts';
import { resolveBases, staleKey } from '../../server/history/bases.ts';
import { commitAll, git, index, openTempDb, siteConfig, tempDir, verdicts, write, type Verdict } from './helpers.ts';

// English pages moved long ago (redirect_from their old paths); their Japanese translations were
// left at the old paths, made from English that has changed since (stale). Then each translation
// is moved to its English page's path, in a commit or in the work tree, with or without edits
// (as `l10n-drift fix` moves them, or a translator does by hand). A move that keeps the content is
// no change of the translation: its base stays where its history put it. A move with edits is a change.
const page = (title: string, body: string, extra = '') => `---\ntitle: ${title}\n${extra}---\n\n${body}\n`;
const en = (k: string, sentence: string) => page(k, `Intro.\n\n## Overview\n\n${sentence}`, `redirect_from:\n  - /${k}-old\n`);
const ja = (k: string, extra = '') => page(k, `紹介。\n\n## 概要\n\nライセンス同期を有効にできます。${extra}`);
const EN_BEFORE = 'You can enable license sync.';
const EN_AFTER = 'You can enable license sync from the enterprise account settings.';

type How = 'kept' | 'new commit' | 'as edited';
const CASES: { key: string; move: string; how: How }[] = [
  { key: 'committed-pure', move: 'git mv, committed (R100)', how: 'kept' },
  { key: 'committed-edited', move: 'git mv and an edit, committed', how: 'new commit' },
  { key: 'staged-pure', move: 'git mv, not committed', how: 'kept' },
  // Staged as a pure rename, edited after (l10n-drift fix --write does this): the edits are uncommitted
  // edits, which never move a committed translation's git base.
  { key: 'staged-then-edited', move: 'git mv, then edited in the work tree', how: 'kept' },
  { key: 'plain-mv', move: 'mv (git does not track the new path yet)', how: 'kept' },
  { key: 'plain-mv-edited', move: 'mv and an edit', how: 'as edited' },
  { key: 'staged-edited', move: 'git mv, an edit, git add', how: 'as edited' },
  { key: 'copied', move: 'cp (the old file stays)', how: 'as edited' },
];
const FIRST = 'first'; // in the history's first commit: base unknown (before-history), then moved with git mv

let root: string;
let dbDir: string;
let db: Db;
let config: Config;
let before: Map<string, StaleBase>;
let after: Map<string, StaleBase>;
let result: Map<string, Verdict>;
let moveCommit: string;

const oldPath = (k: string) => `translations/ja-JP/content/${k}-old.md`;
const newPath = (k: string) => `translations/ja-JP/content/${k}.md`;
const edit = (k: string) => fs.appendFileSync(path.join(root, newPath(k)), '\n追記。\n');

beforeAll(async () => {
  root = tempDir('l10n-rename-');
  dbDir = tempDir('l10n-rename-db-');
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['config', 'gc.auto', '0']);
  write(root, `content/${FIRST}.md`, en(FIRST, EN_BEFORE));
  write(root, oldPath(FIRST), ja(FIRST));
  commitAll(root, 'Snapshot', '2021-01-01T12:00:00Z');
  for (const { key } of CASES) {
    write(root, `content/${key}.md`, en(key, EN_BEFORE));
    write(root, oldPath(key), ja(key));
  }
  commitAll(root, 'English and Japanese', '2021-01-02T12:00:00Z');
  for (const k of [FIRST, ...CASES.map((c) => c.key)]) write(root, `content/${k}.md`, en(k, EN_AFTER));
  commitAll(root, 'English edit', '2021-01-05T12:00:00Z');

  ({ db } = openTempDb(dbDir));
  config = siteConfig(root, path.join(dbDir, 'drift.db'));
  await index(config, db, new Date('2021-02-01T00:00:00Z'));
  before = await resolveBases(db, config);

  const mv = (k: string) => git(root, ['mv', oldPath(k), newPath(k)]);
  mv('committed-pure');
  mv('committed-edited');
  edit('committed-edited');
  moveCommit = commitAll(root, 'Move translations', '2021-01-10T12:00:00Z');
  mv('staged-pure');
  mv('staged-then-edited');
  edit('staged-then-edited');
  fs.renameSync(path.join(root, oldPath('plain-mv')), path.join(root, newPath('plain-mv')));
  fs.renameSync(path.join(root, oldPath('plain-mv-edited')), path.join(root, newPath('plain-mv-edited')));
  edit('plain-mv-edited');
  mv('staged-edited');
  edit('staged-edited');
  git(root, ['add', newPath('staged-edited')]);
  fs.copyFileSync(path.join(root, oldPath('copied')), path.join(root, newPath('copied')));
  mv(FIRST);
  await index(config, db, new Date('2021-03-01T00:00:00Z'));
  after = await resolveBases(db, config);
  result = await verdicts(db, config, 'ja-JP');
});

afterAll(() => {
  db?.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const summary = (b: StaleBase | undefined) =>
  b && { source: b.source, baseState: b.baseState, reason: b.reason, ref: b.ref, date: b.date, commitsBehind: b.commitsBehind, daysBehind: b.daysBehind };

describe('a translation moved to its English page’s path keeps its base unless its content changed', () => {
  it('before the moves: every translation at its old path is stale, with a git base', () => {
    for (const { key } of CASES) {
      expect(summary(before.get(staleKey('ja-JP', `${key}-old`))), key).toMatchObject({ source: 'git', baseState: 'known', commitsBehind: 1 });
    }
  });

  it.each(CASES)('$key ($move): $how', ({ key, how }) => {
    const old = before.get(staleKey('ja-JP', `${key}-old`));
    const now = after.get(staleKey('ja-JP', key));
    const stale = result.get(key)!.findings;
    if (how === 'kept') {
      expect(summary(now)).toEqual(summary(old));
      expect(stale.map((f) => f.data.changedSections)).toEqual([['Overview']]);
    } else if (how === 'new commit') {
      expect(summary(now)).toMatchObject({ source: 'git', baseState: 'known', ref: moveCommit, commitsBehind: 0 });
      expect(stale).toEqual([]);
    } else {
      // A new file git does not know: what the index saw (it appeared in this run, after English's last version).
      expect(summary(now)).toMatchObject({ source: 'index', commitsBehind: 0 });
      expect(stale).toEqual([]);
    }
  });

  it('a translation older than the history stays of unknown base, with the same reason, after a pure move in the work tree', () => {
    const old = before.get(staleKey('ja-JP', `${FIRST}-old`));
    expect(old).toMatchObject({ source: 'git', baseState: 'unknown', reason: 'before-history', commitsBehind: 1 });
    expect(summary(after.get(staleKey('ja-JP', FIRST)))).toEqual(summary(old));
    expect(result.get(FIRST)!.unknown.map((f) => f.data.baseReason)).toEqual([]);
    expect(result.get(FIRST)!.findings.map((f) => f.data.baseReason)).toEqual(['before-history']);
  });
});
