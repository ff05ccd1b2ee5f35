import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexWithChecks } from '../../server/plugins/reindex.ts';
import { DismissalView } from '../../server/routes/dismissals.ts';
import { FindingsResponse } from '../../server/routes/schemas.ts';
import type { FindingsResponse as FindingsBody, LocalesResponse } from '../../web/src/lib/types.ts';
import { ARTICLE, bearer, expectSchema, fixture, type Fixture } from './helpers.ts';

const JA_FILE = `translations/ja-JP/content/${ARTICLE}.md`;

describe('dismissing a finding through the API', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture({ copySample: true });
  });
  afterAll(() => f.close());

  const open = async (locale: string, extra = '') => (await f.app.inject(`/api/findings?locale=${locale}&limit=200${extra}`)).json() as FindingsBody;
  const jaTotals = async () => {
    const body = (await f.app.inject('/api/locales')).json() as LocalesResponse;
    const ja = body.locales.find((l) => l.locale === 'ja-JP')!;
    return ja.totals.warning + ja.totals.error + ja.totals.info;
  };
  /** The ja-JP article's "shortTitle is still English" finding (untranslated-field). */
  const shortTitle = async (extra = '') => (await open('ja-JP', `&check=untranslated-field${extra}`)).rows.find((r) => r.message.includes('shortTitle'));
  const dismiss = (who: string, fingerprint: string, payload: unknown) =>
    f.app.inject({ method: 'POST', url: `/api/findings/${fingerprint}/dismissal`, headers: bearer(f.tokens[who]!), payload: payload as object });

  it('dismiss → not open, not counted, listed under dismissed; re-index → still dismissed; content changes → back', async () => {
    const finding = (await shortTitle())!;
    expect(finding).toBeDefined();
    const before = await jaTotals();
    const openBefore = (await open('ja-JP')).total;
    // The heatmap's totals and the list count the same findings.
    expect(openBefore).toBe(before);

    const res = await dismiss('kenji', finding.fingerprint, { kind: 'false-alarm', reason: 'Product names stay English in ja-JP' });
    expect(res.statusCode, res.body).toBe(201);
    expectSchema(DismissalView, res.json());
    expect(res.json()).toMatchObject({ fingerprint: finding.fingerprint, kind: 'false-alarm', by: 'kenji', source: 'team', applies: true });

    expect(await jaTotals()).toBe(before - 1);
    expect((await open('ja-JP')).total).toBe(openBefore - 1);
    expect(await shortTitle()).toBeUndefined();
    const only = await open('ja-JP', '&dismissed=only');
    expectSchema(FindingsResponse, only);
    expect(only.rows.map((r) => r.fingerprint)).toEqual([finding.fingerprint]);
    expect(only.rows[0]!.dismissed).toBe(true);
    const detail = (await f.app.inject(`/api/articles/ja-JP/${ARTICLE}`)).json() as { findings: { fingerprint: string; dismissed: boolean }[] };
    expect(detail.findings.find((x) => x.fingerprint === finding.fingerprint)?.dismissed).toBe(true);

    // A re-index with nothing changed keeps it dismissed, and the runs page counts it as every other count does.
    await indexWithChecks(f.config, f.db);
    expect(await jaTotals()).toBe(before - 1);
    const runs = (await f.app.inject('/api/runs')).json() as { runs: { findings: { open: number } | null }[] };
    const locales = (await f.app.inject('/api/locales')).json() as LocalesResponse;
    const everyTotal = locales.locales.reduce((n, l) => n + l.totals.error + l.totals.warning + l.totals.info, 0);
    expect(runs.runs[0]!.findings!.open).toBe(everyTotal);
    expect((await open('ja-JP', '&dismissed=only')).rows.map((r) => r.fingerprint)).toEqual([finding.fingerprint]);

    // Lines added above it move it, but it says what it said: still dismissed (issue 20: a
    // dismissal comes back when its content changes, not its line).
    const file = path.join(f.config.root, JA_FILE);
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('---\n', '---\n# A note for translators\n# on two lines\n'));
    await indexWithChecks(f.config, f.db);
    const moved = (await open('ja-JP', '&dismissed=only')).rows;
    expect(moved.map((r) => r.fingerprint)).toEqual([finding.fingerprint]);
    expect(moved[0]!.line).not.toBe(finding.line); // moved: its full digest (lines included) changed
    // Not counted (the comment lines change other findings, so compare with the list of everything open).
    expect(await jaTotals()).toBe((await open('ja-JP', '&dismissed=include')).total - 1);

    // The translated line changes (still English, so the same finding shows something else): it is back.
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('shortTitle: Enable user license sync\n');
    fs.writeFileSync(file, text.replace('shortTitle: Enable user license sync\n', 'shortTitle: Enable the user license sync\n'));
    await indexWithChecks(f.config, f.db);
    const back = (await shortTitle())!;
    expect(back.fingerprint).toBe(finding.fingerprint);
    expect(back.message).toContain('Enable the user license sync');
    expect(back.dismissed).toBe(false);
    // Counted again: the edit changed other findings too, so compare with the list of everything open.
    const everything = (await open('ja-JP', '&dismissed=include')).total;
    expect((await open('ja-JP')).total).toBe(everything);
    expect(await jaTotals()).toBe(everything);
    expect((await open('ja-JP', '&dismissed=only')).total).toBe(0);
    const listed = (await f.app.inject('/api/dismissals?locale=ja-JP')).json() as { fingerprint: string; applies: boolean }[];
    expect(listed).toEqual([expect.objectContaining({ fingerprint: finding.fingerprint, applies: false })]);
  });

  it('undo with DELETE counts it as open again', async () => {
    const finding = (await open('ja-JP', '&check=liquid-mismatch&severity=error')).rows[0]!;
    const before = await jaTotals();
    expect((await dismiss('maria', finding.fingerprint, { kind: 'later', reason: 'Fixed with the variables move' })).statusCode).toBe(201);
    expect(await jaTotals()).toBe(before - 1);
    const undo = await f.app.inject({ method: 'DELETE', url: `/api/findings/${finding.fingerprint}/dismissal`, headers: bearer(f.tokens.maria!) });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await jaTotals()).toBe(before);
    const again = await f.app.inject({ method: 'DELETE', url: `/api/findings/${finding.fingerprint}/dismissal`, headers: bearer(f.tokens.maria!) });
    expect(again.statusCode).toBe(404);
  });

  it('a translator cannot dismiss for another locale (403), and nothing changes', async () => {
    const de = (await open('de-DE')).rows[0]!;
    const res = await dismiss('kenji', de.fingerprint, { kind: 'wont-fix', reason: 'not mine' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/kenji translates ja-JP, not de-DE/);
    expect((await open('de-DE', '&dismissed=only')).total).toBe(0);
    // lena translates de-DE: allowed.
    expect((await dismiss('lena', de.fingerprint, { kind: 'wont-fix', reason: 'Kept as is on purpose' })).statusCode).toBe(201);
  });

  it('bad input: 400 with a message; no token: 401; unknown finding: 404', async () => {
    const ja = (await open('ja-JP')).rows[0]!;
    const badKind = await dismiss('kenji', ja.fingerprint, { kind: 'nope', reason: 'x' });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().message).toMatch(/kind/);
    const noReason = await dismiss('kenji', ja.fingerprint, { kind: 'later', reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toMatch(/reason/);
    const badFp = await dismiss('kenji', 'not-a-fingerprint', { kind: 'later', reason: 'x' });
    expect(badFp.statusCode).toBe(400);
    expect(badFp.json().message).toMatch(/fingerprint/);
    expect((await dismiss('kenji', '0'.repeat(24), { kind: 'later', reason: 'x' })).statusCode).toBe(404);
    const anon = await f.app.inject({ method: 'POST', url: `/api/findings/${ja.fingerprint}/dismissal`, payload: { kind: 'later', reason: 'x' } });
    expect(anon.statusCode).toBe(401);
  });
});
