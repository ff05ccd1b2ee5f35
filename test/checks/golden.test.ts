import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingWithStatus } from '../../db/repositories/findings.ts';
import { ARTICLE, ARTICLE_FILE, copySample, indexRoot, readSample, writeFile, type Indexed } from './helpers.ts';

const OLD_DE = 'admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';
const MANAGING =
  '/admin/configuration/managing-connections-between-your-enterprise-accounts/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';
const CONNECTING = '/admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud';
const MGC = '/admin/configuration/configuring-github-connect/managing-github-connect';

// [check, locale, substring of `messageId message`, how many findings must match]
const GOLDEN: [string, string, string, number][] = [
  ['missing-redirect', 'zh-CN', `missing Missing redirect_from ${MANAGING}`, 1],
  ['untranslated-field', 'zh-CN', 'Frontmatter permissions is still English', 1],
  ['english-fallback', 'zh-CN', 'sentence Sentence is still English: "For more information, see', 3],
  [
    'liquid-mismatch',
    'zh-CN',
    'unknownVariable Variable variables.product.product_location_enterprise is not defined (English has variables.location.product_location_enterprise)',
    3,
  ],
  ['liquid-mismatch', 'zh-CN', 'extraReference Translation uses reusables.enterprise-accounts.settings-tab', 1],
  ['liquid-mismatch', 'zh-CN', 'missingReference English uses reusables.enterprise-licensing.', 4],
  ['outdated-link', 'zh-CN', `redirect Link ${CONNECTING} goes to a moved page (through a redirect); use ${MGC}`, 2],
  ['missing-redirect', 'ja-JP', `missing Missing redirect_from ${MANAGING}`, 1],
  ['untranslated-field', 'ja-JP', 'Frontmatter permissions is still English', 1],
  ['untranslated-field', 'ja-JP', 'Frontmatter shortTitle is still English ("Enable user license sync"', 1],
  ['english-fallback', 'ja-JP', 'sentence Sentence is still English: "For more information, see', 3],
  ['liquid-mismatch', 'ja-JP', 'unknownVariable Variable variables.product.product_location_enterprise', 3],
  ['liquid-mismatch', 'ja-JP', 'extraReference Translation uses reusables.enterprise-accounts.settings-tab', 1],
  ['liquid-mismatch', 'ja-JP', 'missingReference English uses reusables.enterprise-licensing.', 4],
  ['outdated-link', 'ja-JP', `redirect Link ${CONNECTING}`, 2],
  ['untranslated-field', 'pt-BR', 'equal Frontmatter title is the English text', 1],
  ['untranslated-field', 'pt-BR', 'equal Frontmatter shortTitle is the English text', 1],
  ['untranslated-field', 'pt-BR', 'Frontmatter permissions is still English', 1],
  ['english-fallback', 'pt-BR', 'paragraph Paragraph is still English: "Before enabling license synchronization', 1],
  ['english-fallback', 'pt-BR', 'sentence Sentence is still English: "After you enable license synchronization', 1],
  ['liquid-mismatch', 'pt-BR', 'unknownVariable Variable variables.product.product_location is not defined', 2],
  ['orphaned-translation', 'de-DE', `moved English moved this page from /${OLD_DE} to /${ARTICLE}`, 1],
  ['missing-redirect', 'de-DE', 'missing Missing redirect_from', 3],
  ['frontmatter-mismatch', 'de-DE', 'missing Frontmatter type is missing', 1],
  ['frontmatter-mismatch', 'de-DE', 'missing Frontmatter topics is missing', 1],
  ['structure-mismatch', 'de-DE', 'headingShift 2 headings are 1 level(s) deeper than in English', 1],
  ['structure-mismatch', 'de-DE', 'stepNumber Section "Lizenzsynchronisierung aktivieren" numbers its steps 5 where English has 1', 1],
  [
    'outdated-link',
    'de-DE',
    'legacy Link /enterprise/{{currentVersion}}/admin/installation/managing-your-github-enterprise-license uses an old URL form that only legacy rules resolve; use /billing/managing-your-license-for-github-enterprise.',
    1,
  ],
  [
    'outdated-link',
    'de-DE',
    `legacy Link /enterprise/{{ currentVersion }}/admin/guides/installation/connecting-github-enterprise-server-to-github-enterprise-cloud uses an old URL form that only legacy rules resolve; use ${MGC}.`,
    2,
  ],
  ['english-fallback', 'de-DE', 'sentence Sentence is still English: "After you enable license synchronization', 1],
  ['untranslated-field', 'es-ES', 'equal Frontmatter title is the English text', 1],
  ['untranslated-field', 'es-ES', 'english Frontmatter intro is still English', 1],
  ['untranslated-field', 'es-ES', 'equal Frontmatter permissions is the English text', 1],
  ['english-fallback', 'es-ES', 'paragraph Paragraph is still English: "If you enable automatic user license sync', 1],
  ['english-fallback', 'es-ES', 'paragraph Paragraph is still English: "If you use multiple', 1],
  ['english-fallback', 'es-ES', 'sentence Sentence is still English: "Before enabling license synchronization', 1],
  ['liquid-mismatch', 'es-ES', 'missingReference English uses reusables.enterprise-licensing.unique-user-licensing-model', 1],
  ['liquid-mismatch', 'es-ES', 'missingCondition English has {% ifversion ghes > 3.4 %}', 1],
];

let site: Indexed;
let all: FindingWithStatus[];
const line = (f: FindingWithStatus) => `${f.message_id} ${f.message}`;

beforeAll(async () => {
  site = await indexRoot(copySample());
  all = site.findings.list({ status: 'open', limit: 10_000 }).items;
});
afterAll(() => site.close());

describe('golden findings on the bundled sample', () => {
  it.each(GOLDEN)('%s %s: %s (×%i)', (check, locale, detail, count) => {
    const hits = all.filter((f) => f.check_id === check && f.locale === locale && line(f).includes(detail));
    expect(
      hits.length,
      all
        .filter((f) => f.locale === locale && f.check_id === check)
        .map(line)
        .join('\n'),
    ).toBe(count);
  });

  it('keeps fingerprints unique and every finding on a file with a line where it has one', () => {
    expect(new Set(all.map((f) => f.fingerprint)).size).toBe(all.length);
    for (const f of all.filter((x) => x.check_id !== 'missing-translation')) expect(f.path).toMatch(/^translations\//);
  });

  it('flags no Chinese, Japanese, Portuguese, German or Spanish paragraph as English', () => {
    const fallback = all.filter((f) => f.check_id === 'english-fallback');
    for (const f of fallback) {
      const text = String((JSON.parse(f.data_json) as { text: string }).text);
      if (f.message_id === 'sentence')
        expect(text, text).not.toMatch(
          /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|\b(você|também|können|Sie|puedes|también|consulta|Para obtener|Weitere)\b/u,
        );
      if (f.message_id === 'paragraph')
        expect(text, text).not.toMatch(
          /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|\b(você|também|können|puedes|también|Para obtener|Weitere|Informationen)\b/u,
        );
    }
  });

  it('leaves translated titles, headings and the es-ES shortTitle alone', () => {
    const fields = all.filter((f) => f.check_id === 'untranslated-field').map((f) => `${f.locale} ${(JSON.parse(f.data_json) as { field: string }).field}`);
    for (const ok of [
      'zh-CN title',
      'ja-JP title',
      'de-DE title',
      'es-ES shortTitle',
      'zh-CN shortTitle',
      'de-DE intro',
      'zh-CN intro',
      'ja-JP intro',
      'de-DE permissions',
    ])
      expect(fields).not.toContain(ok);
    const headings = all.filter((f) => f.check_id === 'english-fallback' && (JSON.parse(f.data_json) as { kind: string }).kind === 'heading');
    expect(headings).toEqual([]);
  });

  it('English indexed as a locale against itself raises no structure, link or Liquid mismatch', async () => {
    const root = copySample();
    fs.rmSync(path.join(root, 'translations'), { recursive: true });
    for (const dir of ['content', 'data']) fs.cpSync(path.join(root, dir), path.join(root, 'translations/fr-FR', dir), { recursive: true });
    const self = await indexRoot(root);
    try {
      const found = self.findings.list({ locale: 'fr-FR', status: 'open', limit: 1000 }).items;
      const mismatches = found.filter((f) =>
        [
          'structure-mismatch',
          'link-mismatch',
          'liquid-mismatch',
          'frontmatter-mismatch',
          'missing-redirect',
          'outdated-link',
          'liquid-syntax',
          'missing-translation',
          'orphaned-translation',
        ].includes(f.check_id),
      );
      // The only unknown reference in English itself is configuring-github-connect/index.md's product_location (README, consistency notes).
      expect(mismatches.map(line)).toEqual([expect.stringContaining('unknownVariable Variable variables.product.product_location is not defined')]);
    } finally {
      self.close();
    }
  });
});

describe('fingerprints across runs', () => {
  it('editing an unrelated paragraph keeps every other finding open; fixing a redirect resolves it', async () => {
    const root = copySample();
    const s = await indexRoot(root);
    try {
      const before = s.findings.list({ status: 'open', limit: 10_000 }).items;
      const zh = `translations/zh-CN/${ARTICLE_FILE}`;
      const text = fs.readFileSync(path.join(root, zh), 'utf8');
      // Unrelated edit: reword a Chinese sentence (no finding is about it).
      writeFile(root, zh, text.replace('您还可以手动将', '您也可以手动将'));
      const run2 = await s.reindex();
      const after = s.findings.list({ status: 'open', limit: 10_000 }).items;
      // The index saw the translation change, so the English it was edited against is its base now: known.
      const baseUnknown = (f: { check_id: string; locale: string }) => f.check_id === 'base-unknown' && f.locale === 'zh-CN';
      expect(before.filter(baseUnknown)).toHaveLength(1);
      expect(after.map((f) => f.fingerprint).sort()).toEqual(
        before
          .filter((f) => !baseUnknown(f))
          .map((f) => f.fingerprint)
          .sort(),
      );
      expect(after.every((f) => f.status === 'open' && f.last_run === run2)).toBe(true);

      // Fix the missing redirect: add the English entry.
      writeFile(root, zh, fs.readFileSync(path.join(root, zh), 'utf8').replace('redirect_from:\n', `redirect_from:\n  - ${MANAGING}\n`));
      const run3 = await s.reindex();
      const redirect = s.findings.list({ locale: 'zh-CN', check: 'missing-redirect', limit: 100 }).items;
      expect(redirect.map((f) => [f.status, f.resolved_run])).toEqual([['resolved', run3]]);
      expect(s.findings.list({ status: 'open', limit: 10_000 }).total).toBe(before.length - 2);
      expect(s.findings.ofArticle('zh-CN', ARTICLE).some((f) => f.status === 'resolved')).toBe(true);
      const stats = s.findings.stats(run3).filter((r) => r.locale === 'zh-CN' && r.check_id === 'missing-redirect');
      expect(stats).toEqual([]);
      expect(s.findings.openCounts().some((c) => c.locale === 'de-DE' && c.check_id === 'missing-redirect' && c.count === 3)).toBe(true);
    } finally {
      s.close();
    }
  });

  it('a new finding is "new" in the run that saw it first', async () => {
    const root = copySample();
    const s = await indexRoot(root);
    try {
      const es = `translations/es-ES/${ARTICLE_FILE}`;
      writeFile(root, es, readSample(es).replace('(/admin/configuration/configuring-github-connect/managing-github-connect)', '(/admin/no-such-page)'));
      const run = await s.reindex();
      const broken = s.findings.list({ check: 'broken-link', status: 'new', run, limit: 10 }).items;
      expect(broken.map((f) => f.message)).toEqual([expect.stringContaining('/admin/no-such-page')]);
    } finally {
      s.close();
    }
  });
});
