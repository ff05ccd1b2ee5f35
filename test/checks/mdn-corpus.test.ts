import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus, CORPORA, noteSkipped } from '../corpus.ts';
import { indexWith, tempDir, type IndexedSite } from '../layouts/helpers.ts';

// Opt-in (env L10N_DRIFT_CORPUS=1 and ../shared/corpora present): MDN 2023-06, es, unpacked to a temp folder (minutes).
const TARBALL = path.join(CORPORA, 'mdn-2023-06.tar.xz');
const enabled = corpus.enabled && fs.existsSync(TARBALL);
noteSkipped('test/checks/mdn-corpus.test.ts', 'site semantics on the whole MDN 2023-06 (es)');

describe.skipIf(!enabled)('MDN 2023-06 (es): site semantics on the whole corpus', () => {
  let dir: string;
  let site: IndexedSite;
  beforeAll(async () => {
    dir = tempDir('l10n-mdn-corpus-');
    execFileSync('tar', ['xJf', TARBALL, '-C', dir]);
    const base = path.join(dir, 'mdn-2023-06');
    site = await indexWith({ layout: 'mdn', root: 'translated-content', sourceRoot: 'content', locales: ['es'] }, base, [
      'frontmatter-mismatch',
      'link-mismatch',
      'orphaned-translation',
    ]);
  }, 1_800_000);
  // Removing 254 MB of pages takes minutes on a busy machine.
  afterAll(() => {
    site?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 900_000);

  it('no frontmatter-mismatch finding names a key the build merges from English', () => {
    const inherited = new Set(site.config.layout.frontmatter.inherited);
    expect(inherited.size).toBeGreaterThan(0);
    const merged = site.findings('frontmatter-mismatch', 'es').filter((f) => inherited.has(String((JSON.parse(f.data_json) as { field: unknown }).field)));
    expect(merged.map((f) => f.message)).toEqual([]);
  });

  it('a macro link and a Markdown link to the same page are the same link (es Element.classList: domxref vs [DOMTokenList](/es/docs/Web/API/DOMTokenList))', () => {
    const classList = site.findings('link-mismatch', 'es').filter((f) => f.key === 'web/api/element/classlist');
    expect(classList.map((f) => f.message).filter((m) => /Web\/API\/DOMTokenList[)\s;,]|DOMTokenList$|element\.className|Element\/className/.test(m))).toEqual(
      [],
    );
  });

  it('orphans whose original_slug leads (through English _redirects.txt) to a live English page get that page as suggestion', () => {
    const base = path.join(dir, 'mdn-2023-06');
    const english = path.join(base, 'content/files/en-us');
    // The redirects, read here independently of the layout: first entry wins, chains followed.
    const next = new Map<string, string>();
    for (const line of fs.readFileSync(path.join(english, '_redirects.txt'), 'utf8').split('\n')) {
      const [from, to] = line.split('\t');
      if (!from || !to || from.startsWith('#')) continue;
      const slug = (u: string) => /^\/en-US\/docs\/([^#?]*)/.exec(u)?.[1]?.toLowerCase();
      const f = slug(from);
      const t = slug(to);
      if (f && t && !next.has(f)) next.set(f, t);
    }
    const live = (key: string) => fs.existsSync(path.join(english, key.replace(/:/g, '_colon_').replace(/\*/g, '_star_'), 'index.md'));
    const follow = (key: string) => {
      const seen = new Set<string>();
      while (!live(key) && next.has(key) && !seen.has(key)) {
        seen.add(key);
        key = next.get(key)!;
      }
      return live(key) ? key : null;
    };
    const orphans = site.findings('orphaned-translation', 'es');
    let expected = 0;
    for (const f of orphans) {
      const text = fs.readFileSync(path.join(base, 'translated-content', f.path!), 'utf8');
      const original = /^original_slug:\s*(.+)$/m
        .exec(text.split(/^---$/m)[1] ?? '')?.[1]
        ?.trim()
        .replace(/^['"]|['"]$/g, '');
      if (!original) continue;
      const target = follow(original.toLowerCase());
      if (!target) continue;
      expected++;
      expect([f.key, f.message_id, (JSON.parse(f.data_json) as { suggestionKey?: string }).suggestionKey]).toEqual([
        f.key,
        expect.stringMatching(/^(formerKey|formerKeyLeftover|moved|leftover)$/),
        target,
      ]);
    }
    expect(expected).toBeGreaterThan(50);
  });
});
