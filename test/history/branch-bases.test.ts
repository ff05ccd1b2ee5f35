import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import type { Config } from '../../server/config.ts';
import { commitAll, git, index, openTempDb, siteConfig, tempDir, verdicts, write, type Verdict } from './helpers.ts';

// The Kubernetes csi-driver-v1 miss, as a small repository: a translation made on a branch
// from the English of its branch point, merged after English changed on the main line.
const page = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`;
const EN_ALPHA = page('CSI driver', 'Intro.\n\n## Status\n\nThis feature is in alpha and off by default.');
const EN_BETA = page('CSI driver', 'Intro.\n\n## Status\n\nThis feature is in beta and on by default.');
const ZH_ALPHA = page('CSI 驱动', '介绍。\n\n## 状态\n\n此功能处于 alpha 阶段，默认关闭。');
const ZH_BETA = page('CSI 驱动', '介绍。\n\n## 状态\n\n此功能处于 beta 阶段，默认开启。');

let root: string;
let dbDir: string;
let db: Db;
let config: Config;
let result: Map<string, Verdict>;
const sha: Record<string, string> = {};

beforeAll(async () => {
  root = tempDir('l10n-branch-');
  dbDir = tempDir('l10n-branch-db-');
  git(root, ['init', '-q', '-b', 'main']);
  write(root, 'README.md', 'A test site.\n');
  commitAll(root, 'Start', '2021-01-01T12:00:00Z');
  for (const name of ['late', 'fresh', 'both']) write(root, `content/${name}.md`, EN_ALPHA);
  commitAll(root, 'English: alpha', '2021-01-02T12:00:00Z');

  // zh-CN translates "late" on a branch from here.
  git(root, ['checkout', '-q', '-b', 'zh-late']);
  write(root, 'translations/zh-CN/content/late.md', ZH_ALPHA);
  sha.translated = commitAll(root, 'zh-CN: late (alpha)', '2021-01-05T12:00:00Z');
  git(root, ['checkout', '-q', 'main']);

  // Meanwhile English moves to beta on the main line.
  for (const name of ['late', 'fresh']) write(root, `content/${name}.md`, EN_BETA);
  sha.beta = commitAll(root, 'English: beta', '2021-01-10T12:00:00Z');

  // A branch made after the change translates "fresh" from beta.
  git(root, ['checkout', '-q', '-b', 'zh-fresh']);
  write(root, 'translations/zh-CN/content/fresh.md', ZH_BETA);
  commitAll(root, 'zh-CN: fresh (beta)', '2021-01-12T12:00:00Z');
  git(root, ['checkout', '-q', 'main']);

  // One branch changes English and its translation together.
  git(root, ['checkout', '-q', '-b', 'both']);
  write(root, 'content/both.md', EN_BETA);
  write(root, 'translations/zh-CN/content/both.md', ZH_BETA);
  commitAll(root, 'both: beta in English and zh-CN', '2021-01-13T12:00:00Z');
  git(root, ['checkout', '-q', 'main']);

  git(root, ['merge', '-q', '--no-ff', '-m', 'Merge zh-late', 'zh-late'], '2021-01-20T12:00:00Z');
  sha.merge = git(root, ['rev-parse', 'HEAD']);
  git(root, ['merge', '-q', '--no-ff', '-m', 'Merge zh-fresh', 'zh-fresh'], '2021-01-21T12:00:00Z');
  git(root, ['merge', '-q', '--no-ff', '-m', 'Merge both', 'both'], '2021-01-22T12:00:00Z');

  ({ db } = openTempDb(dbDir));
  config = siteConfig(root, path.join(dbDir, 'drift.db'));
  await index(config, db);
  result = await verdicts(db, config, 'zh-CN');
});

afterAll(() => {
  db?.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dbDir, { recursive: true, force: true });
});

describe('the base is the English the translator saw on the branch, not the merge', () => {
  const cases: { key: string; stale: boolean; behind: number }[] = [
    // Made from alpha on a branch; English went to beta on main before the merge.
    { key: 'late', stale: true, behind: 1 },
    // Branched after the change: made from beta.
    { key: 'fresh', stale: false, behind: 0 },
    // English and translation changed together on the branch: the translator saw beta.
    { key: 'both', stale: false, behind: 0 },
  ];
  it.each(cases)('$key: stale=$stale, $behind behind', ({ key, stale, behind }) => {
    const v = result.get(key)!;
    expect(v.base).toMatchObject({ source: 'git', baseState: 'known', commitsBehind: behind });
    expect(v.findings.length).toBe(stale ? 1 : 0);
    expect(v.unknown).toEqual([]);
  });

  it('points at the branch commit that made the translation, with its date, and names the changed section', () => {
    const late = result.get('late')!;
    expect(late.base?.ref).toBe(sha.translated);
    expect(late.base?.ref).not.toBe(sha.merge);
    expect(late.base?.date).toBe('2021-01-05T12:00:00.000Z');
    expect(late.findings[0]?.data.changedSections).toEqual(['Status']);
  });
});
