import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHugo } from '../../server/layouts/hugo.ts';
import { applyRule, hugoSite, permalinkOf, readHugoConfig, readRedirectRules } from '../../server/layouts/hugo-site.ts';
import { parseDocument } from '../../server/indexer/parse.ts';

// A cut-down Kubernetes site: hugo.toml and static/_redirects excerpts, real blog frontmatter (see NOTICE).
const SITE = path.resolve(import.meta.dirname, '../fixtures/kubernetes/site');
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/kubernetes');
const layout = createHugo({ root: SITE });
const first = (target: string) => layout.linkKeys(target).map((k) => ({ key: k.key, anchor: k.anchor, redirect: k.redirect ?? false }));

describe('hugo.toml: the [permalinks] and [languages] a small reader takes', () => {
  it('reads the Kubernetes site config', () => {
    const { permalinks, languages } = readHugoConfig(fs.readFileSync(path.join(SITE, 'hugo.toml'), 'utf8'));
    expect([...permalinks]).toEqual([['blog', '/:section/:year/:month/:day/:slug/']]);
    expect(languages).toEqual(['en', 'bn', 'zh-cn']);
  });

  it.each([
    ['[permalinks.page] (Hugo ≥ 0.119)', "[permalinks.page]\nposts = '/:year/:slug/'\n", [['posts', '/:year/:slug/']]],
    [
      'other tables are not permalinks',
      '[params]\nblog = "x"\n[permalinks]\nblog = "/:section/:slug/"\n[[params.versions]]\nblog = "y"\n',
      [['blog', '/:section/:slug/']],
    ],
  ])('%s', (_, text, expected) => {
    expect([...readHugoConfig(text).permalinks]).toEqual(expected);
  });
});

describe('blog posts live at their permalinks, not at their file paths (broken-link false alarms)', () => {
  it.each([
    ['frontmatter slug and date', '/blog/2025/10/18/wg-policy-spotlight-2025/', 'blog/_posts/2025-10-18-wg-policy-spotlight'],
    [
      'no slug: the title urlized; the frontmatter date, not the file name',
      '/blog/2019/04/15/process-id-limiting-for-stability-improvements-in-kubernetes-1.14/',
      'blog/_posts/2019-03-28-pid-limiting',
    ],
    ['a translation links its own language', '/zh-cn/blog/2025/10/18/wg-policy-spotlight-2025/', 'blog/_posts/2025-10-18-wg-policy-spotlight'],
    ['frontmatter url wins (case as written)', '/blog/2015/03/Welcome-To-Kubernetes-Blog', 'blog/_posts/2015-03-00-welcome-to-kubernetes-blog'],
    [
      'on kubernetes.io, with an anchor',
      'https://kubernetes.io/blog/2025/10/18/wg-policy-spotlight-2025/#history',
      'blog/_posts/2025-10-18-wg-policy-spotlight',
    ],
  ])('%s: %s', (_, target, key) => {
    expect(layout.linkKeys(target)[0]?.key).toBe(key);
  });

  it('shows a post at its permalink, not /blog/_posts/…', () => {
    expect(layout.urlOf('blog/_posts/2025-10-18-wg-policy-spotlight')).toBe('/blog/2025/10/18/wg-policy-spotlight-2025/');
    expect(layout.urlOf('docs/reference/kubectl/quick-reference')).toBe('/docs/reference/kubectl/quick-reference/');
  });

  it.each([
    [
      'a date in the file name when frontmatter has none',
      '/:section/:year/:month/:day/:slug/',
      'blog/_posts/2024-01-02-a-post',
      {},
      '/blog/2024/01/02/a-post/',
    ],
    [
      'a slash in the title stays (real: /blog/2019/04/24/hardware-accelerated-ssl/tls-termination-…/)',
      '/:section/:year/:month/:day/:slug/',
      'blog/_posts/2019-04-24-Hardware-Accelerated-SSLTLS',
      { title: 'Hardware Accelerated SSL/TLS Termination in Ingress Controllers', date: '2019-04-24' },
      '/blog/2019/04/24/hardware-accelerated-ssl/tls-termination-in-ingress-controllers/',
    ],
    ['no date at all: no permalink', '/:section/:year/:slug/', 'blog/_posts/a-post', {}, null],
  ])('%s', (_, pattern, key, fm, url) => {
    expect(permalinkOf(pattern, key, fm)).toBe(url);
  });
});

describe('static/_redirects rules (Netlify format) resolve links as redirects', () => {
  it.each([
    [
      'an exact rule',
      '/docs/reference/kubectl/cheatsheet/',
      [
        { key: 'docs/reference/kubectl/cheatsheet', anchor: '', redirect: false },
        { key: 'docs/reference/kubectl/quick-reference', anchor: '', redirect: true },
      ],
    ],
    [
      'the English rule for a translation link',
      '/zh-cn/docs/reference/kubectl/cheatsheet/',
      [
        { key: 'docs/reference/kubectl/cheatsheet', anchor: '', redirect: false },
        { key: 'docs/reference/kubectl/quick-reference', anchor: '', redirect: true },
      ],
    ],
    [
      'a rule without a trailing slash, 302',
      '/kubectlguide',
      [
        { key: 'kubectlguide', anchor: '', redirect: false },
        { key: 'docs/reference/kubectl/quick-reference', anchor: '', redirect: true },
      ],
    ],
    [
      'a blog rule to a permalink',
      '/blog/2023/01/20/security-bahavior-analysis/',
      [
        { key: 'blog/2023/01/20/security-bahavior-analysis', anchor: '', redirect: false },
        { key: 'blog/2023/01/20/security-behavior-analysis', anchor: '', redirect: true },
      ],
    ],
  ])('%s: %s', (_, target, expected) => {
    expect(first(target)).toEqual(expected);
  });

  it.each([
    ['splat', '/zh/*         /zh-cn/:splat  302!', '/zh/docs/home/', '/zh-cn/docs/home/'],
    [
      'splat glued to a prefix, into an anchor',
      '/docs/reference/kubectl/kubectl/kubectl_*    /docs/reference/generated/kubectl/kubectl-commands#:splat 301',
      '/docs/reference/kubectl/kubectl/kubectl_apply/',
      '/docs/reference/generated/kubectl/kubectl-commands#apply',
    ],
    ['placeholder', '/news/:year/:slug /blog/:year/:slug 301', '/news/2024/hello', '/blog/2024/hello'],
    ['no match', '/docs/     /docs/home/ 301!', '/docs/x/', null],
  ])('%s', (_, line, from, to) => {
    expect(applyRule(readRedirectRules(line)[0]!, from)).toBe(to);
  });

  it('English literal rules become redirect rows (orphans at an old path get their new page); splats, 404 pages and language rules do not', () => {
    const table = layout.readRedirects!(SITE, 'en');
    expect(table.byTarget.get('docs/reference/kubectl/quick-reference')?.sort()).toEqual(['docs/reference/kubectl/cheatsheet', 'kubectlguide']);
    expect([...table.byTarget.values()].flat().some((k) => k.includes('interactive'))).toBe(false);
    expect(layout.readRedirects!(SITE, 'zh-cn').byTarget.size).toBe(0);
  });

  it('comment lines are skipped; a # inside a rule is an anchor', () => {
    const rules = readRedirectRules(fs.readFileSync(path.join(SITE, 'static/_redirects'), 'utf8'));
    expect(rules.some((r) => r.to.endsWith('#:splat'))).toBe(true);
    expect(rules.every((r) => !r.from[0]?.startsWith('#'))).toBe(true);
  });
});

describe('files are link targets, not pages', () => {
  it.each([
    ['an image', '/images/docs/components-of-kubernetes.svg'],
    ['a file under static/ (served as .html without its extension)', '/docs/reference/generated/kubectl/kubectl-commands'],
    ['a rule that leads to a static file', '/docs/reference/kubectl/kubectl/kubectl_apply/'],
    ["kubectl's generated reference, which a content-only checkout lacks (zh-cn logging)", '/docs/reference/generated/kubectl/kubectl-commands#logs'],
  ])('%s: %s', (_, target) => {
    expect(layout.linkKeys(target)).toEqual([]);
  });
});

describe('syntax by layout', () => {
  it('hugo runs no Liquid checks, and says why', () => {
    expect(Object.keys(layout.checksOff ?? {}).sort()).toEqual(['english-fallback', 'liquid-mismatch', 'liquid-syntax', 'untranslated-field']);
    expect(layout.checksOff?.['liquid-syntax']).toContain('{{/* … */}}');
  });

  it('duplicate frontmatter keys: Hugo builds the page with the last one (zh-cn sidecar-container glossary entry)', () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'zh-cn/sidecar-container.md'));
    const options = { kind: 'page' as const, language: 'zh', detectLanguages: false, maxFileBytes: 1 << 20, maxSections: 100 };
    expect(parseDocument('a.md', bytes, options).error?.message).toContain('duplicated mapping key');
    const hugo = parseDocument('a.md', bytes, { ...options, yamlDuplicateKeys: layout.yamlDuplicateKeys! });
    expect(hugo.error).toBeNull();
    expect(hugo.frontmatter).toMatchObject({ title: '边车容器', full_link: '/zh-cn/docs/concepts/workloads/pods/sidecar-containers/', date: '2018-04-12' });
  });
});

describe('the frontmatter heads a site model reads (every English page and every post of every language)', () => {
  it('keys in any case, the first of a key, up to the first `---` line; a `----` line or an indented key is no end or key', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-hugo-heads-'));
    try {
      fs.writeFileSync(path.join(root, 'hugo.toml'), '[permalinks]\nblog = "/:section/:year/:month/:day/:slug/"\nnews = "/:section/:title/"\n');
      const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, 'content', rel)), { recursive: true });
        fs.writeFileSync(path.join(root, 'content', rel), text);
      };
      write('en/blog/a.md', '---\nTITLE: Ignored When Slugged\nDate: 2024-05-06\nSlug: First Slug\nslug: second\n---\nbody\nslug: not-frontmatter\n');
      write('en/blog/b.md', '---\ntitle: Dashes\n----\n  slug: indented\ndate: 2023-01-02\n---  \nslug: after-the-end\n');
      write('en/news/c.md', '---\ntitle: "Quoted Title"\npublishDate: 2020-01-01\n---\n');
      write('en/docs/d.md', '---\r\nslug: crlf\r\n---\r\n');
      write('en/docs/e.md', '---\nurl: /elsewhere/e/\n---\n');
      const site = hugoSite(root, 'en');
      expect(site.urlOfKey.get('blog/a')).toBe('/blog/2024/05/06/first-slug/');
      expect(site.urlOfKey.get('blog/b')).toBe('/blog/2023/01/02/dashes/');
      expect(site.urlOfKey.get('news/c')).toBe('/news/quoted-title/');
      // `slug: crlf\r` is no `key: value` line to the head reader (as before): the page keeps its path.
      expect(site.urlOfKey.has('docs/d')).toBe(false);
      expect(site.pageAtUrl.get('elsewhere/e')).toBe('docs/e');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('pages and files the English content folder serves that are not Markdown (isContentFile)', () => {
  it.each([false, true])('answers from the English walk, through a symbolic link too (with one: %s)', (withLink) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-hugo-content-files-'));
    try {
      const write = (rel: string, text = 'x') => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      };
      write('hugo.toml', 'baseURL = "https://example.org"\n');
      write('content/en/_index.html');
      write('content/en/partners/_index.html');
      write('content/en/docs/page.md', '---\ntitle: Page\n---\n');
      write('content/en/docs/examples/pod.yaml');
      write('content/en/docs/legacy.adoc');
      write('elsewhere/_index.html');
      if (withLink) fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'content/en/linked'));
      const site = hugoSite(root, 'en');
      const answers = Object.fromEntries(
        [
          '',
          'partners',
          'partners/',
          'docs',
          'docs/page',
          'docs/examples/pod.yaml',
          'docs/legacy',
          'docs/nope',
          'docs/nope/deeper',
          'linked',
          '../../elsewhere',
        ].map((r) => [r, site.isContentFile(r)]),
      );
      expect(answers).toEqual({
        '': true,
        partners: true,
        'partners/': true,
        docs: false,
        'docs/page': false,
        'docs/examples/pod.yaml': true,
        'docs/legacy': true,
        'docs/nope': false,
        'docs/nope/deeper': false,
        linked: withLink,
        '../../elsewhere': false,
      });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
