/**
 * Property: after any sequence of edits to the bundled sample (English and translated text,
 * links, headings, frontmatter, moves, deletions, redirect_from entries, variables), an
 * incremental check run leaves exactly the findings and counts a full re-check does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDb } from '../../db/index.ts';
import { CheckDependenciesRepository } from '../../db/repositories/check-dependencies.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexAndCompare } from './incremental.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../content/license-sync');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function files(root: string, under: string): string[] {
  const dir = path.join(root, under);
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => /\.(md|yml)$/.test(f))
    .sort()
    .map((f) => path.join(under, f));
}

/** Adds lines right after the frontmatter (or at the top of a file without one). */
function insertBody(text: string, lines: string): string {
  const m = /^---\n[\s\S]*?\n---\n/.exec(text);
  return m ? text.slice(0, m[0].length) + lines + text.slice(m[0].length) : lines + text;
}

/** Replaces the first body line (after the frontmatter, outside code fences) that `match`es; null when none does. */
function editBodyLine(text: string, match: (line: string) => boolean, replace: (line: string) => string): string | null {
  const m = /^---\n[\s\S]*?\n---\n/.exec(text);
  const head = m ? m[0].length : 0;
  const lines = text.slice(head).split('\n');
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(```|~~~)/.test(lines[i]!)) fenced = !fenced;
    else if (!fenced && match(lines[i]!)) {
      lines[i] = replace(lines[i]!);
      return text.slice(0, head) + lines.join('\n');
    }
  }
  return null;
}

/** Adds a `key:` list entry (or the key) to the frontmatter. */
function addListEntry(text: string, key: string, entry: string): string {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) return text;
  const fm = m[1]!;
  const re = new RegExp(`^${key}:\\n`, 'm');
  const next = re.test(fm) ? fm.replace(re, `${key}:\n  - ${entry}\n`) : `${fm}\n${key}:\n  - ${entry}`;
  return `---\n${next}\n---\n` + text.slice(m[0].length);
}

function setField(text: string, key: string, value: string): string {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) return text;
  const fm = m[1]!;
  const re = new RegExp(`^${key}:.*$`, 'm');
  const next = re.test(fm) ? fm.replace(re, `${key}: ${value}`) : `${fm}\n${key}: ${value}`;
  return `---\n${next}\n---\n` + text.slice(m[0].length);
}

/** `content/a/b.md` → `/a/b`, as links and redirect_from name pages. */
function urlOf(file: string): string {
  return '/' + file.replace(/^(translations\/[^/]+\/)?content\//, '').replace(/(\/index)?\.md$/, '');
}

const LINK_TARGETS = [
  '/admin/configuration',
  '/admin/configuration/configuring-github-connect/about-github-connect',
  '/does/not/exist',
  '/billing',
  '/admin/old-name',
];
const PARAGRAPHS = [
  'You can enable the setting for every instance of your enterprise account at once.',
  'Ihre Lizenz wird jede Woche automatisch synchronisiert.',
  'ライセンスの使用状況は毎週自動的に同期されます。',
  '{% data reusables.enterprise-accounts.access-enterprise %}',
  '{% data variables.product.prodname_ghe_cloud %} and {% data variables.product.not_a_variable %}',
  '{% ifversion ghes > 3.4 %}Only on newer releases.{% endif %}',
];

type Edit = { op: number; file: number; pick: number };

/** One edit of the site, chosen by numbers (fast-check shrinks them). Returns what it did. */
function applyEdit(root: string, e: Edit): string {
  const english = files(root, 'content');
  const translations = files(root, 'translations');
  const data = [...files(root, 'data/reusables'), ...files(root, 'data/variables')];
  const all = [...english, ...translations];
  const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
  const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
  const write = (f: string, t: string) => (fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true }), fs.writeFileSync(path.join(root, f), t));
  switch (e.op % 14) {
    case 0: {
      // A paragraph (English text, translated text, a reusable, a variable, a condition) added to a page.
      const f = pick(all, e.file);
      if (!f) return 'none';
      write(f, insertBody(read(f), `${PARAGRAPHS[e.pick % PARAGRAPHS.length]}\n\n`));
      return `paragraph ${f}`;
    }
    case 1: {
      const f = pick(all, e.file);
      if (!f) return 'none';
      write(f, insertBody(read(f), `See [the page](${LINK_TARGETS[e.pick % LINK_TARGETS.length]}).\n\n`));
      return `link ${f}`;
    }
    case 2: {
      const f = pick(all, e.file);
      if (!f) return 'none';
      write(f, insertBody(read(f), `${e.pick % 2 ? '##' : '###'} Heading ${e.pick % 3}\n\nText under it.\n\n`));
      return `heading ${f}`;
    }
    case 3: {
      // Frontmatter: versions, type or title.
      const f = pick(all, e.file);
      if (!f) return 'none';
      const t = read(f);
      const next = [
        setField(t, 'type', e.pick % 2 ? 'overview' : 'how_to'),
        setField(t, 'title', `Title ${e.pick % 4}`),
        t.replace("ghes: '*'", "ghes: '>=3.2'"),
      ][e.pick % 3]!;
      write(f, next);
      return `frontmatter ${f}`;
    }
    case 4: {
      // An English page gets a redirect_from entry: to one of the site's keys, or to where a translation lives.
      const f = pick(english, e.file);
      if (!f) return 'none';
      const target = pick([...translations.map(urlOf), '/admin/old-name', '/admin/configuration/configuring-github-connect/about-github-connect'], e.pick)!;
      write(f, addListEntry(read(f), 'redirect_from', target));
      return `redirect ${f} ← ${target}`;
    }
    case 5: {
      // An English page moves (with or without a redirect from its old place).
      const f = pick(
        english.filter((x) => !x.endsWith('index.md')),
        e.file,
      );
      if (!f) return 'none';
      const to = f.replace(/([^/]+)\.md$/, `moved-${e.pick % 3}-$1.md`);
      const t = read(f);
      fs.rmSync(path.join(root, f));
      write(to, e.pick % 2 ? addListEntry(t, 'redirect_from', urlOf(f)) : t);
      return `move ${f} → ${to}`;
    }
    case 6: {
      // A translation moves to another key (the English page's, an old one, or nowhere).
      const f = pick(translations, e.file);
      if (!f) return 'none';
      const locale = f.split('/')[1]!;
      const englishTarget = pick(english, e.pick);
      const to = e.pick % 3 === 0 && englishTarget ? `translations/${locale}/${englishTarget}` : f.replace(/([^/]+)\.md$/, `old-$1.md`);
      const t = read(f);
      fs.rmSync(path.join(root, f));
      write(to, t);
      return `move ${f} → ${to}`;
    }
    case 7: {
      const f = pick([...translations, ...data, ...english], e.file);
      if (!f) return 'none';
      fs.rmSync(path.join(root, f));
      return `delete ${f}`;
    }
    case 8: {
      // A variable added, renamed or removed.
      const f = pick(files(root, 'data/variables'), e.file);
      if (!f) return 'none';
      const t = read(f);
      const next = [
        t + `\nnot_a_variable: 'Now defined'\n`,
        t.replace(/^prodname_ghe_cloud:/m, 'prodname_ghe_cloud_renamed:'),
        t.replace(/^company_short:.*$/m, ''),
      ][e.pick % 3]!;
      write(f, next);
      return `variables ${f}`;
    }
    case 9: {
      // A reusable edited.
      const f = pick(files(root, 'data/reusables'), e.file);
      if (!f) return 'none';
      write(f, read(f) + `\n${PARAGRAPHS[e.pick % PARAGRAPHS.length]}\n`);
      return `reusable ${f}`;
    }
    case 11: {
      // Only an English page's body text (no heading, link or frontmatter): pages linking to it read nothing it changed.
      const f = pick(english, e.file);
      if (!f) return 'none';
      const next = editBodyLine(
        read(f),
        (line) => !/^\s*(#|\||<|\{%|-|\*|\d+\.|$)/.test(line) && !line.includes(']('),
        (line) => `${line} Edited ${e.pick % 5}.`,
      );
      if (next === null) return 'none';
      write(f, next);
      return `body text ${f}`;
    }
    case 12: {
      // Only a heading of a page others link to (about-github-connect, linked from the article and its translations), or of another English page.
      const linked = english.filter((x) => x.endsWith('about-github-connect.md'));
      const f = e.pick % 2 ? pick(linked, 0) : pick(english, e.file);
      if (!f) return 'none';
      const next = editBodyLine(
        read(f),
        (line) => /^#{2,3} /.test(line),
        (line) => `${line.slice(0, line.indexOf(' '))} Renamed heading ${e.pick % 4}`,
      );
      if (next === null) return 'none';
      write(f, next);
      return `heading text ${f}`;
    }
    case 13: {
      // A file moves without changing its key (`a/b.md` → `a/b/index.md`): what a link to it reads (its path) changes.
      const f = pick(
        all.filter((x) => !x.endsWith('index.md')),
        e.file,
      );
      if (!f) return 'none';
      const to = f.replace(/\.md$/, '/index.md');
      const t = read(f);
      fs.rmSync(path.join(root, f));
      write(to, t);
      return `same-key move ${f} → ${to}`;
    }
    default: {
      // A translation copied from its English page (an untranslated copy) or a new translated page.
      const f = pick(english, e.file);
      if (!f) return 'none';
      const locale = ['ja-JP', 'de-DE', 'es-ES'][e.pick % 3]!;
      write(`translations/${locale}/${f}`, read(f));
      return `copy ${f} → ${locale}`;
    }
  }
}

const edit = fc.record({ op: fc.nat(1000), file: fc.nat(1000), pick: fc.nat(1000) });

describe('incremental checks equal a full re-check', () => {
  it('after random edit sequences on the sample', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), async (steps) => {
        const root = tempDir('l10n-incr-site-');
        fs.cpSync(SAMPLE, root, { recursive: true });
        const config = resolveConfig({ workers: 0, layout: 'github-docs', db: path.join(root, '..', `${path.basename(root)}.db`) }, root);
        const dbFile = path.join(tempDir('l10n-incr-db-'), 'drift.db');
        const db = openDb(dbFile);
        try {
          const first = await indexAndCompare({ ...config, root }, db);
          expect(first.incremental.full).toBe('first');
          const done: string[] = [];
          for (const step of steps) {
            for (const e of step) done.push(applyEdit(root, e));
            const c = await indexAndCompare({ ...config, root }, db);
            expect(c.incremental.full, done.join('; ')).toBeNull();
            expect(c.incrementalFindings, done.join('; ')).toEqual(c.fullFindings);
            expect(c.incrementalCounts, done.join('; ')).toEqual(c.fullCounts);
            expect(c.incremental.open).toBe(c.full.open);
          }
        } finally {
          db.close();
        }
      }),
      { seed: 18, numRuns: 12, endOnFailure: true },
    );
  }, 300_000);

  it('re-checks only the pages an English edit changes what they read of: body and headings, not the pages linking to it', async () => {
    const root = tempDir('l10n-incr-site-');
    fs.cpSync(SAMPLE, root, { recursive: true });
    const config = { ...resolveConfig({ workers: 0, layout: 'github-docs' }, root), root };
    const db = openDb(path.join(tempDir('l10n-incr-db-'), 'drift.db'));
    const linked = 'content/admin/configuration/configuring-github-connect/about-github-connect.md';
    const key = 'admin/configuration/configuring-github-connect/about-github-connect';
    const unitsUnder = (k: string) => db.prepare('SELECT count(*) FROM check_units WHERE key = ?').pluck().get(k) as number;
    // Units under other keys that read `read` (pages linking to this one).
    const readers = (read: string) =>
      db
        .prepare(
          'SELECT count(DISTINCT u.id) FROM check_read_keys k JOIN check_reads r ON r.key_id = k.id JOIN check_units u ON u.id = r.unit_id WHERE k.key = ? AND u.key != ?',
        )
        .pluck()
        .get(read, key) as number;
    try {
      await indexAndCompare(config, db);
      // Every translation of the article links to the page: they read whether it is there, not what it says.
      const own = unitsUnder(key);
      expect(own).toBeGreaterThan(0);
      expect(readers(`exists:en:${key}`)).toBeGreaterThan(0);
      expect(readers(`doc:en:${key}`)).toBe(0);
      const edits: [string, (t: string) => string | null][] = [
        [
          'body text',
          (t) =>
            editBodyLine(
              t,
              (l) => l.startsWith('{% data variables.product.prodname_github_connect %} does not'),
              (l) => `${l} Edited.`,
            ),
        ],
        [
          'heading',
          (t) =>
            editBodyLine(
              t,
              (l) => l.startsWith('## Further reading'),
              () => '## More reading',
            ),
        ],
      ];
      for (const [what, change] of edits) {
        const next = change(fs.readFileSync(path.join(root, linked), 'utf8'));
        expect(next, what).not.toBeNull();
        fs.writeFileSync(path.join(root, linked), next!);
        const c = await indexAndCompare(config, db);
        expect(c.incremental.rechecked, what).toBe(own);
        expect(c.incrementalFindings, what).toEqual(c.fullFindings);
        expect(c.incrementalCounts, what).toEqual(c.fullCounts);
      }
      // Gone: every page linking to it is re-checked (its links are broken now); its own units go.
      const linking = readers(`exists:en:${key}`);
      fs.rmSync(path.join(root, linked));
      const gone = await indexAndCompare(config, db);
      expect(gone.incremental.rechecked).toBeGreaterThanOrEqual(linking);
      expect(gone.incrementalFindings).toEqual(gone.fullFindings);
    } finally {
      db.close();
    }
  }, 120_000);

  it('re-checks a page naming where another file lives when that file moves under the same key', async () => {
    const root = tempDir('l10n-incr-site-');
    fs.cpSync(SAMPLE, root, { recursive: true });
    const config = { ...resolveConfig({ workers: 0, layout: 'github-docs' }, root), root };
    const db = openDb(path.join(tempDir('l10n-incr-db-'), 'drift.db'));
    // de-DE's translation is filed under the article's old key; a copy at the new key makes it a leftover that names the copy's path.
    const old =
      'translations/de-DE/content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md';
    const served = 'translations/de-DE/content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';
    try {
      fs.mkdirSync(path.dirname(path.join(root, served)), { recursive: true });
      fs.copyFileSync(path.join(root, old), path.join(root, served));
      const first = await indexAndCompare(config, db);
      expect(first.incrementalFindings.some((f) => f.includes('"leftover"') && f.includes(served))).toBe(true);
      const moved = served.replace(/\.md$/, '/index.md');
      fs.mkdirSync(path.dirname(path.join(root, moved)), { recursive: true });
      fs.renameSync(path.join(root, served), path.join(root, moved));
      const c = await indexAndCompare(config, db);
      expect(c.incremental.full).toBeNull();
      expect(c.incrementalFindings.some((f) => f.includes('"leftover"') && f.includes(moved))).toBe(true);
      expect(c.incrementalFindings).toEqual(c.fullFindings);
    } finally {
      db.close();
    }
  }, 120_000);

  it('re-checks a translation filed under an old key alone, and the pages linking through a redirect entry that goes', async () => {
    const root = tempDir('l10n-incr-site-');
    fs.cpSync(SAMPLE, root, { recursive: true });
    const config = { ...resolveConfig({ workers: 0, layout: 'github-docs' }, root), root };
    const db = openDb(path.join(tempDir('l10n-incr-db-'), 'drift.db'));
    const english = 'content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';
    // de-DE's translation is filed under one of the article's old keys: English's redirect pairs it ('moved').
    const moved =
      'translations/de-DE/content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md';
    const old =
      '/admin/configuration/managing-connections-between-your-enterprise-accounts/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';
    // Another page's translation links to the article by that old URL (outdated-link): it reads the redirect entry, not the article.
    const linker = 'translations/ja-JP/content/admin/configuration/configuring-github-connect/about-github-connect.md';
    try {
      fs.writeFileSync(
        path.join(root, linker),
        `---\ntitle: GitHub Connect について\nversions:\n  ghes: '*'\n---\n\n[ライセンスの同期](${old})を参照してください。\n`,
      );
      await indexAndCompare(config, db);
      // The moved translation edited: its one unit, paired in part as the whole locale pairs it (verify, incremental.ts).
      fs.writeFileSync(path.join(root, moved), insertBody(fs.readFileSync(path.join(root, moved), 'utf8'), 'Ein neuer Absatz.\n\n'));
      const edited = await indexAndCompare(config, db);
      expect(edited.incremental).toMatchObject({ full: null, rechecked: 1 });
      expect(edited.incrementalFindings).toEqual(edited.fullFindings);
      // The redirect entry goes: the link through it is broken now, and the page holding it is re-checked.
      // (With the copy of the entries as an index before migration 017 kept it, without their documents: compared whole once.)
      db.prepare('UPDATE check_redirects SET document_id = NULL').run();
      const text = fs.readFileSync(path.join(root, english), 'utf8');
      expect(text).toContain(`  - ${old}\n`);
      fs.writeFileSync(path.join(root, english), text.replace(`  - ${old}\n`, ''));
      const gone = await indexAndCompare(config, db);
      expect(gone.incremental.full).toBeNull();
      expect(gone.incrementalFindings.some((f) => f.includes('"broken-link"') && f.includes(old))).toBe(true);
      expect(gone.incrementalFindings).toEqual(gone.fullFindings);
      expect(gone.incrementalCounts).toEqual(gone.fullCounts);
      expect(db.prepare('SELECT COUNT(*) FROM check_redirects WHERE document_id IS NULL').pluck().get()).toBe(0);
      // And back, by the entries' documents.
      fs.writeFileSync(path.join(root, english), text);
      const back = await indexAndCompare(config, db);
      expect(back.incrementalFindings.some((f) => f.includes('"outdated-link"') && f.includes(old))).toBe(true);
      expect(back.incrementalFindings).toEqual(back.fullFindings);
    } finally {
      db.close();
    }
  }, 120_000);

  it('re-checks nothing when nothing changed, and one translation alone when only it changed', async () => {
    const root = tempDir('l10n-incr-site-');
    fs.cpSync(SAMPLE, root, { recursive: true });
    const config = { ...resolveConfig({ workers: 0, layout: 'github-docs' }, root), root };
    const db = openDb(path.join(tempDir('l10n-incr-db-'), 'drift.db'));
    try {
      const first = await indexAndCompare(config, db);
      expect(first.incremental.rechecked).toBe(first.incremental.units);
      const again = await indexAndCompare(config, db);
      expect(again.incremental).toMatchObject({ full: null, rechecked: 0, inserted: 0, resolved: 0 });
      expect(again.incrementalFindings).toEqual(first.incrementalFindings);
      const ja = 'translations/ja-JP/content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';
      fs.writeFileSync(path.join(root, ja), insertBody(fs.readFileSync(path.join(root, ja), 'utf8'), `${PARAGRAPHS[0]}\n\n`));
      const edited = await indexAndCompare(config, db);
      expect(edited.incremental.rechecked).toBe(1);
      expect(edited.incremental.inserted).toBeGreaterThan(0);
      expect(edited.incrementalFindings).toEqual(edited.fullFindings);
      const full = await indexAndCompare(config, db, true);
      expect(full.incremental).toMatchObject({ full: 'asked', rechecked: full.incremental.units, inserted: 0, resolved: 0 });
      // A locale whose only file goes: the locale is gone from the site, and its findings resolve.
      fs.rmSync(path.join(root, ja));
      const gone = await indexAndCompare(config, db);
      expect(gone.incremental.full).toBeNull();
      expect(gone.incremental.resolved).toBeGreaterThan(0);
      expect(gone.incrementalFindings.filter((f) => f.includes('"ja-JP"'))).toEqual([]);
      expect(gone.incrementalFindings).toEqual(gone.fullFindings);
    } finally {
      db.close();
    }
  }, 120_000);

  it('looks at the units under the keys an English move, a page back at its old key and a deleted page pair anew, not at every unit', async () => {
    const root = tempDir('l10n-incr-site-');
    fs.cpSync(SAMPLE, root, { recursive: true });
    const config = { ...resolveConfig({ workers: 0, layout: 'github-docs' }, root), root };
    const db = openDb(path.join(tempDir('l10n-incr-db-'), 'drift.db'));
    const dir = 'content/admin/configuration/configuring-github-connect';
    const english = `${dir}/enabling-automatic-user-license-sync-for-your-enterprise.md`;
    const moved = `${dir}/syncing-user-licenses.md`;
    // Every locale's units read whole (CheckDependenciesRepository.unitsOf) is what a locale looked at in part spares.
    const whole = vi.spyOn(CheckDependenciesRepository.prototype, 'unitsOf');
    const step = async () => {
      whole.mockClear();
      const c = await indexAndCompare(config, db);
      expect(c.incremental.full).toBeNull();
      expect(c.incrementalFindings).toEqual(c.fullFindings);
      expect(c.incrementalCounts).toEqual(c.fullCounts);
      expect(whole.mock.calls).toEqual([]);
      return c;
    };
    try {
      await indexAndCompare(config, db);
      const text = fs.readFileSync(path.join(root, english), 'utf8');
      // English moves the page, with a redirect from its old URL: each locale's translation at the old key is paired by it ('moved').
      fs.rmSync(path.join(root, english));
      fs.writeFileSync(
        path.join(root, moved),
        addListEntry(text, 'redirect_from', `/${dir.slice('content/'.length)}/enabling-automatic-user-license-sync-for-your-enterprise`),
      );
      const move = await step();
      expect(move.incremental.rechecked).toBeGreaterThan(0);
      expect(move.incrementalFindings.some((f) => f.includes('"missing-translation"') && f.includes('syncing-user-licenses'))).toBe(false);
      // A new English page at the old key: the translations there are its own, and the moved page has none.
      fs.writeFileSync(path.join(root, english), insertBody(text, 'A new page where the old one was.\n\n'));
      const back = await step();
      expect(back.incrementalFindings.some((f) => f.includes('"missing-translation"') && f.includes('syncing-user-licenses'))).toBe(true);
      // It goes again, and then the moved page.
      fs.rmSync(path.join(root, english));
      await step();
      fs.rmSync(path.join(root, moved));
      const gone = await step();
      expect(gone.incremental.resolved).toBeGreaterThan(0);
    } finally {
      whole.mockRestore();
      db.close();
    }
  }, 120_000);
});
