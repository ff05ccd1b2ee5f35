import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../server/indexer/limits.ts';
import { parseInWorkers } from '../../server/indexer/indexer.ts';
import { languageOfLocale, judgedByScript } from '../../server/indexer/language.ts';
import { readAndParse, type ReadJob, type ReaderSettings, type ReadResult } from '../../server/indexer/read.ts';
import { walkFiles } from '../../server/indexer/walk.ts';
import { getLayout } from '../../server/layouts/index.ts';
import { copySample, openTestIndex, tempDir, type TestIndex } from './helpers.ts';

const MDN = path.resolve(import.meta.dirname, '../fixtures/mdn');

let open: TestIndex[] = [];
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

/** Every file of a site as the indexer's jobs, in the walk's order. */
function siteJobs(root: string, layoutName: string): ReadJob[] {
  const layout = getLayout(layoutName);
  const jobs: ReadJob[] = [];
  for (const locale of [layout.sourceLocale, ...layout.discoverLocales(root)]) {
    const walked = walkFiles(layout.localeRoot(root, locale), layout.classify, layout.walkFolders);
    for (const f of walked.files) jobs.push({ seq: jobs.length, absPath: f.absPath, kind: f.info.kind, locale, size: f.size, knownHash: null });
  }
  return jobs;
}

/** The sample with four more locales copied from English: two judged by script (this thread may parse them), two by eld. */
function biggerSite(): string {
  const root = copySample();
  for (const locale of ['fr-FR', 'ko-KR', 'ru-RU', 'it-IT']) {
    for (const sub of ['content', 'data']) fs.cpSync(path.join(root, sub), path.join(root, 'translations', locale, sub), { recursive: true });
  }
  return root;
}

const page = (slug: string, body: string) => `---\ntitle: ${slug}\nslug: ${slug}\n---\n\n${body}\n`;

/**
 * An MDN site whose Spanish and Korean pages include two with one slug: `aaa-first` (first in
 * the walk, and long, so the thread that parses it answers after another thread's next batch)
 * and `zzz-second`, with more than three batches of other pages between them (a thread is sent three at a time).
 */
function mdnWithDuplicateSlugs(): { root: string; sourceRoot: string } {
  const dir = tempDir('mdn');
  fs.cpSync(MDN, dir, { recursive: true });
  const root = path.join(dir, 'translated-content');
  for (const [locale, sentence] of [
    ['es', 'Esta página explica cómo se usa la interfaz y qué hace el navegador con ella. '],
    ['ko', '이 페이지는 인터페이스를 사용하는 방법과 브라우저가 하는 일을 설명합니다. '],
  ] as const) {
    const files = path.join(root, 'files', locale);
    const write = (folder: string, text: string) => {
      fs.mkdirSync(path.join(files, folder), { recursive: true });
      fs.writeFileSync(path.join(files, folder, 'index.md'), text);
    };
    write('aaa-first', page('Web/API/Same_slug', Array.from({ length: 3000 }, (_, i) => `${sentence}${i}\n\n`).join('')));
    for (let i = 0; i < 130; i++) write(`mmm-${String(i).padStart(3, '0')}`, page(`Web/API/Filler_${i}`, sentence));
    write('zzz-second', page('Web/API/Same_slug', sentence));
  }
  return { root, sourceRoot: path.join(dir, 'content') };
}

const SETTINGS: ReaderSettings = { layout: 'github-docs', ...DEFAULT_LIMITS };
const scriptJudged = (job: ReadJob) => job.locale === 'en' || judgedByScript(languageOfLocale(job.locale));

/** Runs the schedule on `jobs` with `threads` parser threads; the seqs in the order they were stored, and the waits told. */
async function schedule(
  jobs: ReadJob[],
  threads: number,
  here: { takes: (job: ReadJob) => boolean; parse?: (job: ReadJob) => ReadResult; inOrder?: (job: ReadJob) => string },
): Promise<{ stored: number[]; held: number[] }> {
  const stored: number[] = [];
  const held: number[] = [];
  await parseInWorkers(
    jobs,
    SETTINGS,
    threads,
    (results: ReadResult[]) => stored.push(...results.map((r) => r.seq)),
    () => {},
    { parse: (job) => readAndParse(job, SETTINGS), ...here },
    (n) => held.push(n),
  );
  return { stored, held };
}

describe('parsing on the parser threads and on the storing thread', () => {
  it('stores every file once; the storing thread parses only the pages it may, and some of them', async () => {
    const jobs = siteJobs(biggerSite(), 'github-docs');
    const parsedHere: number[] = [];
    const parse = (job: ReadJob) => (parsedHere.push(job.seq), readAndParse(job, SETTINGS));
    const { stored } = await schedule(jobs, 1, { takes: scriptJudged, parse });
    expect([...stored].sort((a, b) => a - b)).toEqual(jobs.map((j) => j.seq));
    expect(parsedHere.length).toBeGreaterThan(0);
    expect(parsedHere.every((seq) => scriptJudged(jobs[seq]!))).toBe(true);
    // fr-FR and it-IT need the language model: only the parser thread has it.
    expect(jobs.some((j) => !scriptJudged(j))).toBe(true);
  });

  it('stores the files of each locale in the walk’s order when asked to, whichever thread parses them', async () => {
    const jobs = siteJobs(biggerSite(), 'github-docs');
    const { stored } = await schedule(jobs, 2, { takes: scriptJudged, inOrder: (job) => job.locale });
    expect(stored).toHaveLength(jobs.length);
    for (const locale of new Set(jobs.map((j) => j.locale))) {
      const order = stored.filter((seq) => jobs[seq]!.locale === locale);
      expect(order, locale).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('holds no more answers for a slow batch than the batches in flight', async () => {
    // A long French page first, then 1,500 short ones: while one thread parses the long page, the
    // other answers batch after batch, and those answers wait to be stored after it.
    const dir = tempDir('slow-batch');
    const write = (name: string, text: string): ReadJob => {
      const absPath = path.join(dir, name);
      fs.writeFileSync(absPath, text);
      return { seq: 0, absPath, kind: 'page', locale: 'fr-FR', size: fs.statSync(absPath).size, knownHash: null };
    };
    const sentence = 'Cette page explique comment utiliser la fonction et ce que fait le navigateur. ';
    const jobs = [
      write('long.md', page('Long', Array.from({ length: 12_000 }, (_, i) => `${sentence}${i}\n\n`).join(''))),
      ...Array.from({ length: 1500 }, (_, i) => write(`short-${i}.md`, page(`Short_${i}`, sentence))),
    ].map((job, seq) => ({ ...job, seq }));
    const { stored, held } = await schedule(jobs, 2, { takes: () => false, inOrder: (job) => job.locale });
    expect(stored).toEqual(jobs.map((j) => j.seq));
    expect(held.length).toBeGreaterThan(0);
    // Two threads, three batches in flight each: the long page's batch and at most five behind it.
    expect(Math.max(...held)).toBeLessThanOrEqual(5);
  });

  it('gives a frontmatter key two files claim to the first in the walk, with threads as without', async () => {
    const { root, sourceRoot } = mdnWithDuplicateSlugs();
    const holders = async (workers: number) => {
      const t = openTestIndex(root, { layout: 'mdn', sourceRoot, workers });
      open.push(t);
      await t.index();
      return t.db
        .prepare(
          "SELECT locale, key, path, parse_error IS NOT NULL AS error FROM documents WHERE deleted_run IS NULL AND key LIKE 'web/api/same_slug%' ORDER BY locale, key",
        )
        .all();
    };
    const inline = await holders(0);
    expect(inline).toEqual([
      { locale: 'es', key: 'web/api/same_slug', path: 'files/es/aaa-first/index.md', error: 0 },
      { locale: 'es', key: 'web/api/same_slug (files/es/zzz-second/index.md)', path: 'files/es/zzz-second/index.md', error: 1 },
      { locale: 'ko', key: 'web/api/same_slug', path: 'files/ko/aaa-first/index.md', error: 0 },
      { locale: 'ko', key: 'web/api/same_slug (files/ko/zzz-second/index.md)', path: 'files/ko/zzz-second/index.md', error: 1 },
    ]);
    expect(await holders(2)).toEqual(inline);
    expect(await holders(1)).toEqual(inline);
  });
});
