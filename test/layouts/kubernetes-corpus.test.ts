import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankComments } from '../../server/indexer/parse.ts';
import { corpus, CORPORA, noteSkipped } from '../corpus.ts';
import { indexWith, tempDir, type IndexedSite } from './helpers.ts';

const BUNDLE = path.join(CORPORA, 'kubernetes-website-2025.bundle');
const enabled = corpus.enabled && fs.existsSync(BUNDLE);
noteSkipped('test/layouts/kubernetes-corpus.test.ts', 'the hugo preset on the whole Kubernetes website');

// Opt-in (L10N_DRIFT_CORPUS=1): the whole Kubernetes website at the head of the bundle, 16
// languages, 7,117 files; several minutes on two cores.
describe.skipIf(!enabled)('hugo preset on the whole Kubernetes website (head of kubernetes-website-2025.bundle)', () => {
  let site: IndexedSite;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('l10n-k8s-site-');
    execFileSync('git', ['clone', '-q', '-b', 'main', BUNDLE, dir]);
    // english-fallback is off by default on hugo; on here so that its lines are checked too.
    site = await indexWith({ layout: 'hugo', root: dir, checks: { 'english-fallback': 'warning' } }, dir);
  }, 1_800_000);
  afterAll(() => {
    site?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Keys are lower case (Hugo's URLs) where file names are not (`KMSv1.md`): the stored path says which file.
  const fileOf = (locale: string, key: string): string | undefined => {
    const rel = site.db.prepare('SELECT path FROM documents WHERE locale = ? AND key = ? AND deleted_run IS NULL').pluck().get(locale, key) as
      string | undefined;
    return rel === undefined ? undefined : path.join(dir, rel);
  };

  it('no broken-link finding for a blog permalink, a static/ file or a static/_redirects rule', () => {
    const broken = site.findings('broken-link').map((f) => String((JSON.parse(f.data_json) as { from: string }).from));
    expect(broken.length).toBeGreaterThan(0);
    const layout = site.config.layout;
    const english = new Set(
      site.db.prepare("SELECT key FROM documents WHERE locale = 'en' AND deleted_run IS NULL AND kind = 'page'").pluck().all() as string[],
    );
    for (const target of broken) {
      // No candidate of a broken target (its path, its permalink, a redirect rule's target) is a page.
      expect(
        layout.linkKeys(target).filter((c) => english.has(c.key)),
        target,
      ).toEqual([]);
    }
  });

  it('pairs pages by the URL Hugo serves: no orphan for a case-only rename, a same-permalink post or a team-own page', () => {
    const orphans = site.findings('orphaned-translation').map((f) => `${f.locale}/${f.key}`);
    expect(orphans.length).toBeGreaterThan(0);
    for (const key of [
      'zh-cn/docs/reference/command-line-tools-reference/feature-gates/kmsv1',
      'zh-cn/docs/reference/command-line-tools-reference/feature-gates/initializers',
      'zh-cn/blog/_posts/2023-02-14-katacoda-tutorial-shutdown',
      'zh-cn/blog/_posts/free-katacoda-kubernetes-tutorials-are-shutting-down',
      'ko/docs/contribute/localization_ko',
      'zh-cn/docs/contribute/localization_zh',
      'ja/readme',
    ])
      expect(orphans, key).not.toContain(key);
  });

  it('links to https://kubernetes.io/… are internal: the same page as /… (link-mismatch)', () => {
    // English links the pages absolutely, the translations with their language prefix: no mismatch.
    const pages = ['zh-cn/docs/tasks/network/reconfigure-default-service-ip-ranges', 'ko/blog/_posts/2021-08-04-kubernetes-release-1.22'];
    const found = site.findings('link-mismatch').filter((f) => pages.includes(`${f.locale}/${f.key}`));
    expect(found.map((f) => `${f.locale}/${f.key}:${f.line} ${f.message}`)).toEqual([]);
  });

  it('no liquid-syntax or liquid-mismatch finding (Hugo has no Liquid)', () => {
    expect(site.findings('liquid-syntax')).toEqual([]);
    expect(site.findings('liquid-mismatch')).toEqual([]);
  });

  it('no finding points into an HTML comment, in any check and locale', () => {
    const comments = new Map<string, string>();
    const inComment = (locale: string, key: string, line: number) => {
      const file = fileOf(locale, key);
      if (file === undefined) return false;
      let blanked = comments.get(file);
      if (blanked === undefined) {
        const text = fs.readFileSync(file, 'utf8');
        const blank = blankComments(text);
        // The lines a comment covers entirely: where a finding inside a comment would point.
        const lines = text.split('\n');
        blanked = blank
          .split('\n')
          .map((l, i) => (l.trim() === '' && (lines[i] ?? '').trim() !== '' ? '1' : '0'))
          .join('');
        comments.set(file, blanked);
      }
      return blanked[line - 1] === '1';
    };
    // Findings whose line is where the text they quote is. A "missing" finding points at its
    // section's start, which may be a comment (the English original) without being caused by it.
    const located = [
      ...['broken-link', 'outdated-link', 'english-fallback'].flatMap((check) => site.findings(check)),
      ...['link-mismatch', 'macro-mismatch'].flatMap((check) => site.findings(check).filter((f) => f.message_id === 'extra')),
    ];
    const offending = located.filter((f) => f.locale !== 'en' && f.line !== null).filter((f) => inComment(f.locale, f.key, f.line!));
    expect(offending.map((f) => `${f.locale}/${f.key}:${f.line} ${f.check_id}: ${f.message}`).slice(0, 20)).toEqual([]);
  });

  it('no english-fallback finding in the generated references the preset excludes', () => {
    expect(site.findings('english-fallback').filter((f) => f.key.startsWith('docs/reference/kubernetes-api/'))).toEqual([]);
  });
});
