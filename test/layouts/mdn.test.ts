import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../server/config.ts';
import { parseRedirects } from '../../server/layouts/mdn.ts';
import { copyMdn, indexWith, MDN_SAMPLE, pageCounts, tempDir, type IndexedSite } from './helpers.ts';

const ARRAY = 'web/javascript/reference/global_objects/array';

/** Lower-cased slugs of a locale, read with a plain regex (the reference the layout is checked against). */
function slugs(root: string, locale: string): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'index.md') out.add(/^slug: *(.+)$/m.exec(fs.readFileSync(p, 'utf8'))![1]!.trim().toLowerCase());
    }
  };
  walk(path.join(root, 'files', locale));
  return out;
}

describe('mdn preset on the MDN sample (English and translations in one folder)', () => {
  let site: IndexedSite;
  beforeAll(async () => {
    site = await indexWith({ layout: 'mdn', root: MDN_SAMPLE }, MDN_SAMPLE);
  });
  afterAll(() => site.close());

  it('indexes every index.md of each locale (README: en-us 50, es 41, ko 42, pt-br 39)', () => {
    expect(site.summary.locales).toEqual(['en-us', 'es', 'ko', 'pt-br']);
    expect(pageCounts(site.db)).toEqual({ 'en-us': 50, es: 41, ko: 42, 'pt-br': 39 });
    expect(site.summary.problems).toEqual([]);
  });

  it.each(['es', 'ko', 'pt-br'])('%s: missing translations are the English slugs the locale lacks', (locale) => {
    const english = slugs(MDN_SAMPLE, 'en-us');
    const theirs = slugs(MDN_SAMPLE, locale);
    const expected = [...english].filter((s) => !theirs.has(s)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(
      site
        .findings('missing-translation', locale)
        .map((f) => f.key)
        .sort(),
    ).toEqual(expected);
    // Every translation has its English page: no orphans in the 2023 sample.
    expect(site.findings('orphaned-translation', locale)).toEqual([]);
  });

  it('keys are lower-cased slugs; messages keep the slug’s case', () => {
    const keys = site.db.prepare("SELECT key FROM documents WHERE locale = 'es'").pluck().all() as string[];
    expect(keys).toContain(`${ARRAY}/flatmap`);
    const outdated = site.findings('outdated-link', 'es').map((f) => f.message);
    expect(outdated).toContain(
      'Link /es/docs/Web/JavaScript/Reference/Global_Objects/Array/flatten goes to a moved page (through a redirect); use /en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/flat.',
    );
  });

  it('English redirects from _redirects.txt are stored on their target page', () => {
    const rows = site.db.prepare("SELECT from_key, to_key FROM redirects WHERE locale = 'en-us' AND to_key = ?").all(`${ARRAY}/tostring`) as {
      from_key: string;
    }[];
    expect(rows.map((r) => r.from_key)).toContain(`${ARRAY}/tosource`);
  });

  it('finds the real untranslated paragraph of es Array[@@species]', () => {
    const found = site.findings('english-fallback', 'es').filter((f) => f.key === `${ARRAY}/@@species`);
    expect(found.map((f) => f.message)).toContainEqual(
      expect.stringContaining('In a derived collection object (e.g. your custom array ), the species is the constructor.'),
    );
  });
});

describe('mdn preset: orphans, case and two repositories', () => {
  let root: string;
  let english: string;
  let site: IndexedSite;
  beforeAll(async () => {
    // Translations in one folder (translated-content), English in another (content), like MDN.
    root = copyMdn();
    english = tempDir('l10n-mdn-content-');
    fs.mkdirSync(path.join(english, 'files'), { recursive: true });
    fs.renameSync(path.join(root, 'files/en-us'), path.join(english, 'files/en-us'));
    // English removed Array.prototype.toSource and redirects it to toString: an es page still has it.
    fs.mkdirSync(path.join(root, `files/es/${ARRAY}/tosource`), { recursive: true });
    fs.writeFileSync(
      path.join(root, `files/es/${ARRAY}/tosource/index.md`),
      '---\ntitle: Array.prototype.toSource()\nslug: Web/JavaScript/Reference/Global_Objects/Array/toSource\n---\n\n{{JSRef}} {{non-standard_header}}\n\nEl método **`toSource()`** devuelve una cadena que representa el código fuente del arreglo.\n',
    );
    // A translation whose slug differs from English only in case is the same page.
    const pop = path.join(root, `files/ko/${ARRAY}/pop/index.md`);
    fs.writeFileSync(
      pop,
      fs
        .readFileSync(pop, 'utf8')
        .replace('slug: Web/JavaScript/Reference/Global_Objects/Array/pop', 'slug: web/javascript/reference/global_objects/array/POP'),
    );
    site = await indexWith({ layout: 'mdn', root: '.', sourceRoot: english }, root);
  });
  afterAll(() => site.close());

  it('English comes from sourceRoot, stored with paths of its own repository', () => {
    expect(pageCounts(site.db)).toEqual({ 'en-us': 50, es: 42, ko: 42, 'pt-br': 39 });
    const p = site.db.prepare("SELECT path FROM documents WHERE locale = 'en-us' AND key = ?").pluck().get(`${ARRAY}/at`);
    expect(p).toBe(`files/en-us/${ARRAY}/at/index.md`);
  });

  it('an orphan gets the English redirect target as suggestion (a leftover: es translates that target too)', () => {
    const orphans = site.findings('orphaned-translation', 'es');
    expect(orphans.map((f) => [f.key, f.message_id, f.message])).toEqual([
      [
        `${ARRAY}/tosource`,
        'leftover',
        expect.stringContaining(
          'from /en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/toSource to /en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/toString',
        ),
      ],
    ]);
  });

  it('slugs compare case-insensitively', () => {
    expect(site.findings('missing-translation', 'ko').map((f) => f.key)).not.toContain(`${ARRAY}/pop`);
    expect(site.findings('orphaned-translation', 'ko')).toEqual([]);
  });

  it('a redirect loop in _redirects.txt is reported by the index, and a chain is followed', async () => {
    const file = path.join(english, 'files/en-us/_redirects.txt');
    fs.appendFileSync(
      file,
      [
        '/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/Old_A\t/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/Old_B',
        '/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/Old_B\t/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/at',
        '/en-US/docs/Loop/One\t/en-US/docs/Loop/Two',
        '/en-US/docs/Loop/Two\t/en-US/docs/Loop/One',
        '',
      ].join('\n'),
    );
    const summary = await site.reindex();
    expect(summary.problems).toEqual([
      { path: expect.stringMatching(/files\/en-us\/_redirects\.txt:\d+$/), message: 'Redirect loop: loop/one → loop/two → loop/one' },
    ]);
    const from = site.db.prepare("SELECT from_key FROM redirects WHERE locale = 'en-us' AND to_key = ?").pluck().all(`${ARRAY}/at`);
    expect(from).toEqual(expect.arrayContaining([`${ARRAY}/old_a`, `${ARRAY}/old_b`]));
  });
});

describe('parseRedirects', () => {
  it.each([
    ['chain A → B → C', '/en-US/docs/A\t/en-US/docs/B\n/en-US/docs/B\t/en-US/docs/C\n', { c: ['a', 'b'] }, []],
    ['case-insensitive, first entry wins', '/en-US/docs/X\t/en-US/docs/Y\n/en-us/docs/x\t/en-US/docs/Z\n', { y: ['x'] }, []],
    ['external targets are no pages', '/en-US/docs/Old\thttps://github.com/mdn\n', {}, []],
    ['malformed line', '/en-US/docs/Old /en-US/docs/New\n', {}, ['Not a FROM<TAB>TO redirect line: /en-US/docs/Old /en-US/docs/New']],
    ['self loop', '/en-US/docs/A\t/en-US/docs/A\n', {}, ['Redirect loop: a → a']],
  ])('%s', (_name, text, byTarget, problems) => {
    const parsed = parseRedirects(text, 'r.txt');
    expect(Object.fromEntries(parsed.byTarget)).toEqual(byTarget);
    expect(parsed.problems.map((p) => p.message)).toEqual(problems);
  });
});

describe('config: the new fields are validated', () => {
  it.each([
    [{ layout: 'mdn', sourceRoot: '' }, /field "sourceRoot"/],
    [{ layout: 'hugo', sourceRoot: '../content' }, /field "sourceRoot" is only used by the mdn layout/],
    [{ layout: 'mdn', sourceRepository: '../content.git' }, /field "sourceRepository" needs "sourceRoot"/],
    [{ layout: 'mdn', frontmatterMustMatch: 'page-type' }, /field "frontmatterMustMatch"/],
    [{ layout: 'mdn', frontmatterMustMatch: ['status', 'status'] }, /field "frontmatterMustMatch"/],
    [{ layout: 'mdn', frontmatter: { inherits: ['status'] } }, /frontmatter/],
    [{ layout: 'jekyll' }, /field "layout" must be one of mdn, hugo, github-docs/],
  ])('%j is rejected', (raw, message) => {
    expect(() => resolveConfig(raw, '/site')).toThrow(ConfigError);
    expect(() => resolveConfig(raw, '/site')).toThrow(message);
  });

  it('sourceRoot and sourceRepository resolve against the config folder; frontmatter keys reach the layout', () => {
    const c = resolveConfig({ layout: 'mdn', root: 'translated-content', sourceRoot: '../content', frontmatterMustMatch: ['page-type'] }, '/work/site');
    expect([c.root, c.sourceRoot, c.sourceRepository]).toEqual(['/work/site/translated-content', '/work/content', '/work/content']);
    expect(c.layout.localeRoot(c.root, 'en-us')).toBe('/work/content/files/en-us');
    expect(c.layout.localeRoot(c.root, 'ja')).toBe('/work/site/translated-content/files/ja');
    expect(c.layout.frontmatter.mustMatch).toEqual(['page-type']);
    expect(resolveConfig({ layout: 'mdn' }, '/x').layout.frontmatter).toEqual({
      mustMatch: [],
      inherited: ['page-type', 'browser-compat', 'status', 'spec-urls'],
      translated: ['title', 'short-title'],
      content: [],
    });
    expect(resolveConfig({ layout: 'mdn', frontmatter: { translated: ['title'] } }, '/x').layout.frontmatter.translated).toEqual(['title']);
    // No Liquid on MDN: the Liquid checks are off unless a config names them.
    expect(Object.keys(resolveConfig({ layout: 'mdn' }, '/x').layout.checksOff ?? {}).sort()).toEqual([
      'liquid-mismatch',
      'liquid-syntax',
      'untranslated-field',
    ]);
  });
});
