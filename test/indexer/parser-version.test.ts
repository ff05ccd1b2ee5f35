import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseKey, parserPackages, parserSources, parserVersion, rowSources, sourcesVersion } from '../../server/indexer/parser-version.ts';

const SERVER = fileURLToPath(new URL('../../server/', import.meta.url));
const relative = (files: string[], root: string) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

describe('parserVersion', () => {
  it('covers every module parse.ts uses, transitively, and nothing outside the indexer and layouts', () => {
    const files = relative(parserSources(), SERVER);
    expect(files).toContain('indexer/parse.ts');
    for (const f of ['indexer/liquid.ts', 'indexer/language.ts', 'indexer/limits.ts', 'indexer/types.ts']) expect(files).toContain(f);
    expect(files.every((f) => f.startsWith('indexer/') || f.startsWith('layouts/'))).toBe(true);
    // What uses the parser is not part of it.
    expect(files).not.toContain('indexer/indexer.ts');
    expect(files).not.toContain('indexer/parser-version.ts');
  });

  it('names the installed version of every package the parser loads, and no module of Node', () => {
    const packages = parserPackages(parserSources()).map((p) => p.replace(/@[^@]+$/, ''));
    for (const name of ['markdown-it', 'liquidjs', 'gray-matter', 'eld']) expect(packages).toContain(name);
    expect(packages.some((p) => p.startsWith('node:') || ['crypto', 'fs', 'path'].includes(p))).toBe(false);
    const markdownIt = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../node_modules/markdown-it/package.json', import.meta.url)), 'utf8')) as {
      version: string;
    };
    expect(parserPackages(parserSources())).toContain(`markdown-it@${markdownIt.version}`);
  });

  it('is the hash of those sources', () => {
    expect(parserVersion()).toBe(sourcesVersion(parserSources()));
  });

  describe('on a copy of the sources', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parser-version-'));
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
    for (const folder of ['indexer', 'layouts']) fs.cpSync(path.join(SERVER, folder), path.join(root, folder), { recursive: true });
    const entry = path.join(root, 'indexer', 'parse.ts');
    const folders = [path.join(root, 'indexer') + path.sep, path.join(root, 'layouts') + path.sep];
    const version = () => sourcesVersion(parserSources(entry, folders), root);

    it('changes when liquid.ts (imported by parse.ts) changes', () => {
      const before = version();
      fs.appendFileSync(path.join(root, 'indexer', 'liquid.ts'), '\n// a change\n');
      expect(version()).not.toBe(before);
    });

    it('follows imports past the first level', () => {
      // A module only liquid.ts imports is part of the parser too.
      fs.writeFileSync(path.join(root, 'indexer', 'deep.ts'), 'export const deep = 1;\n');
      fs.appendFileSync(path.join(root, 'indexer', 'liquid.ts'), "import { deep } from './deep.ts';\nvoid deep;\n");
      expect(relative(parserSources(entry, folders), root)).toContain('indexer/deep.ts');
      const before = version();
      fs.appendFileSync(path.join(root, 'indexer', 'deep.ts'), 'export const deeper = 2;\n');
      expect(version()).not.toBe(before);
    });

    it('does not change when a file the parser does not use changes', () => {
      const before = version();
      fs.appendFileSync(path.join(root, 'indexer', 'walk.ts'), '\n// a change\n');
      expect(version()).toBe(before);
    });
  });
});

describe('parseKey', () => {
  it('covers what turns a file into its stored rows: the parser, the reader and its threads, the layouts, the rows and the check input', () => {
    const files = relative(rowSources(), path.join(SERVER, '..'));
    for (const f of relative(parserSources(), path.join(SERVER, '..'))) expect(files).toContain(f);
    for (const f of [
      'server/indexer/read.ts',
      'server/indexer/worker.ts',
      'server/layouts/github-docs.ts',
      'server/layouts/hugo.ts',
      'server/layouts/mdn.ts',
      'server/shared/sentences.ts',
      'db/document-rows.ts',
      'db/check-input.ts',
    ])
      expect(files).toContain(f);
    // What runs the index and checks is not part of it.
    for (const f of ['server/indexer/indexer.ts', 'db/index.ts', 'db/repositories/documents.ts', 'server/run-checks.ts']) expect(files).not.toContain(f);
  });

  it('changes with the layout and each limit', () => {
    const settings = { layout: 'github-docs', maxFileBytes: 2, maxSections: 3, maxLineLength: 4, maxFrontmatterBytes: 5 };
    const keys = new Set([
      parseKey(settings),
      parseKey({ ...settings, layout: 'mdn' }),
      parseKey({ ...settings, maxFileBytes: 20 }),
      parseKey({ ...settings, maxSections: 30 }),
      parseKey({ ...settings, maxLineLength: 40 }),
      parseKey({ ...settings, maxFrontmatterBytes: 50 }),
    ]);
    expect(keys.size).toBe(6);
    expect(parseKey({ ...settings })).toBe(parseKey(settings));
  });
});
