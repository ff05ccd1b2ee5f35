/**
 * Trends must not recompute past weeks from today's state. The bundled sample is indexed
 * once a week on a fake clock for four weeks while its ja-JP translation goes from "base
 * unknown" (first seen) to "up to date" (the index saw it change) to "stale" (English
 * changed) and back to "up to date" (translated again); a report made right after each run says what that week looked
 * like. The last report's trend points and a report of each past week made today must say the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.ts';
import { reportCommand } from '../../server/cli/report-command.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { indexWithChecks } from '../../server/plugins/reindex.ts';
import type { LocaleTotals, WeeklyReport } from '../../server/reports/model.ts';
import { ARTICLE, SAMPLE } from './history.ts';

const JA_FILE = `translations/ja-JP/content/${ARTICLE}.md`;
const EN_FILE = `content/${ARTICLE}.md`;
/** One run per week, Tuesdays 09:00 UTC, and what each week's edit is. */
const WEEKS = [
  { week: '2026-W45', run: '2026-11-03T09:00:00.000Z' },
  { week: '2026-W46', run: '2026-11-10T09:00:00.000Z' },
  { week: '2026-W47', run: '2026-11-17T09:00:00.000Z' },
  { week: '2026-W48', run: '2026-11-24T09:00:00.000Z' },
] as const;

let dir: string;
let root: string;
let db: Db;
let config: Config;
/** Each week's report as made an hour after its run. */
const atTheTime = new Map<string, WeeklyReport>();
/** Each week's report as made after the last run. */
const today = new Map<string, WeeklyReport>();

function edit(rel: string, from: string, to: string): void {
  const file = path.join(root, rel);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${rel}: "${from}" not found (the sample changed)`);
  fs.writeFileSync(file, text.replace(from, to));
  const later = new Date(fs.statSync(file).mtimeMs + 5000);
  fs.utimesSync(file, later, later);
}

async function report(week: string, now: Date): Promise<WeeklyReport> {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream,
    cwd: dir,
    env: {},
  };
  const code = await reportCommand(['--db', config.db, '--root', root, '--week', week, '--format', 'json'], io, () => now);
  if (code !== 0) throw new Error(`report ${week}: ${err}`);
  return JSON.parse(out) as WeeklyReport;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-past-weeks-'));
  root = path.join(dir, 'site');
  fs.cpSync(SAMPLE, root, { recursive: true });
  config = resolveConfig({ root, db: path.join(dir, 'drift.db'), workers: 0 }, root);
  db = openDb(config.db);
  const edits = [
    () => undefined,
    // The translator revises a paragraph: the index sees the translation change, so its base is known.
    () => edit(JA_FILE, '## ライセンス同期の有効化', '## ライセンス同期を有効にする'),
    // English adds a sentence: ja-JP is stale.
    () => edit(EN_FILE, 'If you use multiple', 'License data is synchronized once a week. If you use multiple'),
    // The translator adds the sentence: up to date again.
    () => edit(JA_FILE, '## ライセンス同期を有効にする', '## ライセンス同期の有効化（週に一度同期されます）'),
  ];
  for (const [i, { week, run }] of WEEKS.entries()) {
    edits[i]!();
    let t = Date.parse(run);
    await indexWithChecks(config, db, () => new Date((t += 1000)));
    atTheTime.set(week, await report(week, new Date(Date.parse(run) + 3_600_000)));
  }
  const last = new Date(Date.parse(WEEKS.at(-1)!.run) + 7_200_000);
  for (const { week } of WEEKS) today.set(week, await report(week, last));
}, 240_000);

afterAll(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const ja = (r: WeeklyReport): LocaleTotals => r.locales.find((l) => l.locale === 'ja-JP')!.current;

describe('past weeks are counted as they were, not from today', () => {
  it('ja-JP went base unknown → up to date → stale → up to date, week by week', () => {
    const states = WEEKS.map(({ week }) => {
      const c = ja(atTheTime.get(week)!);
      return { upToDate: c.upToDate, stale: c.stale, baseUnknown: c.baseUnknown };
    });
    expect(states).toEqual([
      { upToDate: 0, stale: 0, baseUnknown: 1 },
      { upToDate: 1, stale: 0, baseUnknown: 0 },
      { upToDate: 0, stale: 1, baseUnknown: 0 },
      { upToDate: 1, stale: 0, baseUnknown: 0 },
    ]);
  });

  it("a past week's report made today says what it said at the time", () => {
    for (const { week } of WEEKS) {
      const then = atTheTime.get(week)!;
      const now = today.get(week)!;
      expect(
        now.locales.map((l) => [l.locale, l.current, l.previous]),
        week,
      ).toEqual(then.locales.map((l) => [l.locale, l.current, l.previous]));
    }
  });

  it("the last report's trend points are each week's own numbers", () => {
    const last = today.get(WEEKS.at(-1)!.week)!;
    for (const { locale, points } of last.trends.locales) {
      for (const { week } of WEEKS) {
        const point = points.find((p) => p.week === week)!;
        const then = atTheTime.get(week)!.locales.find((l) => l.locale === locale)!.current;
        expect([locale, week, point.upToDatePct, point.open]).toEqual([locale, week, then.upToDatePct, then.open.total]);
      }
    }
    expect(last.trends.locales.map((l) => l.locale)).toContain('ja-JP');
  });
});
