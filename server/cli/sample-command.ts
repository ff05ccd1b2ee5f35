import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { FindingsRepository, type FindingWithStatus } from '../../db/repositories/findings.ts';
import { HistoryRepository } from '../../db/repositories/history.ts';
import { CHECKS } from '../checks/registry.ts';
import type { Config } from '../config.ts';
import { assertIndexedLocale, assertKnownCheck, COMMON_OPTIONS, latestCheckedRun, openContext, UsageError, type CommandIO } from './context.ts';

export const SAMPLE_HELP = `Usage: l10n-drift sample [--per-check N] [--seed N] [--locale L …] [--check ID …] [--context N] [--out FILE]

A precision worksheet: up to N open findings per check of the latest run, picked at random
(the same seed picks the same findings), each with its file, line, the translation's text
and English's text around it, as Markdown with a box to mark it right or wrong.
  --per-check  findings per check (default 10)
  --seed       random seed (default 1)
  --locale     only these locales (repeat the flag)
  --check      only these checks (repeat the flag)
  --context    lines shown before and after the finding's line (default 3)
  --out        write the worksheet to FILE instead of standard output`;

export async function sampleCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      'per-check': { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      locale: { type: 'string', multiple: true },
      check: { type: 'string', multiple: true },
      context: { type: 'string', default: '3' },
      out: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(SAMPLE_HELP + '\n');
    return 0;
  }
  const perCheck = count('--per-check', values['per-check'], 1);
  const seed = count('--seed', values.seed, 0);
  const context = count('--context', values.context, 0);
  for (const id of values.check ?? []) assertKnownCheck(id);
  const { config, db } = openContext(values, io);
  try {
    const run = await latestCheckedRun(db, config, 'sample', io);
    if (!run) return 1;
    for (const locale of values.locale ?? []) assertIndexedLocale(db, locale, '--locale');
    const findings = new FindingsRepository(db);
    const items: FindingWithStatus[] = [];
    for (const locale of values.locale ?? [undefined]) {
      for (const check of values.check ?? [undefined]) {
        const filter = { status: 'open' as const, run: run.id, limit: 100_000, ...(locale ? { locale } : {}), ...(check ? { check } : {}) };
        for (let offset = 0; ; offset += filter.limit) {
          const page = findings.list({ ...filter, offset });
          items.push(...page.items);
          if (page.items.length < filter.limit) break;
        }
      }
    }
    const picked = pick(items, perCheck, seed);
    const documents = new DocumentsRepository(db);
    // An orphan found through a redirect is compared with the page English moved it to.
    const englishRedirects = new Map(new HistoryRepository(db).redirects(config.layout.sourceLocale).map((r) => [r.from_key, r.to_key]));
    const text = renderWorksheet({
      runId: run.id,
      seed,
      perCheck,
      locales: values.locale ?? [],
      picked,
      context,
      config,
      documents,
      englishRedirects,
      cwd: io.cwd,
    });
    if (values.out) fs.writeFileSync(path.resolve(io.cwd, values.out), text);
    else io.stdout.write(text);
    return 0;
  } finally {
    db.close();
  }
}

function count(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer ≥ ${min} (got "${value}")`);
  return n;
}

/** mulberry32: a small seeded generator, so a worksheet can be drawn again from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Up to `perCheck` findings of each check, drawn by seed: findings are put in fingerprint order
 * first (not database order, which depends on how the site was indexed), then shuffled.
 */
export function pick(items: FindingWithStatus[], perCheck: number, seed: number): Map<string, FindingWithStatus[]> {
  const byCheck = new Map<string, FindingWithStatus[]>();
  for (const f of items) {
    const list = byCheck.get(f.check_id);
    if (list) list.push(f);
    else byCheck.set(f.check_id, [f]);
  }
  const out = new Map<string, FindingWithStatus[]>();
  for (const check of CHECKS.map((c) => c.id).filter((id) => byCheck.has(id))) {
    const list = [...new Map(byCheck.get(check)!.map((f) => [f.fingerprint, f])).values()].sort((a, b) =>
      a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0,
    );
    const next = random(seed ^ hash(check));
    // Partial Fisher–Yates: the first perCheck places only.
    for (let i = 0; i < Math.min(perCheck, list.length); i++) {
      const j = i + Math.floor(next() * (list.length - i));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    out.set(
      check,
      list.slice(0, perCheck).sort((a, b) => a.locale.localeCompare(b.locale) || a.key.localeCompare(b.key) || (a.line ?? 0) - (b.line ?? 0)),
    );
  }
  return out;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

interface WorksheetInput {
  runId: number;
  seed: number;
  perCheck: number;
  locales: string[];
  picked: Map<string, FindingWithStatus[]>;
  context: number;
  config: Config;
  documents: DocumentsRepository;
  englishRedirects: Map<string, string>;
  cwd: string;
}

function renderWorksheet(w: WorksheetInput): string {
  const total = [...w.picked.values()].reduce((n, l) => n + l.length, 0);
  const lines = [
    `# Precision worksheet: run ${w.runId}, seed ${w.seed}, ${w.perCheck} per check${w.locales.length ? `, locales ${w.locales.join(', ')}` : ''}`,
    '',
    `${total} findings. Read each against the files and mark it: [x] right (a translator should act on it) or [ ] wrong.`,
    '',
    '| check | sampled | right |',
    '|---|---:|---:|',
    ...[...w.picked].map(([check, list]) => `| ${check} | ${list.length} | |`),
  ];
  for (const [check, list] of w.picked) {
    lines.push('', `## ${check}`);
    list.forEach((f, i) => lines.push('', ...entry(w, f, i + 1)));
  }
  return lines.join('\n') + '\n';
}

/** One finding: where, what, and both texts around the place. */
function entry(w: WorksheetInput, f: FindingWithStatus, n: number): string[] {
  const { layout, root } = w.config;
  const fileOf = (locale: string, p: string) => path.join(layout.pathRoot?.(root, locale) ?? root, p);
  const translationFile = f.path ? fileOf(f.locale, f.path) : null;
  const where = translationFile ? `${path.relative(w.cwd, translationFile) || translationFile}${f.line ? `:${f.line}` : ''}` : '(no file)';
  const out = [`### ${n}. ${f.locale} \`${f.key}\` — ${f.severity} (${f.message_id})`, '', `- [ ] right · \`${where}\``, `- ${f.message}`];
  const line = f.line ?? 1;
  const data = JSON.parse(f.data_json) as Record<string, unknown>;
  const englishKey = typeof data.suggestionKey === 'string' ? data.suggestionKey : f.key;
  const english = w.documents.get(layout.sourceLocale, englishKey) ?? w.documents.get(layout.sourceLocale, w.englishRedirects.get(englishKey) ?? '');
  const translation = w.documents.get(f.locale, f.key);
  if (translationFile) out.push('', `Translation (${f.locale}), around line ${line}:`, '', ...excerpt(translationFile, line, w.context));
  if (english) {
    const englishLine = translation ? matchingLine(w.documents, translation.id, english.id, line) : line;
    out.push(
      '',
      `English, around line ${englishLine} (\`${path.relative(w.cwd, fileOf(layout.sourceLocale, english.path))}\`):`,
      '',
      ...excerpt(fileOf(layout.sourceLocale, english.path), englishLine, w.context),
    );
  } else out.push('', 'English: no page under this key.');
  return out;
}

/** The English line in the section of the same ordinal, as far into it as `line` is into the translation's. */
function matchingLine(documents: DocumentsRepository, translationId: number, englishId: number, line: number): number {
  const ours = documents.sections(translationId);
  const section = [...ours].reverse().find((s) => s.line <= line);
  if (!section) return line;
  const theirs = documents.sections(englishId).find((s) => s.ordinal === section.ordinal);
  return theirs ? theirs.line + (line - section.line) : line;
}

/** Numbered lines around `line`, fenced so Markdown shows them as they are. */
function excerpt(file: string, line: number, context: number): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return ['(file not readable)'];
  }
  const all = text.split('\n');
  const from = Math.max(1, line - context);
  const to = Math.min(all.length, line + context);
  const body = all.slice(from - 1, to).map((l, i) => `${String(from + i).padStart(5)}${from + i === line ? '>' : ' '} ${l}`);
  const fence = '`'.repeat(Math.max(3, ...body.map((l) => (l.match(/`+/g) ?? []).reduce((m, s) => Math.max(m, s.length + 1), 0))));
  return [fence + 'text', ...body, fence];
}
