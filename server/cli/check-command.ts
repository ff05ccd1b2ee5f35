import path from 'node:path';
import { parseArgs } from 'node:util';
import { FindingsRepository, type FindingWithStatus } from '../../db/repositories/findings.ts';
import { CoverageRepository } from '../../db/repositories/coverage.ts';
import { coverageLine, type CoverageCounts } from '../coverage/model.ts';
import { compareStaleness } from '../checks/stale-translation.ts';
import { markdownCode, markdownText, terminalText as t } from '../output/escape.ts';
import { budgetedMarkdown } from '../output/budget.ts';
import { githubAnnotation } from '../output/github.ts';
import { renderSarif, type SarifItem } from '../output/sarif.ts';
import { gitToplevel } from '../history/git.ts';
import { changedSince, type Impact } from './changed-since.ts';
import { assertIndexedLocale, assertKnownCheck, COMMON_OPTIONS, latestCheckedRun, openContext, UsageError, type CommandIO } from './context.ts';
import { createRequire } from 'node:module';

export const CHECK_HELP = `Usage: l10n-drift check [--locale L] [--check ID] [--format text|json|markdown|sarif|github]
                        [--fail-on error|warning|never] [--changed-since REF]

Prints the open findings of the latest complete index run (running the checks first
when that run has none). Formats: text (grouped by locale and article, file:line),
json (stable shape, see server/checks/docs/README.md), markdown (pull-request comment,
under 65,000 characters: totals first, then "N more" where it cuts), sarif (SARIF 2.1.0
for code-scanning uploads), github (one workflow-command annotation per finding).
--changed-since REF: only what the change from REF (a git commit, branch or tag) to the
indexed work tree does: findings on the translation files it touches, new and fixed, and
the translations the English files it touches make stale, per locale and section.
Exit code 1 when a finding at or above --fail-on (default: error) exists (with
--changed-since: a new one), 2 on usage errors.`;

const FORMATS = ['text', 'json', 'markdown', 'sarif', 'github'] as const;
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
      'changed-since': { type: 'string' },
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
  if (values['changed-since'] !== undefined && values['changed-since'].trim() === '')
    throw new UsageError('--changed-since needs a git ref (a commit, branch or tag)');
  const { config, db } = openContext(values, io);
  try {
    const run = await latestCheckedRun(db, config, 'check', io);
    if (!run) return 1;
    assertIndexedLocale(db, values.locale, '--locale');
    // Paths of annotations and SARIF results are relative to the repository (what GitHub matches with the diff).
    const top = format === 'sarif' || format === 'github' ? await gitToplevel(config.root) : null;
    const toRepoFile = (p: string | null) =>
      p
        ? path
            .relative(top ?? io.cwd, path.join(config.root, p))
            .split(path.sep)
            .join('/')
        : null;
    const toFile = (p: string | null) => (p ? path.relative(io.cwd, path.join(config.root, p)) || p : '(no file)');
    // The CI formats of a list of findings (SARIF for code scanning, GitHub annotations); null for the others.
    const ciOutput = (list: FindingWithStatus[]): string | null =>
      format === 'sarif'
        ? JSON.stringify(
            renderSarif(
              list.map((f) => sarifItem(f, toRepoFile)),
              toolVersion(),
            ),
            null,
            2,
          )
        : format === 'github'
          ? list.map((f) => annotation(f, toRepoFile)).join('\n')
          : null;
    // Prints the output; the CI gate fails on a reported finding at or above --fail-on.
    const finish = (out: string, reported: FindingWithStatus[]): number => {
      if (out !== '') io.stdout.write(out.endsWith('\n') ? out : out + '\n');
      if (failOn === 'never') return 0;
      return reported.some((f) => (RANK[f.severity] ?? 2) <= (RANK[failOn] ?? 0)) ? 1 : 0;
    };
    if (values['changed-since'] !== undefined) {
      const impact = await changedSince(db, config, { ...(values.config ? { config: values.config } : {}), cwd: io.cwd }, values['changed-since']);
      const keep = (f: FindingWithStatus) => (!values.locale || f.locale === values.locale) && (!values.check || f.check_id === values.check);
      impact.added = impact.added.filter(keep);
      impact.fixed = impact.fixed.filter(keep);
      impact.stale = impact.stale.filter((s) => keep(s.finding));
      const reported = [...impact.added, ...impact.stale.map((s) => s.finding)];
      const out =
        ciOutput(reported) ??
        (format === 'json' ? renderImpactJson(impact) : format === 'markdown' ? renderImpactMarkdown(impact, toFile) : renderImpactText(impact, toFile));
      return finish(out, reported);
    }
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
    // The coverage model's counts, as /api/locales and the weekly report give them.
    const coverage = new Map([...new CoverageRepository(db).summary(config.layout.sourceLocale)].filter(([l]) => !values.locale || l === values.locale));
    const out =
      ciOutput(items) ??
      (format === 'json'
        ? renderJson(run.id, run.finished_at, items, coverage)
        : format === 'markdown'
          ? renderMarkdown(run.id, items, toFile, coverage)
          : renderText(items, toFile, coverage));
    const code = finish(out, items);
    // Dismissed findings are neither listed nor counted (nor fail the run): say how many, never hide them silently.
    const dismissed = findings.list({ ...filter, dismissed: 'only', limit: 1 }).total;
    if (dismissed > 0) io.stderr.write(`${dismissed} dismissed finding${dismissed === 1 ? '' : 's'} not shown (l10n-drift dismiss --list)\n`);
    return code;
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
  const groups = [...byLocale].map(([locale, list]) => ({ title: `${markdownText(locale)} (${list.length})`, lines: list.map((f) => findingLine(f, toFile)) }));
  return budgetedMarkdown(lines, groups, { noun: 'findings', hint: 'run `l10n-drift check --format json` for all of them' });
}

function findingLine(f: FindingWithStatus, toFile: (p: string | null) => string): string {
  const where = `${toFile(f.path)}${f.line ? `:${f.line}` : ''}`;
  return `- **${f.severity}** \`${f.check_id}\` ${markdownCode(where)}${f.status === 'new' ? ' *(new)*' : ''}: ${markdownText(f.message)}`;
}

function sarifItem(f: FindingWithStatus, toRepoFile: (p: string | null) => string | null): SarifItem {
  return { check: f.check_id, severity: f.severity, message: f.message, file: toRepoFile(f.path), line: f.line, fingerprint: f.fingerprint };
}

function annotation(f: FindingWithStatus, toRepoFile: (p: string | null) => string | null): string {
  return githubAnnotation({
    severity: f.severity,
    file: toRepoFile(f.path),
    line: f.line,
    title: `l10n-drift ${f.check_id} (${f.locale})`,
    message: f.message,
  });
}

function toolVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

function shortSha(sha: string): string {
  return sha.slice(0, 12);
}

function staleWhat(s: Impact['stale'][number]): string[] {
  return [...s.sections, ...s.fields.map((f) => `frontmatter ${f}`)];
}

export function renderImpactText(impact: Impact, toFile: (p: string | null) => string): string {
  const lines = [
    `Changes since ${t(impact.ref)} (${shortSha(impact.sha)}): ${impact.english.length} English file(s), ${impact.translations.length} translation file(s) touched.`,
    '',
  ];
  lines.push(impact.stale.length ? `Translations made stale: ${impact.stale.length}` : 'Translations made stale: none');
  for (const [locale, list] of groupBy(impact.stale, (s) => s.locale)) {
    lines.push(`  ${t(locale)}`);
    for (const s of list) {
      const what = staleWhat(s);
      lines.push(`    ${t(toFile(s.path))}  ${what.length ? t(what.join(', ')) : 'English changed again (sections not comparable)'}`);
    }
  }
  lines.push('', impact.added.length ? `New findings on touched translations: ${impact.added.length}` : 'New findings on touched translations: none');
  for (const f of impact.added) lines.push(`  ${t(`${toFile(f.path)}${f.line ? `:${f.line}` : ''}`)}  ${f.severity}  ${f.check_id}  ${t(f.message)}`);
  lines.push('', impact.fixed.length ? `Fixed on touched translations: ${impact.fixed.length}` : 'Fixed on touched translations: none');
  for (const f of impact.fixed) lines.push(`  ${t(`${toFile(f.path)}${f.line ? `:${f.line}` : ''}`)}  ${f.check_id}  ${t(f.message)}`);
  return lines.join('\n');
}

export function renderImpactJson(impact: Impact): string {
  const finding = (f: FindingWithStatus) => ({
    fingerprint: f.fingerprint,
    locale: f.locale,
    key: f.key,
    path: f.path,
    line: f.line,
    check: f.check_id,
    severity: f.severity,
    message: f.message,
  });
  return JSON.stringify(
    {
      version: JSON_VERSION,
      changedSince: { ref: impact.ref, sha: impact.sha },
      touched: { english: impact.english, translations: impact.translations },
      summary: { madeStale: impact.stale.length, added: impact.added.length, fixed: impact.fixed.length },
      stale: impact.stale.map((s) => ({
        locale: s.locale,
        key: s.key,
        path: s.path,
        sections: s.sections,
        fields: s.fields,
        severity: s.finding.severity,
        fingerprint: s.finding.fingerprint,
      })),
      added: impact.added.map(finding),
      fixed: impact.fixed.map(finding),
    },
    null,
    2,
  );
}

/** The pull-request comment: totals first, then per locale the stale translations, new and fixed findings, cut to fit. */
export function renderImpactMarkdown(impact: Impact, toFile: (p: string | null) => string): string {
  const head = [
    `### l10n-drift: changes since ${markdownCode(impact.ref)} (${shortSha(impact.sha)})`,
    '',
    `${impact.stale.length} translation(s) made stale · ${impact.added.length} new finding(s) · ${impact.fixed.length} fixed on ${impact.translations.length} touched translation file(s) · ${impact.english.length} English file(s) touched`,
  ];
  const locales = [...new Set([...impact.stale, ...impact.added, ...impact.fixed].map((x) => x.locale))].sort();
  if (locales.length === 0) return [...head, '', 'Nothing to update in any translation.'].join('\n');
  head.push('', '| locale | made stale | new | fixed |', '|---|---:|---:|---:|');
  for (const l of locales)
    head.push(
      `| ${markdownText(l)} | ${impact.stale.filter((s) => s.locale === l).length} | ${impact.added.filter((f) => f.locale === l).length} | ${impact.fixed.filter((f) => f.locale === l).length} |`,
    );
  const groups = locales.map((l) => {
    const stale = impact.stale.filter((s) => s.locale === l);
    const added = impact.added.filter((f) => f.locale === l);
    const fixed = impact.fixed.filter((f) => f.locale === l);
    return {
      title: `${markdownText(l)} (${stale.length + added.length + fixed.length})`,
      lines: [
        ...stale.map((s) => {
          const what = staleWhat(s);
          return `- **stale** ${markdownCode(toFile(s.path))}: ${what.length ? `update ${markdownText(what.join(', '))}` : 'English changed again (sections not comparable)'}`;
        }),
        ...added.map((f) => findingLine({ ...f, status: 'open' }, toFile).replace(/^- /, '- *(new)* ')),
        ...fixed.map((f) => `- *(fixed)* \`${f.check_id}\` ${markdownCode(toFile(f.path))}: ${markdownText(f.message)}`),
      ],
    };
  });
  return budgetedMarkdown(head, groups, { noun: 'items', hint: 'run `l10n-drift check --changed-since REF --format json` for all of them' });
}
