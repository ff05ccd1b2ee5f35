import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLayout } from '../../server/layouts/index.ts';
import { starterConfig } from '../../server/cli/init-command.ts';
import { corpus, KUBERNETES_SAMPLE, noteSkipped } from '../corpus.ts';
import { cloneK8s, git, indexWith, MDN_SAMPLE, pageCounts, type IndexedSite } from './helpers.ts';

// The Kubernetes workloads bundle (4 snapshots) is a large corpus: opt-in.
noteSkipped('test/layouts/hugo.test.ts', 'hugo preset on the Kubernetes workloads bundle');
const k8s = corpus.enabled ? cloneK8s() : { dir: '', snapshots: [] };
const keyOf = (rel: string) => rel.replace(/\.md$/, '').replace(/(^|\/)_?index$/, '');

/** Reference from git alone: pages (keys) per language at a snapshot. */
function gitPages(commit: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of git(k8s.dir, 'ls-tree', '-r', '--name-only', commit, 'content').trim().split('\n')) {
    const m = /^content\/([^/]+)\/(.+\.md)$/.exec(p);
    if (!m) continue;
    if (!out.has(m[1]!)) out.set(m[1]!, new Set());
    out.get(m[1]!)!.add(keyOf(m[2]!));
  }
  return out;
}

/** HTML comment line ranges of a file: lines no finding may point into. */
function commentLines(text: string): Set<number> {
  const lines = new Set<number>();
  for (const m of text.matchAll(/<!--[\s\S]*?-->/g)) {
    const first = text.slice(0, m.index).split('\n').length;
    const last = first + m[0].split('\n').length - 1;
    for (let l = first; l <= last; l++) lines.add(l);
  }
  return lines;
}

describe.runIf(corpus.enabled).each(k8s.snapshots.map((commit, i) => [i + 1, commit] as const))('hugo preset on Kubernetes snapshot %i', (_n, commit) => {
  let site: IndexedSite;
  const reference = gitPages(commit);
  beforeAll(async () => {
    git(k8s.dir, 'checkout', '-q', commit);
    site = await indexWith({ layout: 'hugo', root: k8s.dir, checks: { 'english-fallback': 'warning' } }, k8s.dir);
  });
  afterAll(() => site.close());

  it('pages per language equal the .md files git has there', () => {
    expect(pageCounts(site.db)).toEqual(Object.fromEntries([...reference].map(([l, keys]) => [l, keys.size])));
  });

  it('missing and orphaned translations equal the set difference with English', () => {
    const english = reference.get('en')!;
    for (const [locale, keys] of reference) {
      if (locale === 'en') continue;
      expect(
        site
          .findings('missing-translation', locale)
          .map((f) => f.key)
          .sort(),
        locale,
      ).toEqual([...english].filter((k) => !keys.has(k)).sort());
      expect(
        site
          .findings('orphaned-translation', locale)
          .map((f) => f.key)
          .sort(),
        locale,
      ).toEqual([...keys].filter((k) => !english.has(k)).sort());
    }
  });

  it('zh-cn: no english-fallback finding points into an HTML comment (the English originals)', () => {
    const findings = site.findings('english-fallback', 'zh-cn');
    for (const f of findings) {
      const text = fs.readFileSync(
        path.join(k8s.dir, 'content/zh-cn', `${f.key}${fs.existsSync(path.join(k8s.dir, 'content/zh-cn', f.key, '_index.md')) ? '/_index' : ''}.md`),
        'utf8',
      );
      expect(commentLines(text).has(f.line!), `${f.key}:${f.line} ${f.message}`).toBe(false);
    }
    // The comments hold hundreds of English paragraphs: had they counted, zh-cn would dwarf every locale.
    const commented = fs.readFileSync(path.join(k8s.dir, 'content/zh-cn/docs/concepts/workloads/pods/init-containers.md'), 'utf8');
    expect(commentLines(commented).size).toBeGreaterThan(20);
    expect(findings.filter((f) => f.key === 'docs/concepts/workloads/pods/init-containers' && commentLines(commented).has(f.line!))).toEqual([]);
  });
});

describe.runIf(corpus.enabled)('hugo preset: real untranslated text, aliases, stale verdicts', () => {
  let site: IndexedSite;
  const head = k8s.snapshots[k8s.snapshots.length - 1]!;
  beforeAll(async () => {
    git(k8s.dir, 'checkout', '-q', head);
    site = await indexWith({ layout: 'hugo', root: k8s.dir, checks: { 'english-fallback': 'warning' } }, k8s.dir);
  });
  afterAll(() => site.close());

  it('finds the half-English paragraph of es replicationcontroller', () => {
    const found = site.findings('english-fallback', 'es').filter((f) => f.key === 'docs/concepts/workloads/controllers/replicationcontroller');
    expect(found.map((f) => f.message)).toContainEqual(expect.stringContaining('We expect higher-level APIs and/or tools to be built on top of it'));
  });

  it('stale verdicts: a translation is stale when English changed in a later snapshot than the translation (git reference)', () => {
    const lastChange = (p: string) => {
      const out = git(k8s.dir, 'log', '-1', '--format=%H', head, '--', p).trim();
      return out ? k8s.snapshots.indexOf(out) : -1;
    };
    const stale = new Set<string>();
    const expected = new Set<string>();
    for (const f of site.findings('stale-translation')) stale.add(`${f.locale}\0${f.key}`);
    const english = gitPages(head).get('en')!;
    for (const [locale, keys] of gitPages(head)) {
      if (locale === 'en') continue;
      for (const key of keys) {
        if (!english.has(key)) continue;
        const file = (l: string) => {
          const dir = `content/${l}/${key}`;
          return fs.existsSync(path.join(k8s.dir, dir, '_index.md')) ? `${dir}/_index.md` : `${dir}.md`;
        };
        if (lastChange(file('en')) > lastChange(file(locale))) expected.add(`${locale}\0${key}`);
      }
    }
    expect(expected.size).toBeGreaterThan(10);
    // Every translation git says is behind is reported stale (frontmatter-only English edits may be skipped by design).
    const missed = [...expected].filter((k) => !stale.has(k));
    expect(missed.length, missed.join(', ')).toBeLessThanOrEqual(Math.floor(expected.size * 0.1));
    // And nothing is stale that git says is current.
    expect([...stale].filter((k) => !expected.has(k))).toEqual([]);
  });

  it('aliases are redirects: a translation left at an alias path is an orphan with the English page as suggestion', async () => {
    const file = path.join(k8s.dir, 'content/en/docs/concepts/workloads/pods/pod-qos.md');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(/^---\n/, '---\naliases:\n- /docs/concepts/workloads/pods/qos/\n'));
    fs.copyFileSync(
      path.join(k8s.dir, 'content/zh-cn/docs/concepts/workloads/pods/pod-qos.md'),
      path.join(k8s.dir, 'content/zh-cn/docs/concepts/workloads/pods/qos.md'),
    );
    await site.reindex();
    const orphan = site.findings('orphaned-translation', 'zh-cn').filter((f) => f.key === 'docs/concepts/workloads/pods/qos');
    expect(orphan.map((f) => f.message)).toEqual([
      expect.stringContaining('from /docs/concepts/workloads/pods/qos/ to /docs/concepts/workloads/pods/pod-qos/'),
    ]);
    git(k8s.dir, 'checkout', '-q', '--', '.');
    fs.rmSync(path.join(k8s.dir, 'content/zh-cn/docs/concepts/workloads/pods/qos.md'));
  });
});

describe('hugo preset on one Kubernetes page (test/fixtures/kubernetes-sample)', () => {
  let site: IndexedSite;
  beforeAll(async () => {
    site = await indexWith({ layout: 'hugo', root: KUBERNETES_SAMPLE }, KUBERNETES_SAMPLE);
  });
  afterAll(() => site.close());

  it('indexes the English page and its zh-cn translation under one key', () => {
    expect(pageCounts(site.db)).toEqual({ en: 1, 'zh-cn': 1 });
    expect(site.findings('missing-translation')).toEqual([]);
  });

  it('zh-cn: no english-fallback finding points into an HTML comment (the English originals)', () => {
    const text = fs.readFileSync(path.join(KUBERNETES_SAMPLE, 'content/zh-cn/docs/concepts/workloads/pods/pod-qos.md'), 'utf8');
    expect(commentLines(text).size).toBeGreaterThan(20);
    for (const f of site.findings('english-fallback', 'zh-cn')) expect(commentLines(text).has(f.line!), `${f.key}:${f.line} ${f.message}`).toBe(false);
  });
});

describe('init: layout detection', () => {
  it.each([
    ['Kubernetes sample', KUBERNETES_SAMPLE, 'hugo'],
    ['MDN sample', MDN_SAMPLE, 'mdn'],
    ['GitHub Docs sample', path.resolve(import.meta.dirname, '../../content/license-sync'), 'github-docs'],
  ])('%s → %s', (_name, dir, layout) => {
    expect(detectLayout(dir)?.name).toBe(layout);
  });

  it('writes locales the layout finds', () => {
    expect(starterConfig(MDN_SAMPLE, 'mdn')).toMatchObject({
      layout: 'mdn',
      locales: ['es', 'ko', 'pt-br'],
      frontmatter: { mustMatch: [], inherited: ['page-type', 'browser-compat', 'status', 'spec-urls'] },
    });
    expect(starterConfig(KUBERNETES_SAMPLE, 'hugo').locales).toEqual(['zh-cn']);
  });

  it.runIf(corpus.enabled)('writes the 12 locales of the Kubernetes clone', () => {
    expect(detectLayout(k8s.dir)?.name).toBe('hugo');
    expect((starterConfig(k8s.dir, 'hugo').locales as string[]).length).toBe(12);
  });

  it('a folder without any layout is not detected', () => {
    expect(detectLayout(path.resolve(import.meta.dirname))).toBeNull();
  });
});
