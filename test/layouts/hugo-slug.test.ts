import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHugo } from '../../server/layouts/hugo.ts';
import { runCli } from '../cli/helpers.ts';

/**
 * Hugo serves a page whose frontmatter has `slug` at its folder + the slug, not at its file
 * name (section `_index.md` pages excepted), and one with `url` at that path. The hand check of
 * 2026-12-05 (seed 5, docs/precision-kubernetes.md) drew broken-link findings on the Kubernetes
 * site for such links: zh-cn `content/zh-cn/docs/contribute/blog/guidelines.md:195`
 * (`/zh-cn/docs/contribute/blog/article-submission/#illustrations`, the page
 * `content/en/docs/contribute/blog/submission.md` with `slug: article-submission`) and
 * `content/zh-cn/docs/contribute/blog/submission.md:221` (`/zh-cn/docs/contribute/blog/writing-buddy/`,
 * `buddying.md` with `slug: writing-buddy`). The minimal site below keeps those frontmatters
 * and link lines as the real files have them.
 */
function site(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hugo-slug-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write(
    'hugo.toml',
    'baseURL = "https://kubernetes.io"\n\n[permalinks]\nblog = "/:section/:year/:month/:day/:slug/"\n\n[languages]\n[languages.en]\n[languages.zh-cn]\n',
  );
  write('static/_redirects', '/docs/contribute/blog/old-guide/ /docs/contribute/blog/guidelines/ 301\n');
  for (const lang of ['en', 'zh-cn']) {
    const p = lang === 'en' ? '' : `/${lang}`;
    write(
      `content/${lang}/docs/contribute/blog/_index.md`,
      '---\ntitle: Contributing to Kubernetes blogs\nslug: blog-contribution\ncontent_type: concept\n---\n\nAbout the blogs.\n',
    );
    write(
      `content/${lang}/docs/contribute/blog/submission.md`,
      '---\ntitle: Submitting articles to Kubernetes blogs\nslug: article-submission\ncontent_type: concept\nweight: 30\n---\n\nSubmit an article.\n',
    );
    write(
      `content/${lang}/docs/contribute/blog/buddying.md`,
      '---\ntitle: Helping as a blog writing buddy\nslug: writing-buddy\ncontent_type: concept\nweight: 70\n---\n\nBe a buddy.\n',
    );
    write(
      `content/${lang}/docs/contribute/blog/guidelines.md`,
      [
        '---',
        'title: Blog guidelines',
        'content_type: concept',
        'weight: 40',
        '---',
        '',
        '### Diagrams and illustrations {#illustrations}',
        '',
        `For [illustrations](${p}/docs/contribute/blog/article-submission/#illustrations) - including diagrams or charts.`,
        '',
        `Follow the [guide](${p}/docs/contribute/blog/writing-buddy/) about supporting their work.`,
        '',
        `A section keeps its folder's URL: [blogs](${p}/docs/contribute/blog/blog-contribution/).`,
        '',
        `The file name is no URL any more: [submission](${p}/docs/contribute/blog/submission-typo/).`,
        '',
      ].join('\n'),
    );
  }
  return root;
}

describe('Hugo: frontmatter slug and url place a page (broken-link false alarms on the Kubernetes site)', () => {
  const root = site();
  const layout = createHugo({ root });

  it.each([
    ['/zh-cn/docs/contribute/blog/article-submission/#illustrations', 'docs/contribute/blog/submission'],
    ['/docs/contribute/blog/writing-buddy/', 'docs/contribute/blog/buddying'],
    ['https://kubernetes.io/docs/contribute/blog/article-submission/', 'docs/contribute/blog/submission'],
  ])('%s is the page %s', (target, key) => {
    expect(layout.linkKeys(target)[0]?.key).toBe(key);
  });

  it('shows the page at its slug URL; a section keeps its folder URL (Hugo ignores slug on _index.md)', () => {
    expect(layout.urlOf('docs/contribute/blog/submission')).toBe('/docs/contribute/blog/article-submission/');
    expect(layout.urlOf('docs/contribute/blog')).toBe('/docs/contribute/blog/');
    expect(layout.linkKeys('/docs/contribute/blog/blog-contribution/')[0]?.key).toBe('docs/contribute/blog/blog-contribution');
  });

  it('index + check: links to slug URLs are not broken, in English or zh-cn; a section slug and a missing page still are', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hugo-slug-db-'));
    const config = path.join(dir, 'l10n-drift.config.json');
    fs.writeFileSync(config, JSON.stringify({ layout: 'hugo', root, db: path.join(dir, 'drift.db'), locales: ['zh-cn'] }));
    const indexed = await runCli(['index', '--config', config, '--quiet'], { cwd: dir });
    expect(indexed.code, indexed.err).toBe(0);
    const checked = await runCli(['check', '--config', config, '--check', 'broken-link', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    expect(checked.code, checked.err).toBe(0);
    const broken = (JSON.parse(checked.out) as { findings: { data: { from: string } }[] }).findings.map((f) => f.data.from).sort();
    expect(broken).toEqual(['/zh-cn/docs/contribute/blog/blog-contribution/', '/zh-cn/docs/contribute/blog/submission-typo/']);
  });
});
