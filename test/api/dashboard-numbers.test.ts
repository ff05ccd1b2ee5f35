import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docSummary } from '../../server/shared/check-names.ts';
import type { CheckInfo, FindingsResponse, FoldersResponse, LocalesResponse, Run } from '../../web/src/lib/types.ts';
import { ARTICLE, REPO, fixture, type Fixture } from './helpers.ts';

// The outdated link the sample's ja-JP translation has (a redirect_from path), added to English
// too: then it is English's own problem, "tell the English writers".
const OLD = '/admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud';
const appendLink = (file: string) => fs.appendFileSync(file, `\n\nSee [GitHub Connect](${OLD}).\n`);

let f: Fixture;
beforeAll(async () => {
  f = await fixture({
    copySample: true,
    prepare: (root) => {
      appendLink(path.join(root, 'content', `${ARTICLE}.md`));
    },
  });
});
afterAll(async () => f?.close());

const get = async <T>(url: string) => (await f.app.inject(url)).json() as T;

describe('GET /api/checks for the heatmap and the filters', () => {
  it('names each check, with its doc page summary as the tooltip', async () => {
    const { checks } = await get<{ checks: CheckInfo[] }>('/api/checks');
    const outdated = checks.find((c) => c.id === 'outdated-link')!;
    expect(outdated.name).toBe('Outdated links');
    const page = fs.readFileSync(path.join(REPO, 'server', 'checks', 'docs', 'outdated-link.md'), 'utf8');
    expect(outdated.summary).toBe(docSummary(page));
    expect(outdated.summary).toMatch(/^Internal links that reach their page only through a redirect_from entry/);
    // Pages without "What it flags" give their first paragraph.
    expect(checks.find((c) => c.id === 'stale-translation')!.summary).toMatch(/^English changed since the version the translation was made from/);
  });

  it('marks checks the layout turns off (macro-mismatch on GitHub Docs) as not enabled, with the reason', async () => {
    const { checks } = await get<{ checks: CheckInfo[] }>('/api/checks');
    const macro = checks.find((c) => c.id === 'macro-mismatch')!;
    expect(macro.enabled).toBe(false);
    expect(macro.offReason).toMatch(/Liquid/);
    expect(checks.find((c) => c.id === 'outdated-link')!).toMatchObject({ enabled: true, offReason: null, offIn: [] });
  });
});

describe('GET /api/locales heatmap cells', () => {
  it('split each cell’s articles into the translation’s own, English-too and info, by the finding data', async () => {
    const { locales } = await get<LocalesResponse>('/api/locales');
    let englishToo = 0;
    for (const l of locales.filter((x) => !x.source)) {
      for (const [check, cell] of Object.entries(l.cells)) {
        expect(cell.against + cell.englishToo + cell.info, `${l.locale} ${check}`).toBe(cell.articles);
        expect(cell.articles).toBe(l.articlesByCheck[check]);
        // The same split from the flat findings list: per article, any error/warning of its own, else any inEnglish.
        const rows = (await get<FindingsResponse>(`/api/findings?locale=${l.locale}&check=${check}&limit=200`)).rows;
        const byKey = new Map<string, { own: boolean; english: boolean }>();
        for (const r of rows) {
          const a = byKey.get(r.key) ?? { own: false, english: false };
          const inEnglish = (r.data as { inEnglish?: boolean } | null)?.inEnglish === true;
          if (inEnglish) a.english = true;
          else if (r.severity !== 'info') a.own = true;
          byKey.set(r.key, a);
        }
        const own = [...byKey.values()].filter((a) => a.own).length;
        const english = [...byKey.values()].filter((a) => !a.own && a.english).length;
        expect({ against: cell.against, englishToo: cell.englishToo }, `${l.locale} ${check}`).toEqual({ against: own, englishToo: english });
        englishToo += cell.englishToo;
      }
    }
    // The link both have is English's: the split is exercised, not vacuous.
    expect(englishToo).toBeGreaterThan(0);
    const ja = locales.find((l) => l.locale === 'ja-JP')!;
    expect(ja.cells['outdated-link']).toMatchObject({ englishToo: 1 });
  });
});

describe('GET /api/locales/:locale/folders (per-folder progress)', () => {
  const STATES = ['upToDate', 'stale', 'baseUnknown', 'englishFallback', 'missing', 'orphaned', 'leftover'] as const;

  it('counts the whole site as the overview does, and each folder as the sum of its subfolders and own articles', async () => {
    const { locales } = await get<LocalesResponse>('/api/locales');
    for (const l of locales.filter((x) => !x.source)) {
      const top = await get<FoldersResponse>(`/api/locales/${l.locale}/folders`);
      for (const s of [...STATES, 'translated', 'englishArticles'] as const) expect(top.folder.counts[s], `${l.locale} ${s}`).toBe(l[s]);
      // Walk the whole tree: every folder adds up.
      const queue = [top];
      let folders = 0;
      while (queue.length) {
        const f = queue.shift()!;
        folders++;
        const sum = f.children.reduce((n, c) => n + c.counts.englishArticles + c.counts.orphaned + c.counts.leftover, 0);
        expect(sum + f.folder.articles, `${l.locale} ${f.folder.path}`).toBe(
          f.folder.counts.englishArticles + f.folder.counts.orphaned + f.folder.counts.leftover,
        );
        for (const c of f.children)
          if (c.folders > 0) queue.push(await get<FoldersResponse>(`/api/locales/${l.locale}/folders?folder=${encodeURIComponent(c.path)}`));
      }
      expect(folders).toBeGreaterThan(2);
    }
  });

  it('groups reusables by their data name, and says so for an unknown folder or locale', async () => {
    const top = await get<FoldersResponse>('/api/locales/ja-JP/folders');
    expect(top.children.map((c) => c.path)).toEqual(expect.arrayContaining(['admin', 'reusables']));
    const nothing = await f.app.inject('/api/locales/ja-JP/folders?folder=no/such/folder');
    expect(nothing.statusCode).toBe(404);
    expect(nothing.json().message).toMatch(/no article of ja-JP is under "no\/such\/folder"/);
    const wrongCase = await f.app.inject('/api/locales/ja-jp/folders');
    expect(wrongCase.statusCode).toBe(400);
    expect(wrongCase.json().message).toMatch(/did you mean "ja-JP"/);
  });
});

describe('word counts as effort', () => {
  it('gives missing pages their words to translate and stale ones their words changed, summed per locale', async () => {
    const { locales } = await get<LocalesResponse>('/api/locales');
    for (const l of locales.filter((x) => !x.source)) {
      // Every locale of the sample lacks pages.
      expect(l.words.toTranslate, l.locale).toBeGreaterThan(0);
      const missing = (
        await get<{ rows: { kind: string; words: { toTranslate: number | null } }[] }>(`/api/articles?locale=${l.locale}&state=missing&limit=200`)
      ).rows;
      // Pages have their count; reusables and variables files (no missing-translation finding) are unknown, never 0.
      for (const r of missing) expect(r.words.toTranslate === null, `${l.locale} ${r.kind}`).toBe(r.kind !== 'page');
      const stale = (await get<{ rows: { words: { changed: number | null } }[] }>(`/api/articles?locale=${l.locale}&state=stale&limit=200`)).rows;
      expect(l.words.unknown).toBe(missing.filter((r) => r.words.toTranslate === null).length + stale.filter((r) => r.words.changed === null).length);
      expect(l.words.toTranslate).toBe(missing.reduce((n, r) => n + (r.words.toTranslate ?? 0), 0));
    }
  });
});

describe('GET /api/runs per-run findings', () => {
  it('gives each run its check pass numbers: open after it equals the open findings', async () => {
    const { runs } = await get<{ runs: Run[] }>('/api/runs');
    const latest = runs[0]!;
    expect(latest.findings).not.toBeNull();
    const { locales } = await get<LocalesResponse>('/api/locales');
    const open = locales.reduce((n, l) => n + l.totals.error + l.totals.warning + l.totals.info, 0);
    expect(latest.findings!.open).toBe(open);
    expect(latest.findings!.new).toBe(open);
    expect(latest.findings!.resolved).toBe(0);
  });
});
