import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { buildApp } from '../../server/app.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { exportStatus } from '../../server/status/export.ts';
import { createMdn } from '../../server/layouts/mdn.ts';
import { storedUrlOf } from '../../server/layouts/stored-url.ts';
import { copyMdn, indexWith, tempDir, type IndexedSite } from './helpers.ts';

const ARRAY = 'web/javascript/reference/global_objects/array';

/** Every open finding's message, by check, locale and fingerprint, sorted. */
function messages(site: IndexedSite): string[] {
  return (site.db.prepare('SELECT check_id, locale, fingerprint, message FROM findings WHERE resolved_run IS NULL').raw().all() as string[][])
    .map((r) => r.join('\t'))
    .sort();
}

describe('mdn: URLs in messages are spelled from the stored frontmatter, not from what the process parsed', () => {
  let root: string;
  let english: string;
  let raw: Record<string, unknown>;
  let cold: IndexedSite;
  let coldMessages: string[];
  beforeAll(async () => {
    // Translations in one folder, English in another, like MDN.
    root = copyMdn();
    english = tempDir('l10n-mdn-slug-content-');
    fs.mkdirSync(path.join(english, 'files'), { recursive: true });
    fs.renameSync(path.join(root, 'files/en-us'), path.join(english, 'files/en-us'));
    // An es page English removed (redirected to toString): an orphan whose message shows both URLs.
    fs.mkdirSync(path.join(root, `files/es/${ARRAY}/tosource`), { recursive: true });
    fs.writeFileSync(
      path.join(root, `files/es/${ARRAY}/tosource/index.md`),
      '---\ntitle: Array.prototype.toSource()\nslug: Web/JavaScript/Reference/Global_Objects/Array/toSource\n---\n\n{{JSRef}}\n\nEl método **`toSource()`** devuelve una cadena.\n',
    );
    // A ko slug that differs from English only in case: URLs of that page take English's spelling.
    const pop = path.join(root, `files/ko/${ARRAY}/pop/index.md`);
    fs.writeFileSync(
      pop,
      fs
        .readFileSync(pop, 'utf8')
        .replace('slug: Web/JavaScript/Reference/Global_Objects/Array/pop', 'slug: web/javascript/reference/global_objects/array/POP'),
    );
    const es = path.join(root, `files/es/${ARRAY}/flatmap/index.md`);
    fs.appendFileSync(es, '\nVéase también [pop](/es/docs/Web/JavaScript/Reference/Global_Objects/Array/Pop).\n');
    // Files older than the fake clock's runs (a redirect file newer than the last run is read again, with its locale).
    const past = new Date('2020-01-01T00:00:00Z');
    for (const dir of [root, english]) {
      for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) fs.utimesSync(path.join(dir, rel), past, past);
    }
    raw = { layout: 'mdn', root: '.', sourceRoot: english };
    cold = await indexWith(raw, root);
    coldMessages = messages(cold);
  });
  afterAll(() => cold.close());

  it('the cold run (which parsed every page) shows slugs as written', () => {
    expect(coldMessages.some((m) => m.includes('/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/flat.'))).toBe(true);
    const orphan = coldMessages.filter((m) => m.startsWith('orphaned-translation\tes'));
    expect(orphan).toEqual([
      expect.stringContaining(
        'from /en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/toSource to /en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/toString',
      ),
    ]);
    // English spells it `pop`; the ko file's `POP` is not what readers' URLs show.
    expect(coldMessages.filter((m) => m.includes('/Array/POP'))).toEqual([]);
  });

  /** An index run with checks in a fresh process: a new config is a new layout, which saw nothing the cold run parsed. */
  async function freshRun(date: string, full: boolean) {
    const config = resolveConfig({ workers: 0, ...raw, db: cold.config.db }, root);
    const db = openDb(cold.config.db);
    let rechecked = -1;
    try {
      const summary = await indexSite({
        config,
        db,
        now: () => new Date(date),
        afterIndex: async ({ db: tx, runId, now }) => {
          rechecked = (await runChecksWithBases(tx, config, runId, now, { full })).rechecked;
        },
      });
      return { ...summary, rechecked };
    } finally {
      db.close();
    }
  }

  it('a check run in a fresh process that parses nothing shows the same messages', async () => {
    const summary = await freshRun('2024-06-01T00:00:00Z', true);
    expect(summary.parsed).toBe(0);
    expect(messages(cold)).toEqual(coldMessages);
  });

  it('the article API (detail and list) and the status export, in a process that parsed nothing, spell URLs the same way', async () => {
    const config = resolveConfig({ workers: 0, ...raw, db: cold.config.db }, root);
    const db = openDb(cold.config.db);
    const app = await buildApp({ db, config, webDir: null, now: () => new Date('2024-06-02T00:00:00Z') });
    try {
      const r = await app.inject(`/api/articles/es/${ARRAY}/flatmap`);
      expect(r.statusCode).toBe(200);
      expect(r.json<{ url: string; pageUrl: string | null }>()).toMatchObject({
        url: '/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/flatMap',
        pageUrl: 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/flatMap',
      });
      // The article list spells its rows the same way, translated or missing (English only).
      const list = await app.inject(`/api/articles?locale=es&q=${encodeURIComponent('array/')}&limit=100`);
      expect(list.statusCode).toBe(200);
      const urls = new Map(list.json<{ rows: { key: string; url: string }[] }>().rows.map((r) => [r.key, r.url]));
      expect(urls.get(`${ARRAY}/flatmap`)).toBe('/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/flatMap');
      expect(urls.size).toBeGreaterThan(30);
      expect([...urls.values()].filter((u) => u === u.toLowerCase())).toEqual([]);
      // And the per-page status export.
      const status = await exportStatus(db, config, ['es']);
      expect(status.pages.find((p) => p.key === `${ARRAY}/flatmap`)?.englishUrl).toBe('/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/flatMap');
    } finally {
      await app.close();
      db.close();
    }
  });

  it('an English slug whose case changes re-spells the messages that show its URL (incremental = full)', async () => {
    const file = path.join(english, `files/en-us/${ARRAY}/flat/index.md`);
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(
      file,
      text.replace('\nslug: Web/JavaScript/Reference/Global_Objects/Array/flat\n', '\nslug: Web/JavaScript/Reference/Global_Objects/Array/Flat\n'),
    );
    const later = new Date('2021-01-01T00:00:00Z');
    fs.utimesSync(file, later, later);
    const summary = await freshRun('2024-06-04T00:00:00Z', false);
    expect(summary.parsed).toBe(1);
    const incremental = messages(cold);
    expect(incremental.filter((m) => m.includes('/Array/flat.'))).toEqual([]);
    expect(incremental.filter((m) => m.includes('/Array/Flat.')).length).toBe(coldMessages.filter((m) => m.includes('/Array/flat.')).length);
    await freshRun('2024-06-05T00:00:00Z', true);
    expect(messages(cold)).toEqual(incremental);
  });

  it('an English body edit re-checks its own units, not every unit showing its URL (incremental = full)', async () => {
    // Array/flat's URL is in messages of other pages (an es link to flatten moved there): they need no new check.
    const file = path.join(english, `files/en-us/${ARRAY}/flat/index.md`);
    fs.appendFileSync(file, '\nOne more English paragraph about flattening arrays.\n');
    const later = new Date('2021-02-01T00:00:00Z');
    fs.utimesSync(file, later, later);
    const before = messages(cold);
    const showing = new Set(before.filter((m) => m.includes('/Array/Flat.') || m.includes('/Array/Flat ')).map((m) => m.split('\t').slice(0, 2).join('\t')));
    expect(showing.size).toBeGreaterThan(0);
    const run = await freshRun('2024-06-06T00:00:00Z', false);
    expect(run.parsed).toBe(1);
    // Its own units: English's (missing-translation in pt-br, which lacks it) and es, ko's pairs; not the es page linking to it.
    expect(run.rechecked).toBeLessThanOrEqual(4);
    const incremental = messages(cold);
    await freshRun('2024-06-07T00:00:00Z', true);
    expect(messages(cold)).toEqual(incremental);
  });

  it('urlOf takes the spelling only from a slug (or original_slug) of that key', () => {
    const layout = createMdn({});
    const key = 'web/api/gpucanvascontext';
    expect(layout.urlOf(key)).toBe('/en-US/docs/web/api/gpucanvascontext');
    expect(layout.urlOf(key, { slug: 'Web/API/GPUCanvasContext' })).toBe('/en-US/docs/Web/API/GPUCanvasContext');
    expect(layout.urlOf(key, { slug: 'Web/API/GPUDevice', original_slug: 'Web/API/GPUCanvasContext' })).toBe('/en-US/docs/Web/API/GPUCanvasContext');
    expect(layout.urlOf(key, { slug: 'Web/API/GPUDevice' })).toBe('/en-US/docs/web/api/gpucanvascontext');
    // Parsing a page (keyOf) leaves nothing behind that changes a URL.
    layout.keyOf({ kind: 'page', key }, { slug: 'Web/API/GPUCanvasContext' });
    expect(layout.urlOf(key)).toBe('/en-US/docs/web/api/gpucanvascontext');
  });

  it('readers of the index take a live English page without stored frontmatter as English, as the checks do', () => {
    const layout = createMdn({});
    const key = 'web/css/foo';
    const stored = new Map<string, string | null>([
      ['en-us\0web/css/foo', null],
      ['es\0web/css/foo', JSON.stringify({ slug: 'Web/CSS/Foo' })],
    ]);
    const frontmatterOf = (locale: string, k: string) => stored.get(`${locale}\0${k}`);
    expect(storedUrlOf(layout, key, 'es', frontmatterOf)).toBe('/en-US/docs/web/css/foo');
    // No live English page at all: the locale's page spells it.
    stored.delete('en-us\0web/css/foo');
    expect(storedUrlOf(layout, key, 'es', frontmatterOf)).toBe('/en-US/docs/Web/CSS/Foo');
  });
});
