import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import type { Config } from '../../server/config.ts';
import { malformedSourceCommit } from '../../server/history/source-commit.ts';
import { commitAll, git, index, openTempDb, siteConfig, tempDir, verdicts, write, type Verdict } from './helpers.ts';

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5';

describe('malformed source-commit entries', () => {
  const cases: { name: string; frontmatter: Record<string, unknown>; entry: string | null; meant?: string }[] = [
    { name: 'well formed', frontmatter: { l10n: { sourceCommit: SHA } }, entry: null },
    { name: 'top-level sourceCommit', frontmatter: { sourceCommit: SHA }, entry: null },
    { name: 'no entry at all', frontmatter: { title: 'Array.prototype.at()' }, entry: null },
    { name: 'typo key l10', frontmatter: { l10: { sourceCommit: SHA } }, entry: `l10.sourceCommit: ${SHA}`, meant: `l10n.sourceCommit: ${SHA}` },
    // Real: MDN es web/javascript/reference/global_objects/array/keys (test/fixtures/mdn-sample).
    { name: 'transposed key ln10', frontmatter: { ln10: { sourceCommit: SHA } }, entry: `ln10.sourceCommit: ${SHA}`, meant: `l10n.sourceCommit: ${SHA}` },
    { name: 'typo key i10n', frontmatter: { i10n: { sourceCommit: SHA } }, entry: `i10n.sourceCommit: ${SHA}`, meant: `l10n.sourceCommit: ${SHA}` },
    { name: 'bare SHA', frontmatter: { l10n: SHA }, entry: `l10n: ${SHA}`, meant: `l10n.sourceCommit: ${SHA}` },
    { name: 'key without colon', frontmatter: { l10n: `sourceCommit ${SHA}` }, entry: `l10n: sourceCommit ${SHA}`, meant: `l10n.sourceCommit: ${SHA}` },
    { name: 'lower-case key', frontmatter: { l10n: { sourcecommit: SHA } }, entry: `l10n.sourcecommit: ${SHA}`, meant: `l10n.sourceCommit: ${SHA}` },
    { name: 'snake-case key', frontmatter: { l10n: { source_commit: SHA } }, entry: `l10n.source_commit: ${SHA}`, meant: `l10n.sourceCommit: ${SHA}` },
    { name: 'a title that merely holds hex', frontmatter: { title: 'Color #deadbeef', l10: 'not a sha' }, entry: null },
  ];
  it.each(cases)('$name', ({ frontmatter, entry, meant }) => {
    const found = malformedSourceCommit(frontmatter);
    expect(found?.entry ?? null).toBe(entry);
    if (meant) expect(found?.meant).toBe(meant);
  });
});

// A site whose git history starts with English and Japanese already there (a snapshot),
// then English edits, an uncommitted translation and translations with malformed entries.
const page = (title: string, body: string, extra = '') => `---\ntitle: ${title}\n${extra}---\n\n${body}\n`;
let root: string;
let dbDir: string;
let db: Db;
let config: Config;
let result: Map<string, Verdict>;

beforeAll(async () => {
  root = tempDir('l10n-base-unknown-');
  dbDir = tempDir('l10n-base-unknown-db-');
  git(root, ['init', '-q', '-b', 'main']);
  write(root, 'content/same.md', page('Same', 'Intro.\n\n## Overview\n\nNothing changes here.'));
  write(root, 'content/edited.md', page('Edited', 'Intro.\n\n## Overview\n\nThe first sentence.'));
  write(root, 'content/typo.md', page('Typo', 'Intro.\n\n## Overview\n\nA sentence.'));
  write(root, 'content/fresh.md', page('Fresh', 'Intro.\n\n## Overview\n\nA sentence.'));
  write(root, 'translations/ja-JP/content/same.md', page('同じ', '紹介。\n\n## 概要\n\nここは変わりません。'));
  write(root, 'translations/ja-JP/content/edited.md', page('編集', '紹介。\n\n## 概要\n\n最初の文。'));
  // A data file: translated, but stale detection compares sections and it has none.
  write(root, 'data/variables/product.yml', 'prodname_sync: License sync\n');
  write(root, 'translations/ja-JP/data/variables/product.yml', 'prodname_sync: ライセンス同期\n');
  const first = commitAll(root, 'Snapshot', '2021-01-01T12:00:00Z');
  write(root, 'content/edited.md', page('Edited', 'Intro.\n\n## Overview\n\nThe second sentence, rewritten.'));
  commitAll(root, 'English edit', '2021-01-10T12:00:00Z');
  write(root, 'translations/ja-JP/content/typo.md', page('誤記', '紹介。\n\n## 概要\n\n文。', `i10n:\n  sourceCommit: ${first}\n`));
  commitAll(root, 'Japanese with a typo', '2021-01-20T12:00:00Z');
  // Not committed: git does not know it, and the index sees it for the first time.
  write(root, 'translations/ja-JP/content/fresh.md', page('新しい', '紹介。\n\n## 概要\n\n文。'));
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

describe('base unknown is a state of its own, with its reason', () => {
  const cases: { key: string; state: 'known' | 'unknown'; reason?: string; stale: boolean; unknown: string[] }[] = [
    // Last changed in the first commit of the history: nothing says which English it was made from.
    { key: 'same', state: 'unknown', reason: 'before-history', stale: false, unknown: ['baseUnknown'] },
    // Equally unknown, but English changed after the history starts: certainly stale (a lower bound).
    { key: 'edited', state: 'unknown', reason: 'before-history', stale: true, unknown: [] },
    // A typo'd key is a finding; git still gives the base (its commit), known.
    { key: 'typo', state: 'known', stale: false, unknown: ['malformedSourceCommit'] },
    { key: 'fresh', state: 'unknown', reason: 'not-committed', stale: false, unknown: ['baseUnknown'] },
  ];
  it.each(cases)('$key: $state $reason', ({ key, state, reason, stale, unknown }) => {
    const v = result.get(key)!;
    expect(v.base?.baseState).toBe(state);
    expect(v.base?.reason).toBe(reason);
    expect(v.findings.length).toBe(stale ? 1 : 0);
    expect(v.unknown.map((f) => f.messageId)).toEqual(unknown);
  });

  it('a translated data file says why its base is unknown: stale detection does not compare data files', () => {
    const v = result.get('variables.product')!;
    expect(v.base).toBeUndefined();
    expect(v.findings).toEqual([]);
    expect(v.unknown.map((f) => [f.messageId, f.data.baseReason])).toEqual([['baseUnknown', 'data-file']]);
    expect(v.unknown[0]!.data.reasonText).toContain('data file');
  });

  it('the findings say why and what the malformed entry meant', () => {
    expect(result.get('same')!.unknown[0]!.data).toMatchObject({
      baseState: 'unknown',
      baseReason: 'before-history',
      reasonText: expect.stringContaining('older than the history'),
    });
    expect(result.get('edited')!.findings[0]!.data).toMatchObject({ baseState: 'unknown', baseReason: 'before-history', commitsBehind: 1 });
    const typo = result.get('typo')!.unknown[0]!;
    expect(typo.data.entry).toMatch(/^i10n\.sourceCommit: [0-9a-f]{40}$/);
    expect(typo.data.meant).toMatch(/^l10n\.sourceCommit: [0-9a-f]{40}$/);
    expect(typo.line).toBe(3);
  });
});
