/**
 * Fix to a fixed point (issue 21): a link fix makes the section alignment certain of a pair
 * it could not pair before, which reveals that pair's heading-level difference. `fix` checks
 * the fixed text again in memory and fixes the revealed heading too, so the re-index after
 * `fix --write` finds nothing new.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingWithStatus } from '../../db/repositories/findings.ts';
import { copySample, indexRoot, writeFile, type Indexed } from '../checks/helpers.ts';
import { cli, git, gitInit } from './helpers.ts';

const PAGE = 'content/admin/configuration/configuring-github-connect/about-github-connect.md';
const JA = `translations/ja-JP/${PAGE}`;
const NEW = '/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';
// One of the article's redirect_from entries: a link to it is outdated (outdated-link redirect, fixable).
const OLD = '/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';
const KEY = PAGE.slice('content/'.length, -'.md'.length);
const MGC = '/admin/configuration/configuring-github-connect/managing-github-connect';
const FRONTMATTER = "---\ntitle: About GitHub Connect\nintro: About it.\nversions:\n  ghes: '*'\n---\n";
// English has a section the translation lacks ("More"): after "Setup" the two runs differ in
// length, so the alignment is sure of "License sync" only once the two share its link target.
const ENGLISH = `${FRONTMATTER}\nIntro.\n\n## Setup\n\nSee [the server](${MGC}).\n\n## License sync\n\nSee [sync](${NEW}).\n\n## More\n\nOther text only.\n`;
const JAPANESE = `${FRONTMATTER}\n紹介。\n\n## セットアップ\n\n[サーバー](${MGC})を参照。\n\n### ライセンス同期\n\n[同期](${OLD})を参照。\n`;

let site: Indexed;
let before: FindingWithStatus[];
const args = () => ['--root', site.root, '--db', site.config.db, '--locale', 'ja-JP', '--key', KEY];

beforeAll(async () => {
  const root = copySample();
  writeFile(root, PAGE, ENGLISH);
  writeFile(root, JA, JAPANESE);
  gitInit(root);
  site = await indexRoot(root);
  before = site.findings.list({ status: 'open', locale: 'ja-JP', key: KEY, limit: 1000 }).items;
});
afterAll(() => site.close());

describe('fix reaches a fixed point', () => {
  it('the index sees the outdated link and cannot pair the misleveled heading', () => {
    expect(before.map((f) => `${f.check_id} ${f.message_id}`).sort()).toEqual([
      'base-unknown baseUnknown',
      'outdated-link redirect',
      'structure-mismatch sectionCount',
    ]);
  });

  it('the patch fixes the link and the heading level the fixed link reveals', async () => {
    const r = await cli(['fix', ...args()], site.root);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('1 of 1 mechanical findings fixed (outdated-link 1), and 1 the fixes revealed');
    expect(r.out).toContain('-### ライセンス同期\n+## ライセンス同期');
    expect(r.out).toContain(`+[同期](${NEW})を参照。`);
    expect(git(site.root, 'status', '--porcelain')).toBe('');
  });

  it('--write then index: the link finding resolves, no finding is new, the prose is untouched', async () => {
    const w = await cli(['fix', ...args(), '--write'], site.root);
    expect(w.code, w.err).toBe(0);
    expect(fs.readFileSync(path.join(site.root, JA), 'utf8')).toBe(JAPANESE.replace('### ライセンス同期', '## ライセンス同期').replace(OLD, NEW));
    const runId = await site.reindex();
    const open = site.findings.list({ status: 'open', locale: 'ja-JP', limit: 10_000 }).items;
    expect(open.filter((f) => f.first_run === runId)).toEqual([]);
    const resolved = site.findings.list({ status: 'resolved', locale: 'ja-JP', limit: 10_000 }).items.filter((f) => f.resolved_run === runId);
    expect(resolved.map((f) => `${f.check_id} ${f.message_id} ${f.path}`)).toEqual([`outdated-link redirect ${JA}`]);
    // Nothing left to fix on the page.
    const again = await cli(['fix', ...args()], site.root);
    expect(again.out).toBe('');
  });
});
