import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../server/cli/main.ts';
import { corpus, CORPORA, noteSkipped } from '../corpus.ts';
import { commitAll, tempDir } from '../history/helpers.ts';
import { COMMENT_LIMIT } from '../../server/output/budget.ts';

const HISTORY = path.join(CORPORA, 'github-docs-history.bundle');
const KUBERNETES = path.join(CORPORA, 'kubernetes-website-2025.bundle');
noteSkipped('test/pr/corpus.test.ts', 'check --changed-since on the GitHub Docs history bundle and the Markdown size on the whole Kubernetes website');

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const stream = (add: (s: string) => void) => new Writable({ write: (c, _e, cb) => (add(String(c)), cb()) });
  const code = await run(args, { stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)), cwd, env: {} });
  return { code, out, err };
}

const DIR = 'content/admin/configuration/managing-connections-between-github-enterprise-server-and-github-enterprise-cloud';
const SEARCH = `${DIR}/enabling-unified-search-between-github-enterprise-server-and-githubcom.md`;
const CONNECT = `${DIR}/connecting-github-enterprise-server-to-github-enterprise-cloud.md`;
const SYNC_JA = `translations/ja-JP/${DIR}/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md`;
const LOCALES = ['ja-JP', 'zh-CN'];

// Opt-in (L10N_DRIFT_CORPUS=1): the GitHub Docs history bundle (7 snapshots, 2021) with one more
// commit that edits two English pages and one ja-JP page; ja-JP and zh-CN indexed. Minutes on two cores.
describe.skipIf(!(corpus.enabled && fs.existsSync(HISTORY)))('check --changed-since on the GitHub Docs history bundle', () => {
  let root: string;
  let db: string;
  const edit = (rel: string, from: string | RegExp, to: string) => {
    const file = path.join(root, rel);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(from);
    fs.writeFileSync(file, text.replace(from, to));
  };
  const impactOf = async (message: string) => {
    execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: root });
    edit(SEARCH, 'Users will not be able to search', 'Users cannot search');
    edit(
      CONNECT,
      '1. Sign in to {% data variables.product.product_location_enterprise %} and',
      '1. Log in to {% data variables.product.product_location_enterprise %} and',
    );
    // ja-JP: the versions as English writes them (`enterprise-server` is the same versions: no finding either way),
    // and a link to no page (a new broken-link); the commit makes the page current (its stale finding is fixed).
    edit(SYNC_JA, "versions:\n  enterprise-server: '*'", "versions:\n  ghes: '*'");
    edit(SYNC_JA, /\n(#+) /, '\n詳しくは[ページ](/admin/no-such-page)を参照してください。\n\n$1 ');
    commitAll(root, message, '2021-07-05T12:00:00Z');
    const indexed = await cli(['index', '--config', path.join(root, '..', 'config.json'), '--db', db, '--quiet'], root);
    expect(indexed.code, indexed.err).toBe(0);
    const r = await cli(
      ['check', '--config', path.join(root, '..', 'config.json'), '--db', db, '--changed-since', 'HEAD~1', '--format', 'json', '--fail-on', 'never'],
      root,
    );
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out) as {
      stale: { locale: string; path: string; sections: string[] }[];
      added: { path: string; check: string }[];
      fixed: { path: string; check: string }[];
    };
  };

  beforeAll(() => {
    const dir = tempDir('l10n-pr-gh-');
    root = path.join(dir, 'repo');
    db = path.join(dir, 'drift.db');
    execFileSync('git', ['clone', '-q', '-b', 'main', HISTORY, root]);
    execFileSync('git', ['branch', '-q', '-f', 'pristine'], { cwd: root });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ layout: 'github-docs', root: 'repo', locales: LOCALES }));
  }, 300_000);
  afterAll(() => root && fs.rmSync(path.dirname(root), { recursive: true, force: true }), 600_000);

  it('lists exactly the translations made stale, per locale and section, and the ja-JP page’s new and fixed findings', async () => {
    const impact = await impactOf('Reword unified search and GitHub Connect pages');
    expect(impact.stale.map((s) => `${s.locale} ${s.path.split('/').pop()} ${s.sections.join('|')}`).sort()).toEqual([
      // The two English edits, each in its section, for both indexed locales; nothing else.
      'ja-JP connecting-github-enterprise-server-to-github-enterprise-cloud.md Enabling {% data variables.product.prodname_github_connect %}',
      'ja-JP enabling-unified-search-between-github-enterprise-server-and-githubcom.md (introduction)',
      'zh-CN connecting-github-enterprise-server-to-github-enterprise-cloud.md Enabling {% data variables.product.prodname_github_connect %}',
      'zh-CN enabling-unified-search-between-github-enterprise-server-and-githubcom.md (introduction)',
    ]);
    expect(impact.added.map((f) => `${f.path === SYNC_JA} ${f.check}`)).toContain('true broken-link');
    expect(impact.fixed.map((f) => `${f.path === SYNC_JA} ${f.check}`)).toContain('true stale-translation');
    expect([...impact.added, ...impact.fixed].every((f) => f.path === SYNC_JA)).toBe(true);
  }, 1_800_000);

  it('with [l10n skip] in the subject, no translation is made stale', async () => {
    execFileSync('git', ['checkout', '-q', '-B', 'main', 'pristine'], { cwd: root });
    const impact = await impactOf('Reword unified search and GitHub Connect pages [l10n skip]');
    expect(impact.stale).toEqual([]);
    expect(impact.added.map((f) => f.check)).toContain('broken-link');
  }, 1_800_000);
});

// Opt-in (L10N_DRIFT_CORPUS=1): the whole Kubernetes website (16 languages, 7,117 files, ~40,000
// open findings) indexed once; its pull-request comment must fit GitHub's 65,536-character limit.
describe.skipIf(!(corpus.enabled && fs.existsSync(KUBERNETES)))('check --format markdown on the whole Kubernetes website', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('l10n-pr-k8s-');
    execFileSync('git', ['clone', '-q', '-b', 'main', KUBERNETES, path.join(dir, 'site')]);
  }, 300_000);
  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }), 600_000);

  it('stays under 65,000 characters, totals first, and says how many findings it left out', async () => {
    const site = path.join(dir, 'site');
    const db = path.join(dir, 'drift.db');
    const args = ['--root', site, '--db', db];
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ layout: 'hugo' }));
    const indexed = await cli(['index', '--config', path.join(dir, 'config.json'), ...args, '--quiet'], dir);
    expect(indexed.code, indexed.err).toBe(0);
    const md = await cli(['check', '--config', path.join(dir, 'config.json'), ...args, '--format', 'markdown', '--fail-on', 'never'], dir);
    const json = await cli(['check', '--config', path.join(dir, 'config.json'), ...args, '--format', 'json', '--fail-on', 'never'], dir);
    const total = (JSON.parse(json.out) as { summary: { total: number } }).summary.total;
    expect(total).toBeGreaterThan(10_000);
    expect(md.out.length).toBeLessThan(COMMENT_LIMIT);
    expect(md.out.split('\n')[0]).toBe(`### l10n-drift: ${total} open findings (run 1)`);
    const shown = md.out.split('\n').filter((l) => l.startsWith('- **')).length;
    const leftOut = Number(/^_(\d+) findings left out to fit a pull-request comment/m.exec(md.out)?.[1]);
    expect(shown + leftOut).toBe(total);
  }, 1_800_000);
});
