/**
 * `npx tsx scripts/parse-dump.ts --layout L --root DIR [--source-root DIR] [--locales a,b] [--out FILE] [--profile-only]`
 *
 * Every file of a site read and parsed as the indexer's parser threads do it (`readAndParse`
 * and the rows they send to the storing thread, `documentRows`), on this one thread, storing
 * nothing. With `--out` it writes one line per file: its path under the root and a SHA-1 of
 * the JSON of what the parser returned and the rows made of it, so two versions of the parser
 * can be compared file by file (`diff` the two outputs: a parser speed-up must change none).
 * Prints the files, wall and CPU time on stderr. `--dump PATH-SUBSTRING` prints the JSON of
 * the files whose path contains it, to see what differs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { documentRows } from '../db/document-rows.ts';
import { configureLayout } from '../server/layouts/index.ts';
import { walkFiles } from '../server/indexer/walk.ts';
import { DEFAULT_LIMITS } from '../server/indexer/limits.ts';
import { loadLanguageModel } from '../server/indexer/language.ts';
import { readAndParse, type ReadJob, type ReaderSettings } from '../server/indexer/read.ts';

const { values } = parseArgs({
  options: {
    layout: { type: 'string', default: 'github-docs' },
    root: { type: 'string' },
    'source-root': { type: 'string' },
    locales: { type: 'string' },
    out: { type: 'string' },
    dump: { type: 'string' },
  },
});
if (!values.root) {
  process.stderr.write('usage: parse-dump.ts --layout L --root DIR [--source-root DIR] [--locales a,b] [--out FILE] [--dump SUBSTRING]\n');
  process.exit(2);
}
const root = path.resolve(values.root);
const layout = configureLayout(values.layout!, values['source-root'] ? { sourceRoot: path.resolve(values['source-root']) } : {});
const wanted = values.locales?.split(',');
const jobs: ReadJob[] = [];
for (const locale of [layout.sourceLocale, ...layout.discoverLocales(root).filter((l) => !wanted || wanted.includes(l))]) {
  const walked = walkFiles(layout.localeRoot(root, locale), layout.classify, layout.walkFolders);
  for (const f of walked.files) jobs.push({ seq: jobs.length, absPath: f.absPath, kind: f.info.kind, locale, size: f.size, knownHash: null });
}
const settings: ReaderSettings = { layout: values.layout!, ...DEFAULT_LIMITS };
// As a parser thread does (worker.ts): the language model first, outside the measured time.
await loadLanguageModel();
const lines: string[] = [];
const cpu = process.cpuUsage();
const started = performance.now();
for (const job of jobs) {
  const result = readAndParse(job, settings);
  if (result.unchanged) continue;
  const rows = documentRows(result.parsed, job.locale === layout.sourceLocale);
  if (values.out || (values.dump && job.absPath.includes(values.dump))) {
    const json = JSON.stringify({ parsed: result.parsed, rows });
    if (values.dump && job.absPath.includes(values.dump)) process.stdout.write(json + '\n');
    lines.push(`${path.relative(root, job.absPath)} ${crypto.hash('sha1', json, 'hex')}`);
  }
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
if (values.out) fs.writeFileSync(values.out, lines.join('\n') + '\n');
process.stderr.write(`${jobs.length} files, ${(ms / 1000).toFixed(2)} s wall, CPU ${((used.user + used.system) / 1000 / 1000).toFixed(2)} s\n`);
