/**
 * Stale by what readers see when the base is not a git commit: a translation whose base is an
 * earlier index run or a completed claim misses a later English title, short title or intro
 * change (a finding of its own, `fields`, a warning); other frontmatter and a pure rename are
 * no change. The site is no git work tree: every base comes from the index (dated by a fake
 * clock) or a claim.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import { HistoryRepository } from '../../db/repositories/history.ts';
import type { Config } from '../../server/config.ts';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import { englishChanges } from '../../server/history/diff.ts';
import { indexWithChecks } from '../../server/plugins/reindex.ts';
import { index, openTempDb, siteConfig, tempDir, verdicts, write, type Verdict } from './helpers.ts';

const page = (fm: string, body: string) => `---\n${fm}\n---\n\n${body}\n`;
const BODY = 'Intro.\n\n## Overview\n\nYou can enable license sync.';
const FM = 'title: Enabling license sync\nshortTitle: License sync\nintro: Sync user licenses.\nversions:\n  ghes: "*"';
const JA = page(
  'title: ライセンス同期の有効化\nshortTitle: ライセンス同期\nintro: ユーザーライセンスを同期します。\nversions:\n  ghes: "*"',
  '紹介。\n\n## 概要\n\nライセンス同期を有効にできます。',
);
const NAMES = ['title', 'short', 'intro', 'versions', 'rename', 'same', 'claimed'];
/** The English edit each page gets in the third run. */
const EDITS: Record<string, (text: string) => string> = {
  title: (t) => t.replace('title: Enabling license sync', 'title: Enabling user license sync'),
  short: (t) => t.replace('shortTitle: License sync', 'shortTitle: User license sync'),
  intro: (t) => t.replace('Sync user licenses.', 'Sync user licenses between Server and Cloud.'),
  versions: (t) => t.replace('ghes: "*"', 'ghes: ">=3.1"'),
  claimed: (t) => t.replace('title: Enabling license sync', 'title: Enabling user license sync'),
};

let root: string;
let dbDir: string;
let db: Db;
let config: Config;
let result: Map<string, Verdict>;
let claimId = 0;

beforeAll(async () => {
  root = tempDir('l10n-index-fields-');
  dbDir = tempDir('l10n-index-fields-db-');
  ({ db } = openTempDb(dbDir));
  config = siteConfig(path.join(root, 'site'), path.join(dbDir, 'drift.db'));
  // Run 1: English only. Run 2: the translations arrive, made from that English (index base, known).
  for (const name of NAMES) write(config.root, `content/${name}.md`, page(FM, BODY));
  await index(config, db, new Date('2021-01-01T00:00:00Z'));
  for (const name of NAMES) write(config.root, `translations/ja-JP/content/${name}.md`, JA);
  await index(config, db, new Date('2021-01-05T00:00:00Z'));
  // A translator reviews "claimed" against that English and completes a claim (the API stores the English hash).
  const repo = new HistoryRepository(db);
  const english = repo.liveDocument('en', 'claimed')!;
  claimId = 41;
  const claims = [{ claimId, locale: 'ja-JP', key: 'claimed', closedAt: '2021-01-06T00:00:00.000Z', baseHash: english.content_hash }];

  // Run 3: English edits one frontmatter field per page; "rename" moves (English and Japanese
  // alike, the old URL kept as a redirect) without another change.
  for (const [name, edit] of Object.entries(EDITS)) {
    const file = path.join(config.root, `content/${name}.md`);
    fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
  }
  fs.rmSync(path.join(config.root, 'content/rename.md'));
  write(config.root, 'content/renamed.md', page(`${FM}\nredirect_from:\n  - /rename`, BODY));
  fs.renameSync(path.join(config.root, 'translations/ja-JP/content/rename.md'), path.join(config.root, 'translations/ja-JP/content/renamed.md'));
  let t = Date.parse('2021-01-12T00:00:00Z');
  await indexWithChecks(config, db, () => new Date((t += 1000)));
  result = await verdicts(db, config, 'ja-JP', { claims });
});

afterAll(() => {
  db?.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dbDir, { recursive: true, force: true });
});

describe('content fields changed since an index or claim base', () => {
  const cases: { key: string; source: string; messageId: string | null; fields: string[] }[] = [
    { key: 'title', source: 'index', messageId: 'fields', fields: ['title'] },
    { key: 'short', source: 'index', messageId: 'fields', fields: ['shortTitle'] },
    { key: 'intro', source: 'index', messageId: 'fields', fields: ['intro'] },
    // Not content: frontmatter-mismatch compares versions.
    { key: 'versions', source: 'index', messageId: null, fields: [] },
    { key: 'renamed', source: 'index', messageId: null, fields: [] },
    { key: 'same', source: 'index', messageId: null, fields: [] },
    { key: 'claimed', source: 'claim', messageId: 'fields', fields: ['title'] },
  ];
  it.each(cases)('$key ($source base): $messageId', ({ key, source, messageId, fields }) => {
    const v = result.get(key)!;
    expect(v.base).toMatchObject({ source, baseState: 'known' });
    expect(v.findings.map((f) => f.messageId)).toEqual(messageId ? [messageId] : []);
    expect(v.unknown).toEqual([]);
    if (!messageId) return;
    const f = v.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(f.data).toMatchObject({ baseSource: source, changedFields: fields, changedSections: [], commitsBehind: 1 });
  });

  it('a title-only change counts as stale in the coverage model, like a changed section', () => {
    // Indexed with its checks: the claim above was handed to stale detection only, so "claimed" is stale here.
    const rows = new CoverageRepository(db).articles('en', 'ja-JP');
    const stale = rows.filter((r) => r.state === 'stale').map((r) => r.key);
    expect(stale.sort()).toEqual(['claimed', 'intro', 'short', 'title']);
    expect(
      rows
        .filter((r) => r.state === 'up-to-date')
        .map((r) => r.key)
        .sort(),
    ).toEqual(['renamed', 'same', 'versions']);
  });

  it('the English diff shows the field with its before and after', async () => {
    expect(await englishChanges(db, config, 'ja-JP', 'title')).toMatchObject({
      stale: true,
      sections: [],
      fields: [{ field: 'title', before: 'Enabling license sync', after: 'Enabling user license sync' }],
    });
    expect(await englishChanges(db, config, 'ja-JP', 'renamed')).toMatchObject({ stale: false, fields: [] });
  });
});
