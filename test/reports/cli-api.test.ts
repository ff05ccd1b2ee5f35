/** `l10n-drift report` and GET /api/reports/weekly on the two-week history, incl. the 400 / exit 2 cases. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { run } from '../../server/cli/main.ts';
import { reportCommand } from '../../server/cli/report-command.ts';
import type { WeeklyReport } from '../../server/reports/model.ts';
import { buildHistory, GENERATED_AT, type History } from './history.ts';

let h: History;
let app: FastifyInstance;

beforeAll(async () => {
  h = await buildHistory();
  app = await buildApp({ db: h.db, config: h.config, webDir: null, now: () => GENERATED_AT });
});
afterAll(async () => {
  await app?.close();
  h?.close();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
    cwd: path.dirname(h.dbFile),
    env: {},
  };
  const code = await reportCommand(['--db', h.dbFile, '--root', h.root, ...args], io, () => GENERATED_AT);
  return { code, stdout, stderr };
}

describe('l10n-drift report', () => {
  it('prints the Markdown of the last full week by default', async () => {
    const r = await cli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# l10n-drift weekly report 2026-W47');
    expect(r.stdout).toContain('Findings: 5 new, 4 resolved');
    expect(r.stdout).toBe(fs.readFileSync(path.join(import.meta.dirname, 'golden', 'w47.md'), 'utf8'));
  });

  it('writes each format to --out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-report-out-'));
    for (const format of ['md', 'csv', 'json', 'html']) {
      const out = path.join(dir, `r.${format}`);
      const r = await cli(['--week', '2026-W47', '--format', format, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(fs.statSync(out).size).toBeGreaterThan(200);
    }
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')) as WeeklyReport;
    expect(json.version).toBe(2);
    expect(json.newFindings.total).toBe(5);
    expect(fs.readFileSync(path.join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('filters by --locale and gives article rows with --table articles', async () => {
    const r = await cli(['--week', '2026-W47', '--format', 'csv', '--locale', 'ja-JP', '--table', 'articles']);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => `${x['kind']} ${x['locale']} ${x['check']}`).sort()).toEqual([
      'new-finding ja-JP stale-translation',
      'resolved-finding ja-JP missing-redirect',
      'resolved-finding ja-JP stale-translation',
    ]);
  });

  it.each([
    [['--week', '2026-W49'], /2026-W49 is in the future/],
    [['--week', '2026-47'], /week must look like 2026-W47/],
    [['--week', '2025-W53'], /does not exist/],
    [['--format', 'pdf'], /--format must be one of md, csv, json, html/],
    [['--table', 'x'], /--table must be checks or articles/],
    [['--bogus'], /Unknown option/],
  ])('exits 2 on %j', async (args, message) => {
    let stderr = '';
    const io = {
      stdout: { write: () => true } as unknown as NodeJS.WritableStream,
      stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
      cwd: path.dirname(h.dbFile),
      env: {},
      // The fixed clock of the history (2026-W48): 2026-W49 is in the future whatever day the test runs.
      now: () => GENERATED_AT,
    };
    // Through the command table, as the binary runs it (usage errors → exit 2).
    const code = await run(['report', '--db', h.dbFile, '--root', h.root, ...(args as string[])], io);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('GET /api/reports/weekly', () => {
  it('answers the JSON report of the last full week', async () => {
    const res = await app.inject('/api/reports/weekly');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json() as WeeklyReport;
    expect(body.week.id).toBe('2026-W47');
    expect(body.generatedAt).toBe(GENERATED_AT.toISOString());
    expect(res.body).toBe(fs.readFileSync(path.join(import.meta.dirname, 'golden', 'w47.json'), 'utf8'));
  });

  it.each([
    ['md', 'text/markdown', 'l10n-drift-2026-W47.md'],
    ['csv', 'text/csv', 'l10n-drift-2026-W47.csv'],
    ['html', 'text/html', 'l10n-drift-2026-W47.html'],
  ])('sends %s as a download with a file name', async (format, type, name) => {
    const res = await app.inject(`/api/reports/weekly?week=2026-W47&format=${format}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(type);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
  });

  it('names locale and article downloads', async () => {
    const res = await app.inject('/api/reports/weekly?week=2026-W47&format=csv&locale=pt-BR&table=articles');
    expect(res.headers['content-disposition']).toBe('attachment; filename="l10n-drift-2026-W47-pt-BR-articles.csv"');
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r['locale']))).toEqual(new Set(['pt-BR']));
  });

  it('says so for a week without runs', async () => {
    const res = await app.inject('/api/reports/weekly?week=2026-W40');
    expect(res.statusCode).toBe(200);
    const body = res.json() as WeeklyReport;
    expect(body.message).toMatch(/No index run finished in 2026-W40/);
    expect(body.locales).toEqual([]);
  });

  it.each([
    ['week=2026-W49', /2026-W49 is in the future/],
    ['week=2026-W4', /week must look like/],
    ['week=2026-W54', /does not exist/],
    ['format=pdf', /querystring\.format/],
    ['locale=..%2Fetc', /querystring\.locale/],
  ])('400 for %s', async (query, message) => {
    const res = await app.inject(`/api/reports/weekly?${query}`);
    expect(res.statusCode).toBe(400);
    expect((res.json() as { message: string }).message).toMatch(message);
  });
});
