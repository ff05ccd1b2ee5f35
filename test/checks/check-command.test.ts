import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { index, openTempDb, siteConfig, tempDir, write } from '../history/helpers.ts';
import { copySample, indexRoot, type Indexed } from './helpers.ts';
import { runCli, type CliResult } from '../cli/helpers.ts';

let site: Indexed;
beforeAll(async () => {
  site = await indexRoot(copySample());
  site.close();
});

const cli = (args: string[], target: { root: string; db: string } = { root: site.root, db: site.config.db }): Promise<CliResult> =>
  runCli(['check', '--root', target.root, '--db', target.db, ...args], { cwd: target.root });

describe('l10n-drift check', () => {
  it('text: grouped by locale and article with file:line; exit 1 on errors', async () => {
    const r = await cli(['--locale', 'de-DE']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^de-DE: \d+ findings/m);
    expect(r.out).toContain('  /admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud');
    expect(r.out).toMatch(/translations\/de-DE\/content\/admin\/configuration\/enabling-[\w-]+\.md:16 {2}warning {2}outdated-link/);
    expect(r.out).not.toContain('zh-CN');
  });

  it('json: versioned shape, filtered by check', async () => {
    const r = await cli(['--format', 'json', '--check', 'outdated-link', '--fail-on', 'warning']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as {
      version: number;
      summary: { total: number };
      findings: { check: string; locale: string; data: { suggestion: string }; status: string }[];
    };
    expect(doc.version).toBe(1);
    expect(doc.summary.total).toBe(7);
    expect(new Set(doc.findings.map((f) => f.check))).toEqual(new Set(['outdated-link']));
    expect(
      doc.findings
        .filter((f) => f.locale === 'de-DE')
        .map((f) => f.data.suggestion)
        .sort(),
    ).toEqual([
      '/admin/configuration/configuring-github-connect/managing-github-connect',
      '/admin/configuration/configuring-github-connect/managing-github-connect',
      '/billing/managing-your-license-for-github-enterprise',
    ]);
  });

  it('markdown: summary table and one details block per locale; --fail-on never exits 0', async () => {
    const r = await cli(['--format', 'markdown', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^### l10n-drift: \d+ open findings/);
    expect(r.out).toContain('| locale | errors | warnings | info |');
    expect(r.out.match(/<details>/g)?.length).toBe(5);
  });

  it('exit 0 when nothing reaches --fail-on', async () => {
    const r = await cli(['--check', 'missing-redirect', '--fail-on', 'error']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('missing-redirect');
  });

  it.each([[['--format', 'xml']], [['--fail-on', 'sometimes']], [['--check', 'no-such-check']], [['--bogus']]])('usage error %j exits 2', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).not.toBe('');
  });

  it("--check stale-translation lists each locale's stale articles most behind first, not by key", async () => {
    // Three index runs; English pages change in different runs, so the articles are behind by different amounts.
    const dir = tempDir('l10n-check-stale-');
    const { db, file } = openTempDb(dir);
    const config = siteConfig(path.join(dir, 'site'), file);
    const en = (key: string, sentence: string) => write(config.root, `content/${key}.md`, `---\ntitle: ${key}\n---\n\n## Overview\n\n${sentence}\n`);
    const tr = (locale: string, key: string, sentence: string) =>
      write(config.root, `translations/${locale}/content/${key}.md`, `---\ntitle: ${key}\n---\n\n## 概要\n\n${sentence}\n`);
    try {
      for (const key of ['alpha', 'beta', 'gamma']) {
        en(key, `The first ${key} sentence.`);
        for (const locale of ['ja-JP', 'ko-KR']) tr(locale, key, `最初の文 ${key}。`);
      }
      await index(config, db, new Date('2021-01-01T00:00:00Z'));
      en('beta', 'The second beta sentence.');
      en('gamma', 'The second gamma sentence.');
      tr('ko-KR', 'beta', '二番目の文 beta。');
      await index(config, db, new Date('2021-01-05T00:00:00Z'));
      en('alpha', 'The third alpha sentence.');
      en('beta', 'The third beta sentence.');
      await index(config, db, new Date('2021-01-20T00:00:00Z'));
    } finally {
      db.close();
    }
    try {
      await expectStaleOrder({ root: config.root, db: file });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** JSON and text output of `check --check stale-translation` on the three-run site: most behind first per locale. */
async function expectStaleOrder(target: { root: string; db: string }): Promise<void> {
  const json = await cli(['--check', 'stale-translation', '--format', 'json', '--fail-on', 'never'], target);
  expect(json.code).toBe(0);
  const doc = JSON.parse(json.out) as { findings: { locale: string; key: string; data: { commitsBehind: number; daysBehind: number } }[] };
  // ja-JP: beta is 2 runs behind, alpha and gamma 1 (19 days vs 4). ko-KR: beta was updated in run 2 (1 run, 15 days).
  expect(doc.findings.map((f) => `${f.locale} ${f.key} ${f.data.commitsBehind}/${f.data.daysBehind}`)).toEqual([
    'ja-JP beta 2/19',
    'ja-JP alpha 1/19',
    'ja-JP gamma 1/4',
    'ko-KR alpha 1/19',
    'ko-KR beta 1/15',
    'ko-KR gamma 1/4',
  ]);
  const text = await cli(['--check', 'stale-translation', '--locale', 'ja-JP', '--fail-on', 'never'], target);
  expect(text.out.match(/^ {2}\/\w+$/gm)).toEqual(['  /beta', '  /alpha', '  /gamma']);
}
