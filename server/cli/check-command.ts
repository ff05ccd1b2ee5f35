import path from 'node:path';
import { parseArgs } from 'node:util';
import { FindingsRepository, type FindingWithStatus } from '../../db/repositories/findings.ts';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import { coverageLine, type CoverageCounts } from '../coverage/model.ts';
import { compareStaleness } from '../checks/stale-translation.ts';
import { markdownCode, markdownText, terminalText as t } from '../output/escape.ts';
import { assertIndexedLocale, assertKnownCheck, COMMON_OPTIONS, latestCheckedRun, openContext, UsageError, type CommandIO } from './context.ts';

export const CHECK_HELP = `Usage: l10n-drift check [--locale L] [--check ID] [--format text|json|markdown] [--fail-on error|warning|never]

Prints the open findings of the latest complete index run (running the checks first
when that run has none). Formats: text (grouped by locale and article, file:line),
json (stable shape, see server/checks/docs/README.md), markdown (pull-request comment).
Exit code 1 when a finding at or above --fail-on (default: error) exists, 2 on usage errors.`;

const FORMATS = ['text', 'json', 'markdown'] as const;
const FAIL_ON = ['error', 'warning', 'never'] as const;
const RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };
export const JSON_VERSION = 1;

export async function checkCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...COMMON_OPTIONS,
      locale: { type: 'string' },
      check: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(CHECK_HELP + '\n');
    return 0;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")`);
  const failOn = values['fail-on'] as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got "${values['fail-on']}")`);
  if (values.check) assertKnownCheck(values.check);
  const { config, db } = openContext(values, io);
  try {
    const run = latestCheckedRun(db, config, 'check', io);
    if (!run) return 1;
    assertIndexedLocale(db, values.locale, '--locale');
    const findings = new FindingsRepository(db);
    const filter = {
      status: 'open' as const,
      run: run.id,
      limit: 100_000,
      ...(values.locale ? { locale: values.locale } : {}),
      ...(values.check ? { check: values.check } : {}),
    };
    const items: FindingWithStatus[] = [];
    for (let offset = 0; ; offset += filter.limit) {
      const page = findings.list({ ...filter, offset });
      items.push(...page.items);
      if (items.length >= page.total || page.items.length === 0) break;
    }
    sortStaleByLocale(items);
    const toFile = (p: string | null) => (p ? path.relative(io.cwd, path.join(config.root, p)) || p : '(no file)');
    // The coverage model's counts, as /api/locales and the weekly report give them.
    const coverage = new Map([...new CoverageRepository(db).summary(config.layout.sourceLocale)].filter(([l]) => !values.locale || l === values.locale));
    const out =
      format === 'json'
        ? renderJson(run.id, run.finished_at, items, coverage)
        : format === 'markdown'
          ? renderMarkdown(run.id, items, toFile, coverage)
          : renderText(items, toFile, coverage);
    io.stdout.write(out.endsWith('\n') ? out : out + '\n');
    if (failOn === 'never') return 0;
    return items.some((f) => (RANK[f.severity] ?? 2) <= (RANK[failOn] ?? 0)) ? 1 : 0;
  } finally {
    db.close();
  }
}

/**
 * Within each locale, puts the stale-translation findings in order of how far behind they
 * are (most first), in the places those findings held; other findings stay where they are.
 */
export function sortStaleByLocale(items: FindingWithStatus[]): void {
  for (const ofLocale of groupBy(
    items.map((f, i) => ({ f, i })),
    (x) => x.f.locale,
  ).values()) {
    const stale = ofLocale.filter((x) => x.f.check_id === 'stale-translation');
    const sorted = stale.map((x) => ({ f: x.f, data: JSON.parse(x.f.data_json) as Record<string, unknown> })).sort((a, b) => compareStaleness(a.data, b.data));
    stale.forEach((x, n) => (items[x.i] = sorted[n]!.f));
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}

function counts(items: FindingWithStatus[]): Record<'error' | 'warning' | 'info', number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of items) c[f.severity]++;
  return c;
}

export function renderText(items: FindingWithStatus[], toFile: (p: string | null) => string, coverage?: Map<string, CoverageCounts>): string {
  const summary = coverage?.size ? ['Coverage:', ...[...coverage].map(([l, c]) => `  ${coverageLine(l, c)}`), ''] : [];
  if (items.length === 0) return [...summary, 'No open findings.'].join('\n');
  const lines: string[] = [];
  for (const [locale, ofLocale] of groupBy(items, (f) => f.locale)) {
    const c = counts(ofLocale);
    lines.push(`${t(locale)}: ${ofLocale.length} findings (${c.error} errors, ${c.warning} warnings, ${c.info} info)`);
    for (const [key, ofArticle] of groupBy(ofLocale, (f) => f.key)) {
      lines.push(`  /${t(key)}`);
      for (const f of ofArticle) {
        const where = `${toFile(f.path)}${f.line ? `:${f.line}` : ''}`;
        lines.push(`    ${t(where)}  ${f.severity}  ${f.check_id}${f.status === 'new' ? ' (new)' : ''}  ${t(f.message)}`);
      }
    }
    lines.push('');
  }
  const c = counts(items);
  lines.push(...summary, `${items.length} findings: ${c.error} errors, ${c.warning} warnings, ${c.info} info`);
  return lines.join('\n');
}

/** The documented JSON shape (server/checks/docs/README.md); bump JSON_VERSION on incompatible changes. */
export function renderJson(runId: number, finishedAt: string | null, items: FindingWithStatus[], coverage?: Map<string, CoverageCounts>): string {
  return JSON.stringify(
    {
      version: JSON_VERSION,
      run: { id: runId, finishedAt },
      summary: { total: items.length, ...counts(items) },
      ...(coverage ? { coverage: Object.fromEntries(coverage) } : {}),
      findings: items.map((f) => ({
        fingerprint: f.fingerprint,
        locale: f.locale,
        key: f.key,
        path: f.path,
        line: f.line,
        check: f.check_id,
        messageId: f.message_id,
        severity: f.severity,
        message: f.message,
        data: JSON.parse(f.data_json) as unknown,
        status: f.status,
        firstRun: f.first_run,
      })),
    },
    null,
    2,
  );
}

export function renderMarkdown(
  runId: number,
  items: FindingWithStatus[],
  toFile: (p: string | null) => string,
  coverage?: Map<string, CoverageCounts>,
): string {
  const c = counts(items);
  const lines = [`### l10n-drift: ${items.length} open findings (run ${runId})`, ''];
  if (coverage?.size) {
    lines.push(
      '| locale | translated | up to date | stale | base unknown | English fallback | missing | orphaned | leftover |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const [l, n] of coverage)
      lines.push(
        `| ${l} | ${n.translated}/${n.englishArticles} | ${n.upToDate} | ${n.stale} | ${n.baseUnknown} | ${n.englishFallback} | ${n.missing} | ${n.orphaned} | ${n.leftover} |`,
      );
    lines.push('');
  }
  if (items.length === 0) return [...lines, 'No open findings.'].join('\n');
  lines.push(`${c.error} errors · ${c.warning} warnings · ${c.info} info`, '', '| locale | errors | warnings | info |', '|---|---:|---:|---:|');
  const byLocale = groupBy(items, (f) => f.locale);
  for (const [locale, list] of byLocale) {
    const lc = counts(list);
    lines.push(`| ${markdownText(locale)} | ${lc.error} | ${lc.warning} | ${lc.info} |`);
  }
  for (const [locale, list] of byLocale) {
    lines.push('', `<details><summary>${markdownText(locale)} (${list.length})</summary>`, '');
    for (const f of list) {
      const where = `${toFile(f.path)}${f.line ? `:${f.line}` : ''}`;
      lines.push(`- **${f.severity}** \`${f.check_id}\` ${markdownCode(where)}${f.status === 'new' ? ' *(new)*' : ''}: ${markdownText(f.message)}`);
    }
    lines.push('', '</details>');
  }
  return lines.join('\n');
}
