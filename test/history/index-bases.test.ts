import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { HistoryRepository } from '../../db/repositories/history.ts';
import { resolveBases, staleKey } from '../../server/history/bases.ts';
import { index, siteConfig, tempDir, verdicts, write } from './helpers.ts';

const en = (sentence: string) => `---\ntitle: Page\n---\n\nIntro.\n\n## Overview\n\n${sentence}\n`;
const ja = (sentence: string) => `---\ntitle: ページ\n---\n\n紹介。\n\n## 概要\n\n${sentence}\n`;

describe('stale translations from index history (no git)', () => {
  it('a translation not touched while English changed is stale with base "index"; updating it makes it current', async () => {
    const root = tempDir('l10n-history-index-');
    const db = openDb(path.join(root, 'drift.db'));
    const config = siteConfig(path.join(root, 'site'), path.join(root, 'drift.db'));
    try {
      write(config.root, 'content/page.md', en('The first sentence.'));
      write(config.root, 'content/same.md', en('Stays the same.'));
      write(config.root, 'translations/ja-JP/content/page.md', ja('最初の文。'));
      write(config.root, 'translations/ja-JP/content/same.md', ja('同じまま。'));
      const run1 = await index(config, db, new Date('2021-01-01T00:00:00Z'));
      // The first run finds the translation already there: which English it was made from is unknown, not "up to date".
      const first = await (await verdicts(db, config, 'ja-JP')).get('page')!;
      expect(first.findings).toEqual([]);
      expect(first.base).toMatchObject({ source: 'index', baseState: 'unknown', reason: 'no-git-history' });
      expect(first.unknown.map((f) => [f.messageId, f.data.baseReason])).toEqual([['baseUnknown', 'no-git-history']]);

      write(config.root, 'content/page.md', en('The second sentence, rewritten.'));
      await index(config, db, new Date('2021-01-15T00:00:00Z'));
      const after = await verdicts(db, config, 'ja-JP');
      const page = after.get('page')!;
      // Still no known base, but English changed after the oldest version the index has: certainly stale.
      expect(page.base).toMatchObject({ source: 'index', baseState: 'unknown', ref: String(run1), commitsBehind: 1, daysBehind: 14 });
      expect(page.findings.map((f) => f.data.changedSections)).toEqual([['Overview']]);
      expect(page.findings[0]?.data).toMatchObject({ baseState: 'unknown', baseReason: 'no-git-history' });
      expect(page.unknown).toEqual([]);
      expect(after.get('same')?.findings).toEqual([]);
      expect(after.get('same')?.base).toMatchObject({ source: 'index', baseState: 'unknown', commitsBehind: 0 });
      expect(after.get('same')?.unknown.map((f) => f.messageId)).toEqual(['baseUnknown']);

      write(config.root, 'translations/ja-JP/content/page.md', ja('二番目の文。'));
      await index(config, db, new Date('2021-01-20T00:00:00Z'));
      // Seen changing by the index: the English current then is the base, known.
      expect((await verdicts(db, config, 'ja-JP')).get('page')).toMatchObject({
        findings: [],
        unknown: [],
        base: { source: 'index', baseState: 'known', commitsBehind: 0 },
      });
    } finally {
      db.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a page moved with its translation (redirect_from the old key) keeps the history the index saw under the old key', async () => {
    const root = tempDir('l10n-history-index-move-');
    const db = openDb(path.join(root, 'drift.db'));
    const config = siteConfig(path.join(root, 'site'), path.join(root, 'drift.db'));
    const moved = (sentence: string) => en(sentence).replace('title: Page\n', 'title: Page\nredirect_from:\n  - /page\n  - /gone\n');
    try {
      write(config.root, 'content/page.md', en('The first sentence.'));
      write(config.root, 'content/gone.md', en('Deleted early.'));
      // Pages that stay (a run that deletes most of the index is refused).
      for (const k of ['a', 'b', 'c', 'd']) write(config.root, `content/${k}.md`, en(`Stays ${k}.`));
      write(config.root, 'translations/ja-JP/content/page.md', ja('最初の文。'));
      write(config.root, 'translations/ja-JP/content/gone.md', ja('最初の文。'));
      await index(config, db, new Date('2021-01-01T00:00:00Z'));
      write(config.root, 'translations/ja-JP/content/page.md', ja('最初の文、訳し直し。'));
      const translated = await index(config, db, new Date('2021-01-10T00:00:00Z'));
      write(config.root, 'content/page.md', en('The second sentence.'));
      // A translation deleted in an earlier run than the moved one appears: no move of that one.
      fs.rmSync(path.join(config.root, 'translations/ja-JP/content/gone.md'));
      await index(config, db, new Date('2021-01-15T00:00:00Z'));
      // English and the Japanese translation move to a new key, the translation's bytes kept; English redirects from the old keys.
      fs.rmSync(path.join(config.root, 'content/page.md'));
      fs.rmSync(path.join(config.root, 'content/gone.md'));
      write(config.root, 'content/moved.md', moved('The second sentence.'));
      fs.renameSync(path.join(config.root, 'translations/ja-JP/content/page.md'), path.join(config.root, 'translations/ja-JP/content/moved.md'));
      await index(config, db, new Date('2021-02-01T00:00:00Z'));
      const after = await verdicts(db, config, 'ja-JP');
      // Made from the first English version (run 1), before the second sentence and the move's frontmatter change:
      // English's history continues from /page, the first old key the moved page names (its redirect rows in the order
      // written), not from /gone, deleted in the same run (the order once followed the query plan and took /gone).
      expect(after.get('moved')?.base).toMatchObject({ source: 'index', baseState: 'known', ref: '1', commitsBehind: 2, daysBehind: 22 });
      expect(after.get('moved')?.base?.date).toBe(new Date('2021-01-10T00:00:00Z').toISOString());
      expect(translated).toBe(2);
      expect(after.get('moved')?.findings.map((f) => f.data.changedSections)).toEqual([['Overview']]);
    } finally {
      db.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a completed claim newer than the history base wins', async () => {
    const root = tempDir('l10n-history-claim-');
    const db = openDb(path.join(root, 'drift.db'));
    const config = siteConfig(path.join(root, 'site'), path.join(root, 'drift.db'));
    try {
      write(config.root, 'content/page.md', en('The first sentence.'));
      write(config.root, 'translations/ja-JP/content/page.md', ja('最初の文。'));
      await index(config, db, new Date('2021-01-01T00:00:00Z'));
      write(config.root, 'content/page.md', en('The second sentence.'));
      const run2 = await index(config, db, new Date('2021-01-15T00:00:00Z'));
      const englishId = new HistoryRepository(db).liveDocument('en', 'page')!.id;
      const hash = new HistoryRepository(db).versionsOf(englishId).find((v) => v.run_id === run2)!.content_hash;
      // The translator reviewed against the second version and completed the claim without a file change.
      const claims = [{ claimId: 7, locale: 'ja-JP', key: 'page', closedAt: '2021-01-16T00:00:00.000Z', baseHash: hash }];
      const base = await (await resolveBases(db, config, { claims })).get(staleKey('ja-JP', 'page'));
      expect(base).toMatchObject({ source: 'claim', baseState: 'known', ref: '7', commitsBehind: 0 });
      expect((await verdicts(db, config, 'ja-JP', { claims })).get('page')?.findings).toEqual([]);
      expect((await verdicts(db, config, 'ja-JP')).get('page')?.findings).toHaveLength(1);
    } finally {
      db.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
