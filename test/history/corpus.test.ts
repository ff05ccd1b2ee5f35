import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import { openDb } from '../../db/index.ts';
import { HistoryRepository } from '../../db/repositories/history.ts';
import type { Config } from '../../server/config.ts';
import { resolveBases, staleKey } from '../../server/history/bases.ts';
import { BENCH_LOCALES, cloneBundle } from '../../scripts/bench-stale.ts';
import { corpus, noteSkipped } from '../corpus.ts';
import { index, siteConfig, tempDir, verdicts, type Verdict } from './helpers.ts';

// The GitHub Docs history bundle: 7 real snapshots (2021-01-19 .. 2021-07-03), 218 MB
// checked out; indexing it takes minutes, so this runs only when asked for.
noteSkipped('test/history/corpus.test.ts', 'stale detection on the GitHub Docs history bundle', true);
const enabled = corpus.full;
const LONG = 30 * 60_000;

let root: string;
let dbDir: string;
let db: Db;
let config: Config;
const byLocale = new Map<string, Map<string, Verdict>>();
let indexBases: Awaited<ReturnType<typeof resolveBases>>;
let run1 = 0;
let run2 = 0;

const sh = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });

/** Body of a Markdown file without its frontmatter, with formatting the check calls cosmetic removed. */
function looseBody(text: string): string {
  return text
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^#{1,6}\s+/gm, '# ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/\{%-?\s*/g, '{%')
    .replace(/\s*-?%\}/g, '%}')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_~`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The English file as it was at `commit`, under the path it had then (git's rename detection over English). */
function englishAt(commit: string, en: string): string {
  try {
    return sh(['show', `${commit}:${en}`]);
  } catch {
    const renames = sh(['-c', 'diff.renameLimit=100000', 'diff', '-M', '--name-status', commit, 'HEAD', '--', 'content', 'data']).split('\n');
    const row = renames.map((l) => l.split('\t')).find((r) => r[0]?.startsWith('R') && r[2] === en);
    if (!row?.[1]) throw new Error(`${en} has no version at ${commit}`);
    return sh(['show', `${commit}:${row[1]}`]);
  }
}

describe.runIf(enabled)('stale detection on the GitHub Docs history bundle', () => {
  beforeAll(async () => {
    root = cloneBundle();
    dbDir = tempDir('l10n-history-corpus-db-');
    db = openDb(path.join(dbDir, 'drift.db'));
    config = siteConfig(root, path.join(dbDir, 'drift.db'), BENCH_LOCALES);
    // Index history: snapshot 6 first, then snapshot 7 (the checkout's HEAD).
    sh(['checkout', '-q', 'HEAD~1']);
    run1 = await index(config, db, new Date('2021-06-10T12:00:00Z'));
    sh(['checkout', '-q', 'main']);
    run2 = await index(config, db, new Date('2021-07-03T12:00:00Z'));
    for (const locale of BENCH_LOCALES) byLocale.set(locale, await verdicts(db, config, locale));
    indexBases = await resolveBases(db, config, { git: false });
  }, LONG);

  afterAll(() => {
    db?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    if (dbDir) fs.rmSync(dbDir, { recursive: true, force: true });
  });

  it(
    'reports per-locale stale counts at the last commit',
    () => {
      const counts: Record<string, { translations: number; stale: number; behind: number }> = {};
      for (const [locale, v] of byLocale) {
        const all = [...v.values()].filter((x) => x.base);
        counts[locale] = {
          translations: all.length,
          stale: all.filter((x) => x.findings.length > 0).length,
          behind: all.filter((x) => (x.base?.commitsBehind ?? 0) > 0).length,
        };
      }
      console.log('stale per locale (git bases):', JSON.stringify(counts));
      for (const c of Object.values(counts)) {
        expect(c.stale).toBeGreaterThan(0);
        expect(c.stale).toBeLessThanOrEqual(c.behind);
      }
    },
    LONG,
  );

  it(
    'agrees with a plain per-file reference on 200 translations, or explains each difference',
    () => {
      const repo = new HistoryRepository(db);
      const docs = repo.liveDocuments();
      const englishPath = new Map(docs.filter((d) => d.locale === 'en').map((d) => [d.key, d.path]));
      const translations = docs.filter((d) => d.locale !== 'en' && englishPath.has(d.key));
      const step = translations.length / 200;
      const sample = Array.from({ length: 200 }, (_, i) => translations[Math.floor(i * step)]!);
      const differences: { locale: string; key: string; reference: boolean; ours: boolean; reason: string | null }[] = [];
      let agree = 0;
      for (const t of sample) {
        // Reference: did English change after the translation's last commit?
        const last = sh(['log', '-n', '1', '--format=%H', '--', t.path]).trim();
        const en = englishPath.get(t.key)!;
        const reference = sh(['log', '--format=%H', `${last}..HEAD`, '--', en]).trim() !== '';
        const v = byLocale.get(t.locale)!.get(t.key)!;
        const ours = v.findings.some((f) => f.messageId === 'stale' || f.messageId === 'behind');
        if (reference === ours) {
          agree++;
          continue;
        }
        let reason: string | null = null;
        if (reference && !ours) {
          const before = englishAt(v.base!.ref!, en);
          const now = fs.readFileSync(path.join(root, en), 'utf8');
          const body = (s: string) => s.replace(/^---\n[\s\S]*?\n---\n/, '');
          if (body(before) === body(now)) reason = 'frontmatter-only English change';
          else if (looseBody(before) === looseBody(now))
            reason = 'cosmetic English change (heading levels, white space, emphasis, list markers, link targets, Liquid spacing)';
        }
        if (!reference && ours && v.base?.ref !== last) {
          // Our base is older than the translation's last commit: that commit only moved the file.
          const moved = sh(['show', '--format=', '--name-status', '-M', last, '--', t.path]).trim();
          if (/^R100\t/.test(moved)) reason = 'translation moved unchanged; its content predates English edits';
        }
        differences.push({ locale: t.locale, key: t.key, reference, ours, reason });
      }
      console.log(`reference agreement: ${agree}/200; differences:`, JSON.stringify(differences, null, 1));
      expect(differences.filter((d) => d.reason === null)).toEqual([]);
      // Both verdicts occur in the sample, so agreement is not the trivial "all current".
      expect(sample.filter((t) => byLocale.get(t.locale)!.get(t.key)!.findings.length > 0).length).toBeGreaterThan(0);
      expect(agree).toBeGreaterThan(0);
    },
    LONG,
  );

  it(
    'index history: translations untouched while English changed between snapshots 6 and 7 are behind with base "index"',
    async () => {
      const changed = sh(['diff', '--name-only', '--no-renames', 'HEAD~1', 'HEAD']).split('\n').filter(Boolean);
      const changedSet = new Set(changed);
      const repo = new HistoryRepository(db);
      const docs = repo.liveDocuments();
      const english = new Map(docs.filter((d) => d.locale === 'en').map((d) => [d.key, d]));
      let checked = 0;
      for (const t of docs) {
        const e = english.get(t.key);
        if (t.locale === 'en' || !e) continue;
        const base = indexBases.get(staleKey(t.locale, t.key));
        // Pages new in snapshot 7 have no older English version to be behind.
        if (e.changed_run !== run2 || t.changed_run !== run1 || !changedSet.has(e.path) || changedSet.has(t.path)) continue;
        if (repo.versionsOf(e.id).length < 2) continue;
        checked++;
        expect(base, `${t.locale} ${t.key}`).toMatchObject({ source: 'index', ref: String(run1), commitsBehind: 1 });
      }
      expect(checked).toBeGreaterThan(100);
      // And a translation changed in snapshot 7 is not behind.
      const touched = docs.find((t) => t.locale !== 'en' && t.changed_run === run2 && english.has(t.key));
      if (touched) expect(indexBases.get(staleKey(touched.locale, touched.key))?.commitsBehind).toBe(0);
      const staleIndex: number[] = [];
      for (const l of BENCH_LOCALES)
        staleIndex.push(
          [...(await verdicts(db, config, l, { git: false })).values()].filter((v) => v.base?.source === 'index' && v.findings.length > 0).length,
        );
      console.log('stale per locale (index bases):', JSON.stringify(Object.fromEntries(BENCH_LOCALES.map((l, i) => [l, staleIndex[i]]))));
      expect(Math.min(...staleIndex)).toBeGreaterThan(0);
    },
    LONG,
  );
});
