import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { corpus, CORPORA, noteSkipped } from '../corpus.ts';
import { indexWith, tempDir, type IndexedSite } from '../layouts/helpers.ts';

// Opt-in (env L10N_DRIFT_CORPUS=1 and ../shared/corpora present): MDN 2023-06, ru, unpacked to a temp folder (minutes).
// The false-alarm classes of docs/precision-mdn.md on the whole locale, not only on the fixture's snippets.
const TARBALL = path.join(CORPORA, 'mdn-2023-06.tar.xz');
const enabled = corpus.enabled && fs.existsSync(TARBALL);
noteSkipped('test/checks/mdn-corpus-2.test.ts', 'MDN false-alarm classes on the whole MDN 2023-06 (ru)');

describe.skipIf(!enabled)('MDN 2023-06 (ru): macro-mismatch and outdated-link false-alarm classes on the whole locale', () => {
  let dir: string;
  let base: string;
  let site: IndexedSite;
  beforeAll(async () => {
    dir = tempDir('l10n-mdn-corpus-2-');
    execFileSync('tar', ['xJf', TARBALL, '-C', dir]);
    base = path.join(dir, 'mdn-2023-06');
    site = await indexWith({ layout: 'mdn', root: 'translated-content', sourceRoot: 'content', locales: ['ru'] }, base, ['macro-mismatch', 'outdated-link']);
  }, 1_800_000);
  afterAll(() => {
    site?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 900_000);

  const macros = () => site.findings('macro-mismatch', 'ru').map((f) => ({ ...f, macro: String((JSON.parse(f.data_json) as { macro: unknown }).macro) }));

  it('JSRef and CSSRef with arguments are the same sidebar as without (ru keeps 268 JSRef("Global_Objects", …))', () => {
    // A finding on such a call is a false alarm when the English page calls the same sidebar (with or without
    // arguments). ru learn/…/backgrounds_and_borders `{{cssref("background")}}` (cssxref was meant) is real:
    // English's Learn page has no CSSRef.
    const english = path.join(base, 'content/files/en-us');
    const wrong = macros().filter((f) => {
      const name = /^\{\{\s*(JSRef|CSSRef)\s*\(\s*\S/i.exec(f.macro)?.[1];
      if (!name) return false;
      const file = path.join(english, (f.path ?? '').replace(/^files\/ru\//, ''));
      const calls = fs.existsSync(file) ? (fs.readFileSync(file, 'utf8').match(new RegExp(`\\{\\{\\s*${name}\\b`, 'gi')) ?? []).length : 0;
      const { expected, actual } = JSON.parse(f.data_json) as { expected: number; actual: number };
      return expected === 0 ? calls > 0 : calls >= actual;
    });
    expect(wrong.map((f) => `${f.path}:${f.line} ${f.macro}`)).toEqual([]);
  });

  it('EmbedLiveSample is compared as a reference to a heading, never by its (translated) heading id', () => {
    const byId = macros().filter((f) => /EmbedLiveSample\s*\(\s*["']/i.test(f.macro));
    expect(byId.map((f) => `${f.path}:${f.line} ${f.macro}`)).toEqual([]);
    expect(macros().some((f) => f.macro.startsWith('{{EmbedLiveSample(…)}}'))).toBe(true);
  });

  it("no {{bug(N)}} is 'not in English' when English links https://bugzil.la/N", () => {
    const wrong = macros().filter((f) => {
      const n = /^\{\{\s*bug\s*\(\s*["']?(\d+)/i.exec(f.macro)?.[1];
      if (!n || f.message_id !== 'extra') return false;
      // English's Markdown links (a Markdown link inside an HTML block is HTML text: not a link on either side).
      const id = site.db.prepare("SELECT id FROM documents WHERE locale = 'en-us' AND key = ? AND deleted_run IS NULL").pluck().get(f.key) as
        number | undefined;
      const links = id === undefined ? [] : new DocumentsRepository(site.db).links(id).map((l) => l.target);
      return links.some((t) => new RegExp(`bugzil\\.la/${n}$|show_bug\\.cgi\\?id=${n}$`).test(t));
    });
    expect(wrong.map((f) => `${f.path}:${f.line} ${f.macro}`)).toEqual([]);
    // Bugs English does not link are still reported.
    expect(macros().some((f) => /^\{\{\s*bug\s*\(/i.test(f.macro))).toBe(true);
  });

  it('outdated-link never suggests a page English does not have (a conflicting/ or orphaned/ leftover)', () => {
    const suggestions = site
      .findings('outdated-link', 'ru')
      .map((f) => String((JSON.parse(f.data_json) as { suggestion?: unknown }).suggestion ?? ''))
      .filter((s) => /\/docs\/(?:conflicting|orphaned)\//i.test(s));
    expect(suggestions).toEqual([]);
    // ru {{domxref("DOMString")}}: ru's redirect leads to conflicting/…/String_6fa58…, set aside for Global_Objects/String.
    const domString = site.findings('outdated-link', 'ru').filter((f) => f.path === 'files/ru/web/api/history/index.md' && f.message.includes('DOMString'));
    expect(domString.map((f) => f.message)).toContain(
      'Link {{domxref ("DOMString")}} (/en-US/docs/Web/API/DOMString) goes to a moved page (through a redirect); use /en-US/docs/Web/JavaScript/Reference/Global_Objects/String.',
    );
  });
});
