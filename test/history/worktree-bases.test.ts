import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import type { Config } from '../../server/config.ts';
import { commitAll, git, index, openTempDb, siteConfig, tempDir, verdicts, write, type Verdict } from './helpers.ts';

// A git work tree whose English has edits nobody committed yet: they are changes since the base.
const page = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`;
const EN = page('Sync', 'Intro.\n\n## Overview\n\nYou can enable license sync from the enterprise settings.');
const JA = page('同期', '紹介。\n\n## 概要\n\nエンタープライズ設定からライセンス同期を有効にできます。');

let root: string;
let dbDir: string;
let db: Db;
let config: Config;
let result: Map<string, Verdict>;

beforeAll(async () => {
  root = tempDir('l10n-worktree-');
  dbDir = tempDir('l10n-worktree-db-');
  git(root, ['init', '-q', '-b', 'main']);
  write(root, 'README.md', 'A test site.\n');
  commitAll(root, 'Start', '2021-01-01T12:00:00Z');
  for (const name of ['edited', 'cosmetic', 'clean', 'committed']) {
    write(root, `content/${name}.md`, EN);
    write(root, `translations/ja-JP/content/${name}.md`, JA);
  }
  commitAll(root, 'English and Japanese', '2021-01-02T12:00:00Z');
  write(root, 'content/committed.md', EN.replace('enterprise settings', 'enterprise account settings'));
  commitAll(root, 'English edit', '2021-01-05T12:00:00Z');
  // Not committed: a real edit, a re-wrap only, and a further edit on top of a committed one.
  write(root, 'content/edited.md', EN.replace('enterprise settings', 'enterprise account settings, after connecting'));
  write(root, 'content/cosmetic.md', EN.replace('You can enable license sync', 'You can enable\nlicense sync'));
  write(root, 'content/committed.md', EN.replace('enterprise settings', 'enterprise account settings today'));
  ({ db } = openTempDb(dbDir));
  config = siteConfig(root, path.join(dbDir, 'drift.db'));
  await index(config, db);
  result = await verdicts(db, config, 'ja-JP');
});

afterAll(() => {
  db?.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dbDir, { recursive: true, force: true });
});

describe('uncommitted English edits count as changes since the base', () => {
  const cases: { key: string; stale: boolean; behind: number; uncommitted: boolean }[] = [
    { key: 'edited', stale: true, behind: 1, uncommitted: true },
    // A re-wrap is still cosmetic; it still is a change git has not recorded.
    { key: 'cosmetic', stale: false, behind: 1, uncommitted: true },
    { key: 'clean', stale: false, behind: 0, uncommitted: false },
    { key: 'committed', stale: true, behind: 2, uncommitted: true },
  ];
  it.each(cases)('$key: stale=$stale, $behind behind', ({ key, stale, behind, uncommitted }) => {
    const v = result.get(key)!;
    expect(v.base).toMatchObject({ source: 'git', baseState: 'known', commitsBehind: behind });
    expect(v.base?.uncommitted ?? false).toBe(uncommitted);
    expect(v.findings.length).toBe(stale ? 1 : 0);
    if (stale) expect(v.findings[0]!.data).toMatchObject({ uncommitted: true, changedSections: ['Overview'] });
  });
});
