import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingWithStatus } from '../../db/repositories/findings.ts';
import { ARTICLE, copySample, indexRoot, type Indexed } from '../checks/helpers.ts';
import { cli, git, gitInit } from './helpers.ts';

const OLD_DE = 'admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';
const DE_FILE = `translations/de-DE/content/${OLD_DE}.md`;
const DE_MOVED = `translations/de-DE/content/${ARTICLE}.md`;
const MGC = '/admin/configuration/configuring-github-connect/managing-github-connect';

// The mechanical findings of the five seeds, by hand from the seed table: [locale, check, message, count].
const MECHANICAL: [string, string, string, number][] = [
  ['zh-CN', 'missing-redirect', 'missing', 1],
  ['zh-CN', 'outdated-link', 'redirect', 2],
  ['ja-JP', 'missing-redirect', 'missing', 1],
  ['ja-JP', 'outdated-link', 'redirect', 2],
  ['de-DE', 'orphaned-translation', 'moved', 1],
  ['de-DE', 'missing-redirect', 'missing', 3],
  ['de-DE', 'frontmatter-mismatch', 'missing', 2],
  ['de-DE', 'structure-mismatch', 'headingShift', 1],
  ['de-DE', 'outdated-link', 'legacy', 3],
];

let site: Indexed;
let before: FindingWithStatus[];
const args = () => ['--root', site.root, '--db', site.config.db];

beforeAll(async () => {
  const root = copySample();
  gitInit(root);
  site = await indexRoot(root);
  before = site.findings.list({ status: 'open', limit: 10_000 }).items;
});
afterAll(() => site.close());

const tally = (items: { locale: string; check_id: string; message_id: string }[]) => {
  const m = new Map<string, number>();
  for (const f of items) m.set(`${f.locale} ${f.check_id} ${f.message_id}`, (m.get(`${f.locale} ${f.check_id} ${f.message_id}`) ?? 0) + 1);
  return Object.fromEntries([...m].sort());
};

describe('l10n-drift fix on the five seeds', () => {
  it('prints a git patch of every mechanical fix, which git apply accepts, and writes nothing', async () => {
    const r = await cli(['fix', ...args()], site.root);
    expect(r.code).toBe(0);
    expect(r.err).toContain('16 of 16 mechanical findings fixed');
    expect(r.err).toMatch(/3 files edited, 1 moved, 0 deleted; 0 skipped/);
    expect(r.out).toContain(`rename from ${DE_FILE}`);
    expect(r.out).toContain(`rename to ${DE_MOVED}`);
    expect(r.out).toContain('-### Lizenzsynchronisierung aktivieren\n+## Lizenzsynchronisierung aktivieren');
    // `enterprise-server: '*'` is GitHub Docs' old name of `ghes: '*'` (layout value aliases): the same versions, no fix.
    expect(r.out).toContain("  enterprise-server: '*'\n+type: how_to\n+topics:");
    expect(r.out).toContain(`](${MGC})“.`);
    expect(r.out).not.toContain('\x1b['); // not a terminal: no colour
    expect(git(site.root, 'status', '--porcelain')).toBe('');
    const patch = path.join(site.root, '..', 'seeds.patch');
    fs.writeFileSync(patch, r.out);
    execFileSync('git', ['-C', site.root, 'apply', '--check', patch]);
  });

  it('--check and --locale narrow the fixes; --color colours them', async () => {
    const r = await cli(['fix', ...args(), '--locale', 'ja-JP', '--locale', 'zh-CN', '--check', 'outdated-link', '--color'], site.root);
    expect(r.err).toContain('4 of 4 mechanical findings fixed (outdated-link 4)');
    expect(r.out).toContain('\x1b[32m+');
    const bad = await cli(['fix', ...args(), '--check', 'english-fallback'], site.root);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no mechanical fix');
    expect((await cli(['fix', ...args(), '--locale', 'xx-XX'], site.root)).code).toBe(2);
  });

  it('--write then index: exactly the mechanical findings resolve, nothing new appears, prose is untouched', async () => {
    const mechanical = tally(before.filter((f) => MECHANICAL.some(([l, c, m]) => f.locale === l && f.check_id === c && f.message_id === m)));
    expect(mechanical).toEqual(Object.fromEntries(MECHANICAL.map(([l, c, m, n]) => [`${l} ${c} ${m}`, n]).sort()));
    const jaFile = path.join(site.root, `translations/ja-JP/content/${ARTICLE}.md`);
    const jaBefore = fs.readFileSync(jaFile, 'utf8');

    const w = await cli(['fix', ...args(), '--write'], site.root);
    expect(w.code).toBe(0);
    expect(w.out).toContain('Wrote 3 files, moved 1, deleted 0 (git mv / git rm)');
    expect(git(site.root, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual(
      [`RM ${DE_FILE} -> ${DE_MOVED}`, ` M translations/ja-JP/content/${ARTICLE}.md`, ` M translations/zh-CN/content/${ARTICLE}.md`].sort(),
    );
    // ja-JP: one redirect line added, two link targets replaced; every other byte as it was.
    const jaAfter = fs.readFileSync(jaFile, 'utf8');
    const connecting =
      '/admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud';
    const managing =
      '  - /admin/configuration/managing-connections-between-your-enterprise-accounts/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud\n';
    expect(jaAfter).toBe(jaBefore.split(connecting).join(MGC).replace('\npermissions:', `\n${managing.trimEnd()}\npermissions:`));

    const runId = await site.reindex();
    const after = site.findings.list({ status: 'open', limit: 10_000 }).items;
    const resolved = site.findings.list({ status: 'resolved', limit: 10_000 }).items.filter((f) => f.resolved_run === runId);
    expect(tally(resolved)).toEqual(mechanical);
    expect(after.filter((f) => f.first_run === runId)).toEqual([]);
    // Every other finding kept its fingerprint, the moved de-DE file's too (filed under its new key now).
    const open = new Set(after.map((f) => f.fingerprint));
    const kept = before.filter((f) => !resolved.some((r) => r.fingerprint === f.fingerprint));
    expect(kept.length).toBe(before.length - MECHANICAL.reduce((n, m) => n + m[3], 0));
    for (const f of kept) expect(open.has(f.fingerprint), `${f.locale} ${f.check_id} ${f.message}`).toBe(true);
    const movedOnes = kept.filter((f) => f.locale === 'de-DE' && f.key === OLD_DE);
    expect(movedOnes.length).toBeGreaterThan(5);
    for (const f of movedOnes) expect(after.find((a) => a.fingerprint === f.fingerprint)?.key).toBe(ARTICLE);
    expect(after.filter((f) => f.key === OLD_DE)).toEqual([]);
    // Nothing left to fix.
    const again = await cli(['fix', ...args()], site.root);
    expect(again.out).toBe('');
    expect(again.err).toContain('0 of 0 mechanical findings fixed');
  });
});

describe('conflicting fixes are skipped and reported', () => {
  it('a translation already at the target path: the move is skipped, nothing is written', async () => {
    const root = copySample();
    // ja-JP keeps its own copy at the old path too (a leftover), and de-DE gets a second one at the new path.
    fs.mkdirSync(path.dirname(path.join(root, DE_MOVED)), { recursive: true });
    const s = await indexRoot(root);
    try {
      fs.copyFileSync(path.join(root, DE_FILE), path.join(root, DE_MOVED)); // appears after the index: the plan must look on disk
      const r = await cli(['fix', '--root', root, '--db', s.config.db, '--locale', 'de-DE', '--check', 'orphaned-translation'], root);
      expect(r.err).toContain(`skipped: ${DE_FILE}:1 orphaned-translation: a translation already exists at ${DE_MOVED}`);
      expect(r.out).toBe('');
    } finally {
      s.close();
    }
  });

  it('a leftover copy is deleted (git rm) when the locale translated the page at its new path', async () => {
    const root = copySample();
    fs.copyFileSync(path.join(root, `translations/ja-JP/content/${ARTICLE}.md`), path.join(root, `translations/ja-JP/content/${OLD_DE}.md`));
    gitInit(root);
    const s = await indexRoot(root);
    try {
      const r = await cli(['fix', '--root', root, '--db', s.config.db, '--locale', 'ja-JP', '--check', 'orphaned-translation', '--write'], root);
      expect(r.out).toContain('1 of 1 mechanical findings fixed (orphaned-translation 1)');
      expect(git(root, 'status', '--porcelain')).toBe(`D  translations/ja-JP/content/${OLD_DE}.md\n`);
      await s.reindex();
      expect(s.findings.list({ locale: 'ja-JP', check: 'orphaned-translation', status: 'open' }).total).toBe(0);
    } finally {
      s.close();
    }
  });

  it('two fixes of the same lines: the first is made, the second skipped and named', async () => {
    const root = copySample();
    // redirect_from must equal English as a whole (config) and one entry English dropped: both fixes edit that list.
    const file = path.join(root, `translations/ja-JP/content/${ARTICLE}.md`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('redirect_from:\n', 'redirect_from:\n  - /old/page/nobody/has\n'));
    const config = path.join(root, 'l10n-drift.config.json');
    const db = path.join(root, '..', 'conflict.db');
    fs.writeFileSync(config, JSON.stringify({ root: '.', db, frontmatter: { mustMatch: ['versions', 'redirect_from'] } }));
    expect((await cli(['index', '--config', config, '--quiet'], root)).code).toBe(0);
    const r = await cli(['fix', '--config', config, '--locale', 'ja-JP'], root);
    expect(r.err).toMatch(
      /skipped: translations\/ja-JP\/\S+:\d+ (missing-redirect|frontmatter-mismatch): conflicts with the fix of (frontmatter-mismatch|missing-redirect) on line \d+/,
    );
    const patch = path.join(root, '..', 'conflict.patch');
    fs.writeFileSync(patch, r.out);
    gitInit(root);
    execFileSync('git', ['-C', root, 'apply', '--check', patch]);
  });
});
