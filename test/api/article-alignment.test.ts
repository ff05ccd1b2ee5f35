/**
 * The article view pairs sections exactly as the checks did (issue 22 item 4): for every
 * translated article of two real sites (the bundled GitHub Docs sample, where translations
 * demote headings; MDN's Array pages, which English restructured after es, ko and pt-br were
 * translated), GET /api/articles/:locale/* answers the same pairs, certainty included, as the
 * alignment of the documents the checks read, and every finding a check placed on a pair's
 * section is on a pair the view shows as certain.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { alignDocuments } from '../../server/align/sections.ts';
import { buildApp } from '../../server/app.ts';
import type { LoadedSite } from '../../server/checks/lib/site.ts';
import { loadSite } from '../../server/run-checks.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexWithChecks } from '../../server/plugins/reindex.ts';
import type { ArticleDetail } from '../../server/routes/schemas.ts';
import { MDN_SAMPLE } from '../corpus.ts';
import { SAMPLE } from './helpers.ts';

type Detail = Static<typeof ArticleDetail>;

interface Site {
  app: FastifyInstance;
  db: Db;
  site: LoadedSite;
  dir: string;
}

async function open(raw: Record<string, unknown>, root: string): Promise<Site> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-align-api-'));
  const config = resolveConfig({ workers: 0, ...raw }, root, null, { root, db: path.join(dir, 'drift.db') });
  const db = openDb(config.db);
  await indexWithChecks(config, db);
  const app = await buildApp({ db, config, webDir: null, now: () => new Date('2026-03-02T09:00:00.000Z') });
  return { app, db, site: loadSite(db, config.layout), dir };
}

describe.each([
  ['the GitHub Docs sample', {}, SAMPLE, 4],
  ['the MDN sample', { layout: 'mdn' }, MDN_SAMPLE, 100],
] as const)('article view alignment on %s', (_name, raw, root, atLeast) => {
  let s: Site;
  beforeAll(async () => {
    s = await open(raw, root);
  }, 120_000);
  afterAll(async () => {
    await s.app.close();
    s.db.close();
    fs.rmSync(s.dir, { recursive: true, force: true });
  });

  it('GET /api/articles/:locale/* pairs every translated article as the checks did', { timeout: 120_000 }, async () => {
    const english = s.site.documents.get(s.site.lookups.layout.sourceLocale)!;
    let articles = 0;
    let unpaired = 0;
    let uncertain = 0;
    for (const locale of s.site.locales) {
      for (const [key, translation] of s.site.documents.get(locale) ?? []) {
        const en = english.get(key);
        if (!en || translation.row.kind !== 'page') continue;
        const r = await s.app.inject(`/api/articles/${locale}/${key}`);
        expect(r.statusCode, `${locale} ${key}`).toBe(200);
        const body = r.json<Detail>();
        const checks = alignDocuments(en, translation).map((p) => ({ english: p.english, translation: p.translation, certain: p.certain }));
        expect(
          body.alignment.map((a) => ({ english: a.english, translation: a.translation, certain: a.certain })),
          `${locale} ${key}`,
        ).toEqual(checks);
        // Findings of the section-level checks sit on sections the view shows as certainly paired.
        const certainTranslation = new Set(body.alignment.filter((a) => a.certain).map((a) => a.translation));
        for (const f of body.findings) {
          if (f.section === null) continue;
          if ((f.check === 'structure-mismatch' && f.messageId !== 'sectionCount') || (f.check === 'link-mismatch' && f.messageId === 'missing')) {
            expect(certainTranslation.has(f.section), `${locale} ${key} ${f.check} ${f.messageId} section ${f.section}`).toBe(true);
          }
        }
        articles++;
        unpaired += checks.filter((p) => p.english === null || p.translation === null).length;
        uncertain += checks.filter((p) => p.english !== null && p.translation !== null && !p.certain).length;
      }
    }
    console.info(`${_name}: ${articles} articles, ${unpaired} unpaired rows, ${uncertain} uncertain pairs`);
    expect(articles).toBeGreaterThanOrEqual(atLeast);
    // The MDN pages are far from English: the comparison covers unpaired and uncertain rows, not only identity.
    if (root === MDN_SAMPLE) {
      expect(unpaired).toBeGreaterThan(50);
      expect(uncertain).toBeGreaterThan(10);
    }
  });
});
