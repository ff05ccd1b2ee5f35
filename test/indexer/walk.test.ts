import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getLayout } from '../../server/layouts/index.ts';
import { walkFiles } from '../../server/indexer/walk.ts';
import { copySample } from './helpers.ts';

describe('walkFiles', () => {
  it('enters only the layout’s folders, classifies each file once and sorts by path', () => {
    const root = copySample();
    const layout = getLayout('github-docs');
    // Folders the github-docs layout never indexes: a big data folder, a node project, a README.
    fs.mkdirSync(path.join(root, 'data', 'release-notes'), { recursive: true });
    fs.writeFileSync(path.join(root, 'data', 'release-notes', 'notes.md'), '# not a reusable\n');
    fs.writeFileSync(path.join(root, 'README.md'), '# site readme\n');

    const seen: string[] = [];
    const classify = (rel: string) => (seen.push(rel), layout.classify(rel));
    const english = walkFiles(root, classify, layout.walkFolders);
    expect(english.problems).toEqual([]);
    // English sits at the site root beside translations/: none of those were even looked at.
    expect(seen.filter((r) => r.startsWith('translations/') || r.startsWith('data/release-notes/') || r === 'README.md')).toEqual([]);
    expect(new Set(seen).size).toBe(seen.length);
    const rels = english.files.map((f) => f.relPath);
    expect(rels).toEqual([...rels].sort());
    expect(rels).toContain('content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md');
    expect(rels.some((r) => r.startsWith('data/variables/'))).toBe(true);
    for (const f of english.files) expect(f.info).toEqual(layout.classify(f.relPath));

    // de-DE has no data/ folder at all: missing folders are no problem.
    expect(fs.existsSync(path.join(layout.localeRoot(root, 'de-DE'), 'data'))).toBe(false);
    const german = walkFiles(layout.localeRoot(root, 'de-DE'), layout.classify, layout.walkFolders);
    expect(german.problems).toEqual([]);
    expect(german.files.map((f) => f.relPath)).toEqual([
      'content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md',
    ]);
  });

  it('does not follow a layout folder that is a symbolic link, or one under a linked folder', () => {
    const root = copySample();
    const layout = getLayout('github-docs');
    const german = layout.localeRoot(root, 'de-DE');
    // translations/de-DE/content → a folder outside the site; translations/ja-JP/data → the English data.
    const outside = fs.mkdtempSync(path.join(path.dirname(root), 'outside-'));
    fs.cpSync(path.join(german, 'content'), outside, { recursive: true });
    fs.rmSync(path.join(german, 'content'), { recursive: true });
    fs.symlinkSync(outside, path.join(german, 'content'));
    const japanese = layout.localeRoot(root, 'ja-JP');
    fs.symlinkSync(path.join(root, 'data'), path.join(japanese, 'data'));
    // A file where a folder is expected holds nothing to index.
    fs.writeFileSync(path.join(layout.localeRoot(root, 'es-ES'), 'data'), 'not a folder');

    const de = walkFiles(german, layout.classify, layout.walkFolders);
    expect(de.files).toEqual([]);
    expect(de.problems).toEqual([{ relPath: 'content', message: 'Symbolic link not followed' }]);
    const ja = walkFiles(japanese, layout.classify, layout.walkFolders);
    expect(ja.files.map((f) => f.relPath.split('/')[0])).toEqual(['content']);
    expect(ja.problems).toEqual([
      { relPath: 'data/reusables', message: 'Symbolic link not followed' },
      { relPath: 'data/variables', message: 'Symbolic link not followed' },
    ]);
    const es = walkFiles(layout.localeRoot(root, 'es-ES'), layout.classify, layout.walkFolders);
    expect(es.problems).toEqual([]);
    expect(es.files.length).toBe(1);
  });

  it('walks the whole folder when the layout names none', () => {
    const root = copySample();
    const all = walkFiles(root, (rel) => (rel.endsWith('.md') ? rel : null));
    expect(all.files.some((f) => f.relPath.startsWith('translations/ja-JP/content/'))).toBe(true);
  });
});
