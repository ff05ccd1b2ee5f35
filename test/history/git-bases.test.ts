import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import type { Config } from '../../server/config.ts';
import { diffCommand } from '../../server/cli/diff-command.ts';
import { englishChanges, englishDiff } from '../../server/history/diff.ts';
import { commitAll, git, index, openTempDb, siteConfig, tempDir, verdicts, write, type Verdict } from './helpers.ts';

// A small GitHub Docs site whose history the test writes: English edits, translation
// commits, renames, a sourceCommit that does not exist and a cosmetic-only edit.
const page = (title: string, body: string, extra = '') => `---\ntitle: ${title}\n${extra}---\n\n${body}\n`;

const EN = {
  current: page('Current', 'Intro text.\n\n## Overview\n\nNothing changes here.'),
  text: page(
    'Text',
    'Intro text.\n\n## Overview\n\nYou can enable license sync from the enterprise settings.\n\n## Further reading\n\n- [Licenses](/billing/licenses)',
  ),
  steps: page('Steps', 'Intro.\n\n## Enabling sync\n\n1. Open the settings.\n1. Click **License sync**.\n1. Click **Save**.'),
  cosmetic: page('Cosmetic', 'Intro.\n\n## Overview\n\nYou can *enable* license sync from the [settings](/old/settings) page of your enterprise account.'),
  moved: page('Moved', 'Intro.\n\n## Overview\n\nThe old overview sentence.'),
  moved2: page(
    'Moved two',
    'Intro.\n\n## Details\n\nA page that moves without a redirect.\n\nIt has several lines so that git sees the move as a rename.\n\nLine three.\n\nLine four.',
  ),
  renamed: page('Renamed', 'Intro.\n\n## Overview\n\nA page that only moves.'),
  unknown: page('Unknown', 'Intro.\n\n## Overview\n\nSome text.'),
  sourced: page('Sourced', 'Intro.\n\n## Overview\n\nThe first sentence.'),
  retranslated: page('Retranslated', 'Intro.\n\n## Overview\n\nThe first sentence.'),
};
const JA = (title: string, body: string, extra = '') => page(title, body, extra);

let root: string;
let dbDir: string;
let db: Db;
let config: Config;
let result: Map<string, Verdict>;
let c1: string;
let c3: string;
let c4: string;

beforeAll(async () => {
  root = tempDir('l10n-history-git-');
  dbDir = tempDir('l10n-history-db-');
  git(root, ['init', '-q', '-b', 'main']);
  // The site's history starts before its pages: a translation added in the first commit is "before history".
  write(root, 'README.md', 'A test site.\n');
  commitAll(root, 'Start', '2020-12-01T12:00:00Z');
  for (const [name, text] of Object.entries(EN)) {
    const rel = name === 'moved' ? 'moved-old' : name === 'moved2' ? 'moved2-old' : name === 'renamed' ? 'renamed-old' : name;
    write(root, `content/${rel}.md`, text);
  }
  write(root, 'translations/ja-JP/content/current.md', JA('現在', '紹介。\n\n## 概要\n\nここは変わりません。'));
  write(
    root,
    'translations/ja-JP/content/text.md',
    JA('テキスト', '紹介。\n\n## 概要\n\nエンタープライズ設定からライセンス同期を有効にできます。\n\n## 参考リンク\n\n- [ライセンス](/billing/licenses)'),
  );
  write(
    root,
    'translations/ja-JP/content/steps.md',
    JA('手順', '紹介。\n\n## 同期の有効化\n\n1. 設定を開きます。\n1. **License sync** をクリックします。\n1. **Save** をクリックします。'),
  );
  // The translation already links to the target English moves its link to.
  write(
    root,
    'translations/ja-JP/content/cosmetic.md',
    JA('見た目', '紹介。\n\n## 概要\n\nエンタープライズアカウントの[設定](/new/settings)ページからライセンス同期を有効にできます。'),
  );
  write(root, 'translations/ja-JP/content/moved-old.md', JA('移動', '紹介。\n\n## 概要\n\n古い概要の文。'));
  write(root, 'translations/ja-JP/content/moved2-old.md', JA('移動二', '紹介。\n\n## 詳細\n\nリダイレクトなしで移動するページ。'));
  write(root, 'translations/ja-JP/content/renamed-old.md', JA('改名', '紹介。\n\n## 概要\n\n移動するだけのページ。'));
  write(
    root,
    'translations/ja-JP/content/unknown.md',
    JA('不明', '紹介。\n\n## 概要\n\nテキスト。', 'sourceCommit: 0123456789abcdef0123456789abcdef01234567\n'),
  );
  write(root, 'translations/ja-JP/content/retranslated.md', JA('再翻訳', '紹介。\n\n## 概要\n\n最初の文。'));
  c1 = commitAll(root, 'English and Japanese', '2021-01-01T12:00:00Z');

  write(root, 'content/text.md', EN.text.replace('from the enterprise settings.', 'from the enterprise account settings, after you connect GitHub Connect.'));
  write(root, 'content/steps.md', EN.steps.replace('1. Click **License sync**.', '1. In the left sidebar, click **GitHub Connect**.'));
  // Cosmetic only: re-wrapped, emphasis changed, link moved to a target the translation already has.
  write(
    root,
    'content/cosmetic.md',
    EN.cosmetic.replace(
      'You can *enable* license sync from the [settings](/old/settings) page',
      'You can **enable** license sync\nfrom the [settings](/new/settings)   page',
    ),
  );
  write(root, 'content/moved-old.md', EN.moved.replace('The old overview sentence.', 'The new overview sentence, with more words.'));
  write(root, 'content/sourced.md', EN.sourced.replace('The first sentence.', 'The second sentence.'));
  write(root, 'content/retranslated.md', EN.retranslated.replace('The first sentence.', 'The second sentence.'));
  commitAll(root, 'English edits', '2021-01-11T12:00:00Z');

  // English pages move; the translations move with them unchanged.
  git(root, ['mv', 'content/moved-old.md', 'content/moved-new.md']);
  write(
    root,
    'content/moved-new.md',
    fs.readFileSync(path.join(root, 'content/moved-new.md'), 'utf8').replace('title: Moved\n', 'title: Moved\nredirect_from:\n  - /moved-old\n'),
  );
  git(root, ['mv', 'translations/ja-JP/content/moved-old.md', 'translations/ja-JP/content/moved-new.md']);
  git(root, ['mv', 'content/moved2-old.md', 'content/moved2-new.md']);
  write(
    root,
    'content/moved2-new.md',
    fs.readFileSync(path.join(root, 'content/moved2-new.md'), 'utf8').replace('title: Moved two\n', 'title: Moved two\ntopics:\n  - Enterprise\n'),
  );
  git(root, ['mv', 'translations/ja-JP/content/moved2-old.md', 'translations/ja-JP/content/moved2-new.md']);
  // A pure rename: the same bytes under a new name, English and translation alike.
  git(root, ['mv', 'content/renamed-old.md', 'content/renamed-new.md']);
  git(root, ['mv', 'translations/ja-JP/content/renamed-old.md', 'translations/ja-JP/content/renamed-new.md']);
  c3 = commitAll(root, 'Move pages', '2021-01-21T12:00:00Z');

  write(root, 'translations/ja-JP/content/retranslated.md', JA('再翻訳', '紹介。\n\n## 概要\n\n二番目の文。'));
  // Made from the first English version although committed now: its sourceCommit says so.
  write(root, 'translations/ja-JP/content/sourced.md', JA('出典', '紹介。\n\n## 概要\n\n最初の文。', `l10n:\n  sourceCommit: ${c1}\n`));
  c4 = commitAll(root, 'Japanese updates', '2021-02-01T12:00:00Z');

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

const headings = (v: Verdict | undefined) =>
  ((v?.findings[0]?.data.sections as { heading: string; status: string }[] | undefined) ?? []).map((s) => `${s.heading}:${s.status}`);

describe('stale translations from git history', () => {
  const cases: { key: string; stale: boolean; source: string; behind: number | null; sections?: string[]; severity?: string; kinds?: string[] }[] = [
    { key: 'current', stale: false, source: 'git', behind: 0 },
    { key: 'text', stale: true, source: 'git', behind: 1, sections: ['Overview:changed'], severity: 'warning', kinds: ['text'] },
    { key: 'steps', stale: true, source: 'git', behind: 1, sections: ['Enabling sync:changed'], severity: 'error', kinds: ['procedure', 'text'] },
    { key: 'cosmetic', stale: false, source: 'git', behind: 1 },
    // Made at C1 under the old path; the move (C3) kept its bytes, so the base is C1 and the C2 edit is missing.
    { key: 'moved-new', stale: true, source: 'git', behind: 2, sections: ['Overview:changed'], severity: 'warning' },
    // Renamed with an edit and no redirect: only git's rename detection links the two paths.
    { key: 'moved2-new', stale: false, source: 'git', behind: 1 },
    { key: 'retranslated', stale: false, source: 'git', behind: 0 },
    // A pure rename is no English change: not stale, and nothing behind.
    { key: 'renamed-new', stale: false, source: 'git', behind: 0 },
    { key: 'sourced', stale: true, source: 'sourceCommit', behind: 1, sections: ['Overview:changed'] },
  ];
  it.each(cases)('$key: stale=$stale, base $source, $behind behind', ({ key, stale, source, behind, sections, severity, kinds }) => {
    const v = result.get(key);
    expect(v?.base?.source).toBe(source);
    expect(v?.base?.commitsBehind).toBe(behind);
    expect(v?.findings.length).toBe(stale ? 1 : 0);
    if (sections) expect(headings(v)).toEqual(sections);
    if (severity) expect(v?.findings[0]?.severity).toBe(severity);
    if (kinds) expect((v?.findings[0]?.data.sections as { kinds: string[] }[])[0]?.kinds).toEqual(kinds);
  });

  it("bases point at the commit and date of the translation's last content change", () => {
    expect(result.get('moved-new')?.base?.ref).toBe(c1);
    expect(result.get('moved-new')?.base?.date).toBe('2021-01-01T12:00:00.000Z');
    expect(result.get('moved-new')?.base?.daysBehind).toBe(20);
    expect(result.get('retranslated')?.base?.ref).toBe(c4);
    expect(result.get('sourced')?.base?.ref).toBe(c1);
    expect(result.get('text')?.base?.daysBehind).toBe(10);
    expect(c3).not.toBe(c1);
  });

  it('an unknown sourceCommit is a base-unknown finding, not a stale one', () => {
    const v = result.get('unknown');
    expect(v?.base).toMatchObject({ source: 'sourceCommit', baseState: 'unknown', reason: 'unknown-commit' });
    expect(v?.base?.problem).toMatch(/0123456789abcdef/);
    expect(v?.findings).toEqual([]);
    expect(v?.unknown.map((f) => f.messageId)).toEqual(['unknownSourceCommit']);
  });

  it('every other base here is known, and no known base gives a base-unknown finding', () => {
    for (const [key, v] of result) {
      if (key === 'unknown') continue;
      expect(v.base?.baseState, key).toBe('known');
      expect(v.unknown, key).toEqual([]);
    }
  });

  it('finding data carries what the API reads', () => {
    const data = result.get('text')!.findings[0]!.data;
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(['commitsBehind', 'daysBehind', 'changedSections', 'baseSource', 'baseRef', 'baseDate', 'sections']),
    );
    expect(data.changedSections).toEqual(['Overview']);
    expect(data.wordsChanged).toBeGreaterThan(0);
  });

  it('englishDiff gives the word diff of each changed English section', async () => {
    const changes = (await englishChanges(db, config, 'ja-JP', 'text'))!;
    expect(changes.stale).toBe(true);
    expect(changes.base?.source).toBe('git');
    const parts = changes.sections[0]!.parts;
    // Same + removed rebuilds the base section, same + added the current one.
    expect(
      parts
        .filter((p) => p.op !== 'added')
        .map((p) => p.text)
        .join(''),
    ).toBe('## Overview\n\nYou can enable license sync from the enterprise settings.\n');
    expect(
      parts
        .filter((p) => p.op !== 'removed')
        .map((p) => p.text)
        .join(''),
    ).toContain('enterprise account settings, after you connect GitHub Connect.');
    expect(
      parts
        .filter((p) => p.op === 'added')
        .map((p) => p.text)
        .join(''),
    ).toContain('GitHub Connect');
    const api = (await englishDiff(db, config, 'ja-JP', 'text'))!;
    expect([...api.keys()]).toEqual([1]);
    expect((await englishDiff(db, config, 'ja-JP', 'current'))?.size).toBe(0);
    expect((await englishChanges(db, config, 'ja-JP', 'cosmetic'))?.stale).toBe(false);
  });

  it('`l10n-drift diff` prints the English changes, marked without a terminal and coloured on one', async () => {
    const out = async (argv: string[], isTTY: boolean) => {
      let text = '';
      const stream = { write: (s: string) => ((text += s), true), isTTY } as unknown as NodeJS.WritableStream & { isTTY: boolean };
      const code = await diffCommand([...argv, '--root', root, '--db', path.join(dbDir, 'drift.db')], { stdout: stream, stderr: stream, cwd: dbDir, env: {} });
      return { code, text };
    };
    const plain = await out(['ja-JP', 'steps'], false);
    expect(plain.code).toBe(1);
    expect(plain.text).toContain('## Enabling sync — changed: procedure, text');
    expect(plain.text).toContain('1. [-Click-]{+In the left sidebar, click+} **[-License sync-]{+GitHub Connect+}**.');
    expect(plain.text).not.toContain('\x1b[');
    const tty = await out(['ja-JP', 'steps'], true);
    expect(tty.text).toContain('\x1b[32m');
    const current = await out(['ja-JP', 'cosmetic'], false);
    expect(current.code).toBe(0);
    expect(current.text).toContain('cosmetic');
  });
});
