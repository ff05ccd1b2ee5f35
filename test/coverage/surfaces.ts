/**
 * Reads every surface that shows coverage numbers (/api/locales, the article list under the
 * matching filter, the weekly report's JSON for the latest run, the CLI summary of `check`)
 * and lists where any two differ. Shared by the sample test and the opt-in snapshot test.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/index.ts';
import { ReportsRepository } from '../../db/repositories/reports.ts';
import { checkCommand } from '../../server/cli/check-command.ts';
import { reportCommand } from '../../server/cli/report-command.ts';
import type { Config } from '../../server/config.ts';
import type { CoverageCounts } from '../../server/coverage/model.ts';
import type { WeeklyReport } from '../../server/reports/model.ts';
import { weekOf } from '../../server/reports/week.ts';
import type { ArticlesResponse, LocalesResponse } from '../../web/src/lib/types.ts';
import { CORPORA } from '../corpus.ts';

/** Each number of the coverage model and the list filter that must list exactly that many articles. */
export const FILTER_OF: Record<keyof CoverageCounts, string | null> = {
  englishArticles: null, // translated + englishFallback + missing: checked as a sum below
  translated: 'state=translated',
  upToDate: 'state=up-to-date',
  stale: 'state=stale',
  baseUnknown: 'state=base-unknown',
  englishFallback: 'state=english-fallback',
  missing: 'state=missing',
  orphaned: 'state=orphaned',
  leftover: 'state=leftover',
};
const FIELDS = Object.keys(FILTER_OF) as (keyof CoverageCounts)[];

/** What each surface says, per translation locale. */
export interface Surfaces {
  api: Map<string, CoverageCounts & { articlesByCheck: Record<string, number> }>;
  /** List totals under each filter: `field` → total, and `check:<id>` → total. */
  lists: Map<string, Record<string, number>>;
  report: Map<string, CoverageCounts>;
  cli: Map<string, CoverageCounts>;
  /** Words to translate and changed: /api/locales, the sums of the missing and stale lists' rows, the CLI weekly report. */
  words: Map<string, { api: Words; list: Words; report: Words | undefined }>;
}

type Words = { toTranslate: number; changed: number; unknown: number };

function capture() {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream,
    cwd: process.cwd(),
    env: {},
  };
  return { io, out: () => out, err: () => err };
}

export async function readSurfaces(app: FastifyInstance, db: Db, config: Config): Promise<Surfaces> {
  const get = async <T>(url: string): Promise<T> => {
    const r = await app.inject({ method: 'GET', url });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return r.json() as T;
  };
  const locales = await get<LocalesResponse>('/api/locales');
  const api: Surfaces['api'] = new Map();
  const lists: Surfaces['lists'] = new Map();
  const words: Surfaces['words'] = new Map();
  for (const l of locales.locales) {
    if (l.source) continue;
    api.set(l.locale, { ...Object.fromEntries(FIELDS.map((f) => [f, l[f]])), articlesByCheck: l.articlesByCheck } as CoverageCounts & { articlesByCheck: Record<string, number> });
    const totals: Record<string, number> = {};
    for (const f of FIELDS) {
      const filter = FILTER_OF[f];
      if (filter) totals[f] = (await get<ArticlesResponse>(`/api/articles?locale=${l.locale}&${filter}&limit=1`)).total;
    }
    totals.englishArticles = totals.translated! + totals.englishFallback! + totals.missing!;
    totals.all = (await get<ArticlesResponse>(`/api/articles?locale=${l.locale}&limit=1`)).total;
    for (const check of Object.keys(l.findings)) totals[`check:${check}`] = (await get<ArticlesResponse>(`/api/articles?locale=${l.locale}&check=${check}&limit=1`)).total;
    lists.set(l.locale, totals);
    // The dashboard's list rows, summed: missing pages' words to translate, stale ones' words changed.
    const list: Words = { toTranslate: 0, changed: 0, unknown: 0 };
    for (const state of ['missing', 'stale'] as const) {
      for (let page = 1; ; page++) {
        const body = await get<ArticlesResponse>(`/api/articles?locale=${l.locale}&state=${state}&limit=200&page=${page}`);
        for (const r of body.rows) {
          const n = state === 'missing' ? r.words.toTranslate : r.words.changed;
          if (n === null) list.unknown++;
          else if (state === 'missing') list.toTranslate += n;
          else list.changed += n;
        }
        if (body.rows.length < 200) break;
      }
    }
    words.set(l.locale, { api: l.words, list, report: undefined });
  }

  const dbArgs = ['--db', config.db, '--root', config.root];
  const latest = new ReportsRepository(db).latestCheckedRun();
  if (!latest) throw new Error('no checked run');
  const finished = new Date(latest.finished_at);
  const week = weekOf(finished, 'UTC').id;
  const rep = capture();
  const code = await reportCommand([...dbArgs, '--week', week, '--format', 'json'], rep.io, () => new Date(finished.getTime() + 1000));
  if (code !== 0) throw new Error(`report: ${rep.err()}`);
  const json = JSON.parse(rep.out()) as WeeklyReport;
  const report: Surfaces['report'] = new Map(json.locales.map((l) => [l.locale, Object.fromEntries(FIELDS.map((f) => [f, l.current[f]])) as unknown as CoverageCounts]));
  for (const l of json.locales) {
    const w = words.get(l.locale);
    if (w) w.report = l.current.words;
  }

  const chk = capture();
  // The coverage summary does not depend on --check; one small check keeps the snapshot's 145k findings out of the JSON.
  await checkCommand([...dbArgs, '--format', 'json', '--fail-on', 'never', '--check', 'parse-error'], chk.io);
  const cliJson = JSON.parse(chk.out()) as { coverage: Record<string, CoverageCounts> };
  const cli: Surfaces['cli'] = new Map(Object.entries(cliJson.coverage));
  return { api, lists, report, cli, words };
}

/** Every place where a surface counts differently from /api/locales, as readable lines (empty: all agree). */
export function mismatches(s: Surfaces): string[] {
  const out: string[] = [];
  const locales = new Set([...s.api.keys(), ...s.report.keys(), ...s.cli.keys(), ...s.lists.keys()]);
  for (const locale of locales) {
    const api = s.api.get(locale);
    if (!api) {
      out.push(`${locale}: not in /api/locales`);
      continue;
    }
    const others: [string, Record<string, number> | undefined][] = [
      ['list', s.lists.get(locale)],
      ['report', s.report.get(locale) as unknown as Record<string, number> | undefined],
      ['cli', s.cli.get(locale) as unknown as Record<string, number> | undefined],
    ];
    for (const [name, counts] of others) {
      if (!counts) {
        out.push(`${locale}: missing from ${name}`);
        continue;
      }
      for (const f of FIELDS) if (counts[f] !== api[f]) out.push(`${locale} ${f}: /api/locales ${api[f]}, ${name} ${counts[f]}`);
    }
    const w = s.words.get(locale);
    if (w) {
      if (JSON.stringify(w.list) !== JSON.stringify(w.api)) out.push(`${locale} words: /api/locales ${JSON.stringify(w.api)}, list ${JSON.stringify(w.list)}`);
      if (JSON.stringify(w.report) !== JSON.stringify(w.api)) out.push(`${locale} words: /api/locales ${JSON.stringify(w.api)}, report ${JSON.stringify(w.report)}`);
    }
    const list = s.lists.get(locale);
    if (list) {
      // Every article of the list is in exactly one state.
      const states = api.upToDate + api.stale + api.baseUnknown + api.englishFallback + api.missing + api.orphaned + api.leftover;
      if (list.all !== states) out.push(`${locale}: the list has ${list.all} articles, the states add up to ${states}`);
      for (const [check, n] of Object.entries(api.articlesByCheck)) {
        if (list[`check:${check}`] !== n) out.push(`${locale} ${check}: /api/locales ${n} articles, list ${list[`check:${check}`]}`);
      }
    }
  }
  return out;
}

export const SNAPSHOT = path.join(CORPORA, 'github-docs-2021-07-03.tar.gz');
/** Seven snapshots of GitHub Docs history (2021-01-19 .. 2021-07-03) as a git bundle. */
export const HISTORY_BUNDLE = path.join(CORPORA, 'github-docs-history.bundle');
