/**
 * "Translated" means translated content: the real ko-KR and ru-RU versions of the license-sync
 * article (English text under a translated path, ../shared/corpora/license-sync-history) count as
 * English fallback, not translated, on every surface; ja-JP beside them stays translated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, DE_ARTICLE, fixture, type Fixture } from '../api/helpers.ts';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import type { ArticlesResponse, LocalesResponse } from '../../web/src/lib/types.ts';
import { mismatches, readSurfaces } from './surfaces.ts';

const HISTORY = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora', 'license-sync-history');

describe.runIf(fs.existsSync(HISTORY))('mostly English translations', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture({
      copySample: true,
      prepare(root) {
        const put = (locale: string, key: string, file: string) => {
          const to = path.join(root, 'translations', locale, 'content', `${key}.md`);
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.copyFileSync(path.join(HISTORY, file), to);
        };
        // As on the snapshot: byte-identical English text at the new path…
        put('ko-KR', ARTICLE, 'ko-KR-2021-06-10-fcc48bef6.md');
        put('ru-RU', ARTICLE, 'ru-RU-2021-06-10-fcc48bef6.md');
        // …and ru-RU's copy at the old path, which English redirects to the new one.
        put('ru-RU', DE_ARTICLE, 'ru-RU-2021-05-18-885da5b3d.md');
      },
    });
  }, 120_000);
  afterAll(async () => f?.close());

  it('ko-KR and ru-RU are English fallback; ja-JP is translated', () => {
    const repo = new CoverageRepository(f.db);
    const state = (locale: string, key: string) => repo.articles('en', locale).find((a) => a.key === key)?.state;
    expect(state('ko-KR', ARTICLE)).toBe('english-fallback');
    expect(state('ru-RU', ARTICLE)).toBe('english-fallback');
    expect(state('ru-RU', DE_ARTICLE)).toBe('leftover');
    expect(state('ja-JP', ARTICLE)).not.toBe('english-fallback');
  });

  it('/api/locales counts them as English fallback, not translated, and the list filter finds them', async () => {
    const locales = (await f.app.inject('/api/locales')).json() as LocalesResponse;
    for (const l of ['ko-KR', 'ru-RU']) {
      const c = locales.locales.find((x) => x.locale === l)!;
      expect(c.englishFallback, l).toBe(1);
      expect(c.translated, l).toBe(0);
      const list = (await f.app.inject(`/api/articles?locale=${l}&state=english-fallback`)).json() as ArticlesResponse;
      expect(list.rows.map((r) => r.key)).toEqual([ARTICLE]);
    }
    expect(locales.locales.find((x) => x.locale === 'ru-RU')!.leftover).toBe(1);
  });

  it('every surface agrees', async () => {
    expect(mismatches(await readSurfaces(f.app, f.db, f.config))).toEqual([]);
  });
});
