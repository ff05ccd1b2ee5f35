/**
 * Replays the GitHub Docs history bundle (../shared/corpora/github-docs-history.bundle) into
 * a fresh database: each commit, oldest first, is checked out and indexed with the clock at
 * that commit's date, then the weekly report of the last week is printed.
 * Usage: npx tsx test/reports/github-docs-history.ts [--format md] [--out FILE]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../db/index.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { buildWeeklyReport } from '../../server/reports/model.ts';
import { renderReport, type ReportFormat } from '../../server/reports/render.ts';
import { weekOf } from '../../server/reports/week.ts';

const BUNDLE = path.resolve(import.meta.dirname, '../../../shared/corpora/github-docs-history.bundle');
const { values } = parseArgs({ options: { format: { type: 'string', default: 'md' }, out: { type: 'string' }, keep: { type: 'boolean' } } });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-ghdocs-'));
const root = path.join(dir, 'docs');
const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
execFileSync('git', ['clone', '--quiet', BUNDLE, root]);
const commits = git('log', '--reverse', '--format=%H %cI', 'HEAD')
  .split('\n')
  .map((l) => {
    const [sha, date] = l.split(' ') as [string, string];
    return { sha, date: new Date(date) };
  });
const config = resolveConfig({ root, db: path.join(dir, 'drift.db') }, root);
const db = openDb(config.db);
for (const c of commits) {
  git('checkout', '--quiet', c.sha);
  let t = c.date.getTime();
  const started = Date.now();
  const s = await indexSite({
    config,
    db,
    now: () => new Date((t += 1000)),
    afterIndex: async ({ db: tx, runId, now }) => {
      await runChecksWithBases(tx, config, runId, now);
    },
  });
  console.error(
    `${c.sha.slice(0, 10)} ${c.date.toISOString()} ${weekOf(c.date, 'UTC').id}: run ${s.runId}, ${s.documents} documents, ${s.parsed} parsed, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
const last = commits.at(-1)!;
const report = buildWeeklyReport(db, {
  week: weekOf(last.date, 'UTC').id,
  timeZone: 'UTC',
  sourceLocale: config.layout.sourceLocale,
  now: new Date(last.date.getTime() + 7 * 86_400_000),
});
const text = renderReport(report, values.format as ReportFormat);
if (values.out) fs.writeFileSync(values.out, text);
else process.stdout.write(text);
db.close();
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
else console.error(`kept ${dir}`);
