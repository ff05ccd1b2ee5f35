/**
 * An unknown base is never told as "up to date" (review of the session-8 change): on the bundled
 * sample (no git), every translation's base is unknown, so GET /api/english-changes answers
 * `stale: null` with the base's state and reason, as the article view does, and `l10n-drift diff`
 * says it cannot tell and exits 1. The de-DE translation filed under an older key pairs with its
 * English page through English's redirect, as in the article view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnglishChanges } from '../../web/src/lib/types.ts';
import { cli } from '../pr/helpers.ts';
import { ARTICLE, DE_ARTICLE, fixture, SAMPLE, type Fixture } from './helpers.ts';

describe('GET /api/english-changes with an unknown base', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  }, 120_000);
  afterAll(() => f?.close());

  it.each([
    ['ja-JP', ARTICLE],
    ['zh-CN', ARTICLE],
    ['de-DE', DE_ARTICLE],
  ])('%s: stale is null and the base says unknown with the article view’s reason', async (locale, key) => {
    const res = await f.app.inject(`/api/english-changes?locale=${locale}&key=${encodeURIComponent(key)}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as EnglishChanges;
    const article = (await f.app.inject(`/api/articles/${locale}/${key}`)).json() as { base: { state: string; reason?: string } };
    expect(article.base.state).toBe('unknown');
    expect(body.stale).toBeNull();
    expect(body.base).toMatchObject({ state: 'unknown', reason: article.base.reason });
  });

  it('`l10n-drift diff` says it cannot tell and exits 1, never 0', async () => {
    const r = await cli(['diff', 'ja-JP', ARTICLE, '--root', SAMPLE, '--db', f.config.db], SAMPLE);
    expect(r.out).toContain('whether English changed since cannot be told');
    expect(r.out).not.toContain('Current:');
    expect(r.code).toBe(1);
  });
});
