import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import type { Config } from '../../server/config.ts';
import { formatDiff } from '../../server/cli/diff-command.ts';
import { englishChanges } from '../../server/history/diff.ts';
import { commitAll, git, index, openTempDb, siteConfig, tempDir, verdicts, write, type Verdict } from './helpers.ts';

// Stale by what readers see: English frontmatter fields that are content (title, short
// title, intro) changed since the base; other frontmatter (versions) and renames are not.
const page = (fm: string, body: string) => `---\n${fm}\n---\n\n${body}\n`;
const BODY = 'Intro.\n\n## Overview\n\nYou can enable license sync.';
const FM = 'title: Enabling license sync\nshortTitle: License sync\nintro: Sync user licenses.\nversions:\n  ghes: "*"';
const JA = page(
  'title: ライセンス同期の有効化\nshortTitle: ライセンス同期\nintro: ユーザーライセンスを同期します。\nversions:\n  ghes: "*"',
  '紹介。\n\n## 概要\n\nライセンス同期を有効にできます。',
);

let root: string;
let dbDir: string;
let db: Db;
let config: Config;
let first: Map<string, Verdict>;
let again: Map<string, Verdict>;

beforeAll(async () => {
  root = tempDir('l10n-fields-');
  dbDir = tempDir('l10n-fields-db-');
  git(root, ['init', '-q', '-b', 'main']);
  write(root, 'README.md', 'A test site.\n');
  commitAll(root, 'Start', '2021-01-01T12:00:00Z');
  for (const name of ['title', 'intro', 'versions', 'both', 'same']) {
    write(root, `content/${name}.md`, page(FM, BODY));
    write(root, `translations/ja-JP/content/${name}.md`, JA);
  }
  commitAll(root, 'English and Japanese', '2021-01-02T12:00:00Z');
  write(root, 'content/title.md', page(FM.replace('title: Enabling license sync', 'title: Enabling user license sync'), BODY));
  write(root, 'content/intro.md', page(FM.replace('Sync user licenses.', 'Sync user licenses between Server and Cloud.'), BODY));
  write(root, 'content/versions.md', page(FM.replace('ghes: "*"', 'ghes: ">=3.1"'), BODY));
  write(
    root,
    'content/both.md',
    page(FM.replace('shortTitle: License sync', 'shortTitle: User license sync'), BODY.replace('enable license sync', 'enable user license sync')),
  );
  commitAll(root, 'English edits', '2021-01-12T12:00:00Z');
  ({ db } = openTempDb(dbDir));
  config = siteConfig(root, path.join(dbDir, 'drift.db'));
  await index(config, db);
  first = await verdicts(db, config, 'ja-JP');
  // The second resolution reads the English blobs' sections and fields from the cache.
  again = await verdicts(db, config, 'ja-JP');
});

afterAll(() => {
  db?.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dbDir, { recursive: true, force: true });
});

describe('content fields of the frontmatter count as English changes', () => {
  const cases: { key: string; messageId: string | null; fields: string[]; sections: string[]; severity?: string }[] = [
    { key: 'title', messageId: 'fields', fields: ['title'], sections: [], severity: 'warning' },
    { key: 'intro', messageId: 'fields', fields: ['intro'], sections: [], severity: 'warning' },
    // Not content: the versions check (frontmatter-mismatch) compares those.
    { key: 'versions', messageId: null, fields: [], sections: [] },
    { key: 'both', messageId: 'stale', fields: ['shortTitle'], sections: ['Overview'] },
    { key: 'same', messageId: null, fields: [], sections: [] },
  ];
  it.each(cases)('$key: $messageId', ({ key, messageId, fields, sections, severity }) => {
    for (const result of [first, again]) {
      const v = result.get(key)!;
      expect(v.findings.map((f) => f.messageId)).toEqual(messageId ? [messageId] : []);
      if (!messageId) continue;
      const data = v.findings[0]!.data;
      expect(data.changedFields).toEqual(fields);
      expect(data.changedSections).toEqual(sections);
      if (severity) expect(v.findings[0]!.severity).toBe(severity);
    }
  });

  it('names each field with its English before and after, in the finding and as its own part of the English diff', async () => {
    const title = [{ field: 'title', before: 'Enabling license sync', after: 'Enabling user license sync' }];
    expect(first.get('title')!.findings[0]!.data.fields).toEqual(title);
    const diff = (await englishChanges(db, config, 'ja-JP', 'title'))!;
    expect(diff).toMatchObject({ stale: true, sections: [], fields: title });
    expect(formatDiff(diff, false)).toContain('frontmatter title — changed\n  [-Enabling license sync-] {+Enabling user license sync+}');
    expect(await englishChanges(db, config, 'ja-JP', 'versions')).toMatchObject({ stale: false, fields: [] });
  });
});
