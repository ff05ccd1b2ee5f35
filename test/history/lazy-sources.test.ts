import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import type { StaleBase } from '../../server/checks/define.ts';
import type { Config } from '../../server/config.ts';
import { SectionsChanged } from '../../db/repositories/history.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import { CHECKS } from '../../server/checks/registry.ts';
import { resolveBases } from '../../server/history/bases.ts';
import { resolveStaleBases } from '../../server/history/lookup.ts';
import { runChecks } from '../../server/run-checks.ts';
import { commitAll, git, index, openTempDb, page, siteConfig, tempDir, write } from './helpers.ts';

// A check run's bases read the text of current English sections on first access
// (`lazySources`): the same bases as read whole, and an error, not another text, when the
// index changed between the hashes and the text.
let root: string;
let db: Db;
let config: Config;

const sectionsOf = (bases: Map<string, StaleBase>) =>
  [...bases].map(([id, b]) => [id, b.sections?.map((s) => ({ ...s, source: s.source })) ?? null, b.commitsBehind]);

beforeAll(async () => {
  root = tempDir('l10n-lazy-sources-');
  git(root, ['init', '-q', '-b', 'main']);
  write(root, 'README.md', 'A test site.\n');
  commitAll(root, 'Start', '2020-12-01T12:00:00Z');
  write(root, 'content/same.md', page('Same', 'Intro.\n\n## Overview\n\nNothing changes here.\n\n## More\n\nStill the same.'));
  write(root, 'content/changed.md', page('Changed', 'Intro.\n\n## Overview\n\nThe first sentence.'));
  commitAll(root, 'English', '2021-01-01T12:00:00Z');
  write(root, 'translations/ja-JP/content/same.md', page('同じ', '紹介。\n\n## 概要\n\nここは変わりません。\n\n## その他\n\n同じです。'));
  write(root, 'translations/ja-JP/content/changed.md', page('変更', '紹介。\n\n## 概要\n\n最初の文。'));
  commitAll(root, 'Translate', '2021-01-02T12:00:00Z');
  write(root, 'content/changed.md', page('Changed', 'Intro.\n\n## Overview\n\nThe first sentence, rewritten.\n\n## New\n\nA new section.'));
  commitAll(root, 'English again', '2021-01-03T12:00:00Z');
  const opened = openTempDb(tempDir('l10n-lazy-sources-db-'));
  db = opened.db;
  config = siteConfig(root, opened.file);
  await index(config, db);
});

afterAll(() => db?.close());

describe('stale bases with the text of current English sections read on first access', () => {
  it('are the bases read whole', async () => {
    const whole = await resolveBases(db, config);
    const lazy = await resolveBases(db, config, { lazySources: true });
    expect(sectionsOf(lazy)).toEqual(sectionsOf(whole));
    // A base at the current English (up to date) and one behind it, both with sections.
    expect(whole.get('ja-JP\0same')?.commitsBehind).toBe(0);
    expect(whole.get('ja-JP\0changed')?.commitsBehind).toBe(1);
    expect(
      whole
        .get('ja-JP\0same')
        ?.sections?.map((s) => s.source)
        .join(''),
    ).toContain('Still the same.');
  });

  it('throw when the section changed in the index after its hashes were read', async () => {
    const lazy = await resolveBases(db, config, { lazySources: true });
    write(root, 'content/same.md', page('Same', 'Intro.\n\n## Overview\n\nNothing changes here.\n\n## More\n\nNow it changed.'));
    await index(config, db, new Date('2021-03-02T00:00:00Z'));
    const more = lazy.get('ja-JP\0same')?.sections?.find((s) => s.heading === 'More');
    expect(more).toBeDefined();
    expect(() => more!.source).toThrow(SectionsChanged);
    expect(() => more!.source).toThrow(/changed after its hashes were read/);
  });
});

describe('a check run whose bases were resolved before another connection committed', () => {
  // resolveAndRun (server/check-with-bases.ts) starts attempts 0-2 again on SectionsChanged; the
  // last attempt runs whatever commits, with the current English text read with its hashes.
  const spoiled = async (lazySources: boolean) => {
    const site = tempDir('l10n-lazy-spoiled-');
    git(site, ['init', '-q', '-b', 'main']);
    write(site, 'README.md', 'x\n');
    commitAll(site, 'Start', '2020-12-01T12:00:00Z');
    write(site, 'content/same.md', page('Same', 'Intro.\n\n## Overview\n\nNothing changes here.\n\n## More\n\nStill the same.'));
    commitAll(site, 'English', '2021-01-01T12:00:00Z');
    write(site, 'translations/ja-JP/content/same.md', page('同じ', '紹介。\n\n## 概要\n\nここは変わりません。\n\n## その他\n\n同じです。'));
    commitAll(site, 'Translate', '2021-01-02T12:00:00Z');
    const opened = openTempDb(tempDir('l10n-lazy-spoiled-db-'));
    const siteDb = opened.db;
    const siteConf = siteConfig(site, opened.file);
    try {
      await index(siteConf, siteDb, new Date('2021-03-01T00:00:00Z'));
      const staleBase = await resolveStaleBases(siteDb, siteConf, CHECKS, lazySources);
      // Another process indexes an English edit between the resolution and the checks' transaction.
      write(site, 'content/same.md', page('Same', 'Intro.\n\n## Overview\n\nNothing changes here.\n\n## More\n\nNow it changed a lot here.'));
      const other = openDb(opened.file);
      await index(siteConf, other, new Date('2021-03-02T00:00:00Z'));
      other.close();
      const now = new Date('2021-03-03T00:00:00Z');
      const runs = new RunsRepository(siteDb);
      const runId = runs.start(now);
      try {
        runChecks(siteDb, siteConf, runId, now, { staleBase, full: true });
      } finally {
        runs.fail(runId, now, 'test: a check run only');
      }
    } finally {
      siteDb.close();
    }
  };

  it('read lazily, throws SectionsChanged (the attempt starts again)', async () => {
    await expect(spoiled(true)).rejects.toThrow(SectionsChanged);
  });

  it('read with their hashes (the last attempt), finishes', async () => {
    await expect(spoiled(false)).resolves.toBeUndefined();
  });
});

describe('stale bases from index history, the text of their recorded English versions read on first access', () => {
  it('are the bases read whole, read a version’s own text when asked, and throw when the version was recorded again', async () => {
    // No git: the index's recorded versions are the history.
    const site = tempDir('l10n-lazy-versions-');
    write(site, 'content/changed.md', page('Changed', 'Intro.\n\n## Overview\n\nThe first sentence.'));
    write(site, 'translations/ja-JP/content/changed.md', page('変更', '紹介。\n\n## 概要\n\n最初の文。'));
    const opened = openTempDb(tempDir('l10n-lazy-versions-db-'));
    const siteConf = siteConfig(site, opened.file);
    try {
      await index(siteConf, opened.db, new Date('2021-03-01T00:00:00Z'));
      write(site, 'content/changed.md', page('Changed', 'Intro.\n\n## Overview\n\nThe first sentence, rewritten.'));
      await index(siteConf, opened.db, new Date('2021-03-02T00:00:00Z'));
      const whole = await resolveBases(opened.db, siteConf);
      const lazy = await resolveBases(opened.db, siteConf, { lazySources: true });
      expect(whole.get('ja-JP\0changed')).toMatchObject({ source: 'index', commitsBehind: 1 });
      expect(sectionsOf(lazy)).toEqual(sectionsOf(whole));
      const overview = () => lazy.get('ja-JP\0changed')?.sections?.find((s) => s.heading === 'Overview');
      expect(overview()?.source).toContain('The first sentence.');
      expect(overview()?.source).not.toContain('rewritten');

      const again = await resolveBases(opened.db, siteConf, { lazySources: true });
      const recorded = opened.db.prepare('SELECT document_id, run_id, sections_json FROM document_versions ORDER BY run_id LIMIT 1').get() as {
        document_id: number;
        run_id: number;
        sections_json: string;
      };
      const edited = (JSON.parse(recorded.sections_json) as { textHash: string }[]).map((s) => ({ ...s, textHash: 'another' }));
      opened.db
        .prepare('UPDATE document_versions SET sections_json = ? WHERE document_id = ? AND run_id = ?')
        .run(JSON.stringify(edited), recorded.document_id, recorded.run_id);
      const section = again.get('ja-JP\0changed')?.sections?.find((s) => s.heading === 'Overview');
      expect(() => section!.source).toThrow(SectionsChanged);
    } finally {
      opened.db.close();
    }
  });
});
