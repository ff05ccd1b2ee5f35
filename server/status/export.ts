import type { Db } from '../../db/index.ts';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import type { Config } from '../config.ts';
import type { CoverageState } from '../coverage/model.ts';
import { resolveBases, staleKey } from '../history/bases.ts';
import { claimBases } from '../history/lookup.ts';
import { storedUrlOf } from '../layouts/stored-url.ts';

export const EXPORT_VERSION = 1;

/** One translated (or missing) page as a docs site reads it at build time. */
export interface PageStatus {
  locale: string;
  /** The locale's page key (the English key for a missing page). */
  key: string;
  /** The English page it translates; null for an orphan. */
  englishKey: string | null;
  englishUrl: string | null;
  /** The coverage model's state (server/coverage/model.ts), as every dashboard count uses it. */
  state: CoverageState;
  /** English changes and days since the base; null when no base is known (never 0 for "unknown"). */
  commitsBehind: number | null;
  daysBehind: number | null;
  /** Date of the English version the translation was made from; null when unknown. */
  baseDate: string | null;
  baseSource: string | null;
  /** English words to translate (missing) and changed since the base (stale): the coverage model's, as the dashboard and weekly report count them; null when unknown. */
  wordsToTranslate: number | null;
  wordsChanged: number | null;
}

export interface StatusExport {
  version: number;
  run: { id: number; finishedAt: string | null } | null;
  sourceLocale: string;
  pages: PageStatus[];
}

/**
 * Per-page status of every translation locale (or the given ones): the coverage model's
 * state of each page and, for translations with a known base, how far behind English they
 * are. Pages only: reusables and variables files are not pages readers open.
 */
export async function exportStatus(db: Db, config: Config, locales?: string[]): Promise<StatusExport> {
  const bases = await resolveBases(db, config, { claims: claimBases(db) });
  // Read after the bases (git runs meanwhile): the run and coverage are one state of the index.
  const source = config.layout.sourceLocale;
  const coverage = new CoverageRepository(db);
  const run = new RunsRepository(db).latestComplete();
  const documents = new DocumentsRepository(db);
  const frontmatterOf = (l: string, k: string) => {
    const d = documents.get(l, k);
    return d && d.deleted_run === null ? d.frontmatter_json : undefined;
  };
  const pages: PageStatus[] = [];
  for (const locale of locales ?? coverage.locales().filter((l) => l !== source)) {
    for (const a of coverage.articles(source, locale)) {
      if (a.kind !== 'page') continue;
      const base = a.hasFile ? bases.get(staleKey(locale, a.key)) : undefined;
      const known = base !== undefined && base.baseState === 'known' && !base.problem;
      pages.push({
        locale,
        key: a.key,
        englishKey: a.englishKey,
        englishUrl: a.englishKey === null ? null : storedUrlOf(config.layout, a.englishKey, locale, frontmatterOf),
        state: a.state,
        commitsBehind: known ? base.commitsBehind : null,
        daysBehind: known ? base.daysBehind : null,
        baseDate: known ? base.date : null,
        baseSource: base?.source ?? null,
        wordsToTranslate: a.words.toTranslate,
        wordsChanged: a.words.changed,
      });
    }
  }
  return { version: EXPORT_VERSION, run: run ? { id: run.id, finishedAt: run.finished_at } : null, sourceLocale: source, pages };
}
