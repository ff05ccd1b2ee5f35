import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll } from '../history/helpers.ts';
import { ABOUT_EN, ABOUT_ZH, buildRepo, cli, SYNC_EN, SYNC_JA } from './helpers.ts';
import { FIXTURES } from '../corpus.ts';

let repo: { root: string; db: string };
beforeAll(async () => {
  repo = await buildRepo('Reword license sync and GitHub Connect pages');
}, 120_000);
afterAll(() => fs.rmSync(repo.root, { recursive: true, force: true }));

interface ImpactJson {
  summary: { madeStale: number; added: number; fixed: number };
  touched: { english: { path: string; key: string }[]; translations: { path: string; locale: string }[] };
  stale: { locale: string; key: string; path: string; sections: string[] }[];
  added: { locale: string; path: string; check: string; message: string }[];
  fixed: { locale: string; path: string; check: string; message: string }[];
}

describe('check --changed-since', () => {
  it('lists exactly the translations made stale, per locale and section, and the ja-JP page’s new and fixed findings', async () => {
    const r = await cli(['check', '--root', repo.root, '--db', repo.db, '--changed-since', 'HEAD~1', '--format', 'json', '--fail-on', 'never'], repo.root);
    expect(r.code, r.err).toBe(0);
    const impact = JSON.parse(r.out) as ImpactJson;
    expect(impact.touched.english.map((e) => e.path).sort()).toEqual([ABOUT_EN, SYNC_EN]);
    expect(impact.touched.translations.map((t) => t.path)).toEqual([SYNC_JA]);
    // Every translation of the two English pages, each in the section that changed, but ja-JP's (updated in the
    // same commit); de-DE's copy at the page's old path is compared with the page English moved it to.
    expect(impact.stale.map((s) => `${s.locale} ${s.path} ${s.sections.join('|')}`).sort()).toEqual(
      [
        `de-DE translations/de-DE/content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md About automatic license synchronization`,
        `es-ES translations/es-ES/${SYNC_EN} About automatic license synchronization`,
        `pt-BR translations/pt-BR/${SYNC_EN} About automatic license synchronization`,
        `zh-CN translations/zh-CN/${SYNC_EN} About automatic license synchronization`,
        `zh-CN ${ABOUT_ZH} About {% data variables.product.prodname_github_connect %}`,
      ].sort(),
    );
    // The ja-JP page: the broken link it adds, the outdated links it fixes; nothing on other files.
    expect(impact.added.every((f) => f.path === SYNC_JA) && impact.fixed.every((f) => f.path === SYNC_JA)).toBe(true);
    expect(impact.added.filter((f) => f.check === 'broken-link').map((f) => f.message)).toEqual([expect.stringContaining('/admin/no-such-page')]);
    expect(impact.fixed.filter((f) => f.check === 'outdated-link')).toHaveLength(2);
    expect(impact.fixed.every((f) => f.check !== 'broken-link')).toBe(true);
  }, 120_000);

  it('text, markdown and github formats say the same', async () => {
    const base = ['check', '--root', repo.root, '--db', repo.db, '--changed-since', 'HEAD~1', '--fail-on', 'never'];
    const json = JSON.parse((await cli([...base, '--format', 'json'], repo.root)).out) as ImpactJson;
    const text = (await cli(base, repo.root)).out;
    expect(text).toContain(`Translations made stale: ${json.stale.length}`);
    expect(text).toContain(`New findings on touched translations: ${json.added.length}`);
    const md = (await cli([...base, '--format', 'markdown'], repo.root)).out;
    expect(md.split('\n')[2]).toBe(
      `${json.stale.length} translation(s) made stale · ${json.added.length} new finding(s) · ${json.fixed.length} fixed on 1 touched translation file(s) · 2 English file(s) touched`,
    );
    const gh = (await cli([...base, '--format', 'github'], repo.root)).out.trimEnd().split('\n');
    expect(gh).toHaveLength(json.stale.length + json.added.length);
    expect(gh.every((l) => /^::(error|warning|notice) file=[^,:]+(,line=\d+)?,title=[^:]+::\S/.test(l))).toBe(true);
    expect(gh.some((l) => l.includes(`file=${SYNC_JA.replace(/,/g, '%2C')}`) && l.includes('broken-link'))).toBe(true);
  }, 120_000);

  it('the exit code gates on what the change adds', async () => {
    const r = await cli(['check', '--root', repo.root, '--db', repo.db, '--changed-since', 'HEAD~1', '--fail-on', 'warning', '--format', 'github'], repo.root);
    expect(r.code).toBe(1);
    const none = await cli(['check', '--root', repo.root, '--db', repo.db, '--changed-since', 'HEAD', '--fail-on', 'warning'], repo.root);
    expect(none.code, none.err).toBe(0);
    expect(none.out).toContain('Translations made stale: none');
  }, 120_000);

  it('a ref from before the site existed counts everything as new (it failed once the root had to hold English)', async () => {
    // HEAD~2 is the repository's first commit: a README, no content/ yet.
    const r = await cli(['check', '--root', repo.root, '--db', repo.db, '--changed-since', 'HEAD~2', '--format', 'json', '--fail-on', 'never'], repo.root);
    expect(r.code, r.err).toBe(0);
    const impact = JSON.parse(r.out) as ImpactJson;
    expect(impact.summary.fixed).toBe(0);
    expect(impact.summary.added).toBeGreaterThan(0);
    expect(impact.touched.translations.length).toBeGreaterThan(1);
  }, 120_000);

  it('a bad ref is a usage error naming it', async () => {
    const r = await cli(['check', '--root', repo.root, '--db', repo.db, '--changed-since', 'no-such-branch'], repo.root);
    expect(r.code).toBe(2);
    expect(r.err).toContain('"no-such-branch" names no commit');
  });
});

describe('check --format sarif', () => {
  it('validates against the SARIF 2.1.0 schema, one result per finding', async () => {
    const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    // The schema is draft-04; ajv 8 reads its keywords (all of them are the same in draft-07) once
    // its draft-04 "$schema" and "id" are put as ajv names them.
    const { $schema: _draft, id, ...rest } = schema;
    expect(_draft).toBe('http://json-schema.org/draft-04/schema#');
    const ajv = new Ajv({ strict: false, validateSchema: false });
    addFormats.default(ajv);
    const validate = ajv.compile({ $id: String(id), ...rest });
    for (const extra of [[], ['--changed-since', 'HEAD~1']]) {
      const r = await cli(['check', '--root', repo.root, '--db', repo.db, '--format', 'sarif', '--fail-on', 'never', ...extra], repo.root);
      const log = JSON.parse(r.out) as { version: string; runs: { results: { ruleId: string; locations?: unknown[] }[] }[] };
      expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      expect(log.version).toBe('2.1.0');
      // The schema does reject a wrong log: a level SARIF does not know.
      expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0]!.results[0], level: 'fatal' }] }] })).toBe(false);
      const json = await cli(['check', '--root', repo.root, '--db', repo.db, '--format', 'json', '--fail-on', 'never', ...extra], repo.root);
      const parsed = JSON.parse(json.out) as { findings?: unknown[]; stale?: unknown[]; added?: unknown[] };
      const expected = parsed.findings ? parsed.findings.length : parsed.stale!.length + parsed.added!.length;
      expect(log.runs[0]!.results).toHaveLength(expected);
      expect(expected).toBeGreaterThan(0);
    }
  }, 120_000);
});

describe('a cosmetic English commit ([l10n skip] or L10n-Drift: cosmetic)', () => {
  it.each([
    ['the subject keyword', 'Reword license sync pages [l10n skip]'],
    ['the trailer', 'Reword license sync pages\n\nOnly wording, same meaning.\n\nL10n-Drift: cosmetic'],
  ])(
    'marked by %s, makes no translation stale; the ja-JP page’s own findings are still listed',
    async (_how, message) => {
      const skip = await buildRepo(message);
      try {
        const r = await cli(['check', '--root', skip.root, '--db', skip.db, '--changed-since', 'HEAD~1', '--format', 'json', '--fail-on', 'never'], skip.root);
        const impact = JSON.parse(r.out) as ImpactJson;
        expect(impact.touched.english).toHaveLength(2);
        expect(impact.stale).toEqual([]);
        expect(impact.added.filter((f) => f.check === 'broken-link')).toHaveLength(1);
        expect(impact.fixed.filter((f) => f.check === 'outdated-link')).toHaveLength(2);
        // The English diff shows the commit as cosmetic, and the translation as not behind.
        const key = SYNC_EN.replace(/^content\//, '').replace(/\.md$/, '');
        const diff = await cli(['diff', 'es-ES', key, '--root', skip.root, '--db', skip.db, '--no-color'], skip.root);
        expect(diff.out).toMatch(/^Cosmetic \(marked by the writer, not counted\): [0-9a-f]{12} Reword license sync pages/m);
        expect(diff.out).toContain('Current: the English changes since the base are all marked cosmetic.');
        expect(diff.code).toBe(0);
      } finally {
        fs.rmSync(skip.root, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it.each([
    ['marked', 'Reword the enabling section [l10n skip]', []],
    [
      'not marked',
      'Reword the enabling section',
      [
        'de-DE Enabling license synchronization',
        'es-ES Enabling license synchronization',
        'ja-JP Enabling license synchronization',
        'pt-BR Enabling license synchronization',
        'zh-CN Enabling license synchronization',
      ],
    ],
  ])(
    'after a real English change some translations miss, a second English commit %s: only an unmarked one makes sections stale',
    async (_how, subject, expected) => {
      const site = await buildRepo('Reword license sync and GitHub Connect pages');
      try {
        const file = path.join(site.root, SYNC_EN);
        fs.writeFileSync(
          file,
          fs.readFileSync(file, 'utf8').replace('Before enabling license synchronization on', 'Before you enable license synchronization on'),
        );
        commitAll(site.root, subject, '2021-03-05T12:00:00Z');
        expect((await cli(['index', '--root', site.root, '--db', site.db, '--quiet'], site.root)).code).toBe(0);
        const r = await cli(['check', '--root', site.root, '--db', site.db, '--changed-since', 'HEAD~1', '--format', 'json', '--fail-on', 'never'], site.root);
        const impact = JSON.parse(r.out) as ImpactJson;
        expect(impact.stale.map((s) => `${s.locale} ${s.sections.join('|')}`).sort()).toEqual(expected);
        // Still stale in the section the earlier, real change touched, and counted once.
        const all = JSON.parse(
          (
            await cli(
              ['check', '--root', site.root, '--db', site.db, '--format', 'json', '--fail-on', 'never', '--locale', 'es-ES', '--check', 'stale-translation'],
              site.root,
            )
          ).out,
        ) as {
          findings: { data: { changedSections: string[]; commitsBehind: number } }[];
        };
        expect(all.findings[0]!.data.changedSections).toContain('About automatic license synchronization');
        expect(all.findings[0]!.data.commitsBehind).toBe(subject.includes('[l10n skip]') ? 1 : 2);
      } finally {
        fs.rmSync(site.root, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('the same edit without the mark is stale in the English diff (the test above is not vacuous)', async () => {
    const key = SYNC_EN.replace(/^content\//, '').replace(/\.md$/, '');
    const diff = await cli(['diff', 'es-ES', key, '--root', repo.root, '--db', repo.db, '--no-color'], repo.root);
    expect(diff.code).toBe(1);
    expect(diff.out).not.toContain('Cosmetic');
    expect(diff.out).toContain('[-weekly-]{+every week+}');
  });
});
