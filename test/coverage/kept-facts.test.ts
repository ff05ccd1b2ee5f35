/**
 * The coverage summary keeps what the documents say of each locale's counts in the index
 * (coverage_facts) between runs. After every kind of edit, the counts a run prints (kept facts
 * where their key still holds) must equal the ones computed from scratch and every other surface
 * (/api/locales, the lists, the weekly report), and the facts of a locale nothing touched are
 * read, not computed again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import type { CoverageCounts } from '../../server/coverage/model.ts';
import { indexAndCheck } from '../../server/cli/index-command.ts';
import { coverageLine } from '../../server/coverage/model.ts';
import { fixture, type Fixture } from '../api/helpers.ts';
import { mismatches, readSurfaces } from './surfaces.ts';

const ENGLISH = 'content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';
const translation = (locale: string) => `translations/${locale}/${ENGLISH}`;
// de-DE translated the page under the key English moved away from (English's redirect_from leads there).
const DE_FILE =
  'translations/de-DE/content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md';

describe('kept coverage facts', () => {
  let f: Fixture;
  const file = (rel: string) => path.join(f.config.root, rel);
  const kept = () =>
    new Map((f.db.prepare('SELECT locale, inputs FROM coverage_facts').all() as { locale: string; inputs: string }[]).map((r) => [r.locale, r.inputs]));
  const summary = () => Object.fromEntries(new CoverageRepository(f.db).summary('en'));
  /** The coverage lines the last `l10n-drift index` printed. */
  let printedLines: string[] = [];
  /** Indexes as `l10n-drift index` does (checks and the coverage summary it prints). */
  const indexWithChecks = async () => {
    let out = '';
    const io = {
      stdout: { write: (text: string) => ((out += text), true) } as unknown as NodeJS.WritableStream,
      stderr: { write: () => true } as unknown as NodeJS.WritableStream,
      cwd: process.cwd(),
      env: {},
    };
    await indexAndCheck(f.config, f.db, io, { quiet: true, checks: true });
    printedLines = out.split('\n').filter((l) => /^ {2}[\w-]+: \d+\/\d+ translated/.test(l));
  };
  /** The summary as a run prints it, checked against one computed without kept facts and against every surface. */
  const counts = async (): Promise<Record<string, CoverageCounts>> => {
    const printed = summary();
    const surfaces = await readSurfaces(f.app, f.db, f.config);
    expect(mismatches(surfaces)).toEqual([]);
    expect(Object.fromEntries(surfaces.api)).toMatchObject(printed);
    // What the last index run printed is what /api/locales says now.
    expect(printedLines).toEqual([...surfaces.api].map(([locale, c]) => `  ${coverageLine(locale, c)}`));
    const keptBefore = kept();
    f.db.exec('DELETE FROM coverage_facts');
    expect(summary()).toEqual(printed);
    // Computed again from scratch, the facts get the same key (a locale whose last document went is no longer counted).
    expect(kept()).toEqual(new Map([...keptBefore].filter(([locale]) => locale in printed)));
    return printed;
  };

  beforeAll(async () => {
    f = await fixture({ copySample: true });
    await indexWithChecks();
  }, 120_000);
  afterAll(async () => f?.close());

  it('a run with no change reads every locale’s kept facts', async () => {
    const before = await counts();
    const inputs = kept();
    expect([...inputs.keys()].sort()).toEqual(Object.keys(before).sort());
    // A changed value under an unchanged key is what the summary reads: it is read, not computed.
    const ja = f.db.prepare("SELECT facts FROM coverage_facts WHERE locale = 'ja-JP'").pluck().get() as string;
    const doctored = JSON.parse(ja) as { fixed: Record<string, number> };
    doctored.fixed.orphaned = (doctored.fixed.orphaned ?? 0) + 7;
    f.db.prepare("UPDATE coverage_facts SET facts = ? WHERE locale = 'ja-JP'").run(JSON.stringify(doctored));
    expect(summary()['ja-JP']!.orphaned).toBe(before['ja-JP']!.orphaned + 7);
    f.db.prepare("UPDATE coverage_facts SET facts = ? WHERE locale = 'ja-JP'").run(ja);
    await indexWithChecks();
    expect(summary()).toEqual(before);
    expect(kept()).toEqual(inputs);
  });

  it('a translation edited into English: that locale’s facts are computed again, the others are kept', async () => {
    const before = await counts();
    const inputs = kept();
    const english = fs.readFileSync(file(ENGLISH), 'utf8');
    fs.writeFileSync(file(translation('ja-JP')), english);
    await indexWithChecks();
    const after = await counts();
    expect(after['ja-JP']!.englishFallback).toBe(before['ja-JP']!.englishFallback + 1);
    const now = kept();
    expect(now.get('ja-JP')).not.toBe(inputs.get('ja-JP'));
    for (const locale of ['de-DE', 'es-ES', 'pt-BR', 'zh-CN']) expect(now.get(locale), locale).toBe(inputs.get(locale));
  });

  it('an English page’s body edited: what the counts read of English is unchanged, every locale’s kept facts are read', async () => {
    const before = await counts();
    // A changed value under a key that still holds is what the summary reads: it is read, not computed.
    const de = f.db.prepare("SELECT facts FROM coverage_facts WHERE locale = 'de-DE'").pluck().get() as string;
    const doctored = JSON.parse(de) as { fixed: Record<string, number> };
    doctored.fixed.orphaned = (doctored.fixed.orphaned ?? 0) + 7;
    f.db.prepare("UPDATE coverage_facts SET facts = ? WHERE locale = 'de-DE'").run(JSON.stringify(doctored));
    fs.appendFileSync(file(ENGLISH), '\nOne more paragraph about license sync, added in English.\n');
    await indexWithChecks();
    expect(summary()['de-DE']!.orphaned).toBe(before['de-DE']!.orphaned + 7);
    expect(printedLines.find((l) => l.startsWith('  de-DE:'))).toContain(`${before['de-DE']!.orphaned + 7} orphaned`);
    f.db.prepare("UPDATE coverage_facts SET facts = ? WHERE locale = 'de-DE'").run(de);
    await indexWithChecks();
    // English changed since the translation's base: stale now (a finding, read every time); paired as before.
    const after = (await counts())['de-DE']!;
    expect([after.stale, after.translated, after.missing, after.orphaned]).toEqual([before['de-DE']!.stale + 1, before['de-DE']!.translated, before['de-DE']!.missing, 0]);
  });

  it('English redirects removed, then added back: the copy at the old key is orphaned, then paired again', async () => {
    const before = await counts();
    const english = fs.readFileSync(file(ENGLISH), 'utf8');
    fs.writeFileSync(file(ENGLISH), english.replace(/redirect_from:\n(?: {2}- .*\n)+/, ''));
    await indexWithChecks();
    const orphaned = await counts();
    expect(orphaned['de-DE']!.orphaned).toBe(before['de-DE']!.orphaned + 1);
    expect(orphaned['de-DE']!.missing).toBe(before['de-DE']!.missing + 1);
    fs.writeFileSync(file(ENGLISH), english);
    await indexWithChecks();
    expect(await counts()).toEqual(before);
  });

  it('a translation added, deleted, then restored: translated, missing, back', async () => {
    const before = await counts();
    const other = 'content/admin/configuration/configuring-github-connect/about-github-connect.md';
    fs.mkdirSync(path.dirname(file(translation('zh-CN'))), { recursive: true });
    fs.copyFileSync(file(translation('zh-CN')), file(`translations/zh-CN/${other}`));
    await indexWithChecks();
    const added = await counts();
    expect(added['zh-CN']!.missing).toBe(before['zh-CN']!.missing - 1);
    const text = fs.readFileSync(file(translation('zh-CN')), 'utf8');
    fs.rmSync(file(translation('zh-CN')));
    await indexWithChecks();
    const gone = await counts();
    expect(gone['zh-CN']!.missing).toBe(added['zh-CN']!.missing + 1);
    fs.writeFileSync(file(translation('zh-CN')), text);
    await indexWithChecks();
    // Back with the text of a base the index has seen: its state may differ (up to date), its count not.
    const back = await counts();
    expect([back['zh-CN']!.missing, back['zh-CN']!.translated]).toEqual([added['zh-CN']!.missing, added['zh-CN']!.translated]);
  });

  it('the German copy at the moved page’s old key deleted: the moved English page is missing in de-DE', async () => {
    // Another de-DE file keeps the locale indexed.
    fs.copyFileSync(file(DE_FILE), file('translations/de-DE/content/admin/index.md'));
    await indexWithChecks();
    const before = await counts();
    fs.rmSync(file(DE_FILE));
    await indexWithChecks();
    const after = await counts();
    expect(after['de-DE']!.missing).toBe(before['de-DE']!.missing + 1);
    expect(after['de-DE']!.translated + after['de-DE']!.englishFallback).toBe(before['de-DE']!.translated + before['de-DE']!.englishFallback - 1);
  });

  it('an English page without redirects added, then deleted: one English article more in every locale, then as before', async () => {
    const before = await counts();
    const page = 'content/admin/configuration/configuring-github-connect/a-new-page.md';
    fs.writeFileSync(file(page), '---\ntitle: A new page\nversions:\n  ghes: "*"\n---\n\nA new page about GitHub Connect.\n');
    await indexWithChecks();
    const added = await counts();
    for (const locale of Object.keys(before)) expect(added[locale]!.missing, locale).toBe(before[locale]!.missing + 1);
    fs.rmSync(file(page));
    await indexWithChecks();
    const after = await counts();
    for (const locale of Object.keys(before)) expect(after[locale]!.missing, locale).toBe(before[locale]!.missing);
  });

  it('kept facts of other code are not read', async () => {
    const before = await counts();
    // As if an earlier version of the code had kept them: same documents, another code digest.
    f.db.exec(`UPDATE coverage_facts SET inputs = json_set(inputs, '$.code', 'other code'), facts = '{"fixed":{"orphaned":99},"open":[]}'`);
    expect(summary()).toEqual(before);
  });
});
