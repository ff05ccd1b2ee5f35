import type { CheckEvents, LocaleReport, WeeklyReport } from './model.ts';
// Document text (keys, titles, messages, names) must not become Markdown or HTML in an issue or mail.
import { markdownCode, markdownText as escapeMd } from '../output/escape.ts';

export function signed(n: number, unit = ''): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n)}${unit}`;
}

/** Words to translate / changed, with the articles that have no figure (never shown as 0). */
export function words(w: { toTranslate: number; changed: number; unknown: number }): string {
  return `${w.toTranslate.toLocaleString('en')} / ${w.changed.toLocaleString('en')}${w.unknown ? ` (+${w.unknown} unknown)` : ''}`;
}

function localeRow(l: LocaleReport): string {
  const c = l.current;
  const d = l.change;
  const delta = (v: number | undefined, unit = '') => (v === undefined ? '' : ` (${signed(v, unit)})`);
  return `| ${escapeMd(l.locale)} | ${c.translated}/${c.englishArticles} (${c.translatedPct}%) | ${c.upToDatePct}%${delta(d?.upToDatePct, ' pt')} | ${c.stale}${delta(d?.stale)} | ${c.baseUnknown} | ${c.englishFallback} | ${c.missing}${delta(d?.missing)} | ${words(c.words)} | ${c.open.error}${delta(d?.errors)} | ${c.open.warning} | ${c.open.info} | ${c.open.total}${delta(d?.open)} |`;
}

function eventsSection(title: string, total: number, groups: CheckEvents[]): string[] {
  const lines = [`## ${title} (${total})`, ''];
  if (total === 0) return [...lines, 'None.', ''];
  lines.push('| check | findings | errors | warnings | info | top articles |', '|---|---:|---:|---:|---:|---|');
  for (const g of groups) {
    const top = g.topArticles.map((a) => `${escapeMd(a.locale)} ${markdownCode(a.key)} (${a.count})`).join('<br>');
    lines.push(`| ${escapeMd(g.check)} | ${g.count} | ${g.error} | ${g.warning} | ${g.info} | ${top} |`);
  }
  return [...lines, ''];
}

/** The summary lines at the top: also what a mail subject or an issue title can quote. */
export function summaryLines(r: WeeklyReport): string[] {
  if (r.message) return [r.message];
  const lines = [
    `Runs this week: ${r.runs.length} (${r.runs.map((x) => `#${x.id}`).join(', ')})${r.baseline ? `, compared with run #${r.baseline.id} (the last run before this week)` : ', no earlier run to compare with'}.`,
    `Findings: ${r.newFindings.total} new, ${r.resolvedFindings.total} resolved; ${r.locales.reduce((n, l) => n + l.current.open.total, 0)} open at the end of the week.`,
    `Stale translations: ${r.stale.total}. Claims: ${r.claims.totals.opened} opened, ${r.claims.totals.completed} completed, ${r.claims.totals.released} released, ${r.claims.totals.expired} expired.`,
    r.worse.length ? `Got worse: ${r.worse.map((w) => `${escapeMd(w.locale)} (${w.reasons.map(escapeMd).join('; ')})`).join(', ')}.` : 'No locale got worse.',
  ];
  return lines;
}

export function renderMarkdown(r: WeeklyReport, options: { staleLimit?: number } = {}): string {
  const staleLimit = options.staleLimit ?? 20;
  const title = `# l10n-drift weekly report ${r.week.id}${r.locale ? ` · ${escapeMd(r.locale)}` : ''}`;
  const lines = [title, '', `${r.week.firstDay} to ${r.week.lastDay} (${r.week.timeZone})${r.week.complete ? '' : ' · week not over yet'}`, ''];
  for (const s of summaryLines(r)) lines.push(`- ${s}`);
  lines.push('');
  if (!r.message) {
    lines.push(
      '## Locales at the end of the week',
      '',
      '| locale | translated | up to date | stale | base unknown | English fallback | missing | words to translate / changed | errors | warnings | info | open |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const l of r.locales) lines.push(localeRow(l));
    lines.push('', 'Changes in parentheses are since the last run before this week.', '');
    lines.push(...eventsSection('New findings', r.newFindings.total, r.newFindings.byCheck));
    lines.push(...eventsSection('Resolved findings', r.resolvedFindings.total, r.resolvedFindings.byCheck));
    lines.push('## Findings by locale and check', '', '| locale | check | previous | new | resolved | current |', '|---|---|---:|---:|---:|---:|');
    for (const c of r.checks) lines.push(`| ${escapeMd(c.locale)} | ${escapeMd(c.check)} | ${c.previous} | ${c.new} | ${c.resolved} | ${c.current} |`);
    lines.push('');
    lines.push(`## Stale translations (${r.stale.total})`, '');
    if (r.stale.total === 0) lines.push('None.');
    else {
      lines.push('| locale | article | commits behind | days behind | changed sections |', '|---|---|---:|---:|---|');
      for (const s of r.stale.articles.slice(0, staleLimit)) {
        lines.push(
          `| ${escapeMd(s.locale)} | ${escapeMd(s.title ?? s.key)}<br>${markdownCode(s.key)} | ${s.commitsBehind ?? '?'} | ${s.daysBehind ?? '?'} | ${s.changedSections.map(escapeMd).join(', ')} |`,
        );
      }
      if (r.stale.total > staleLimit) lines.push('', `… and ${r.stale.total - staleLimit} more (see the CSV or JSON report).`);
    }
    lines.push('');
  }
  lines.push(`## Claims`, '');
  if (r.claims.events.length === 0) lines.push('No claim was opened or closed this week.');
  else {
    lines.push('| translator | opened | completed | released | expired |', '|---|---:|---:|---:|---:|');
    for (const t of r.claims.byTranslator) lines.push(`| ${escapeMd(t.translator)} | ${t.opened} | ${t.completed} | ${t.released} | ${t.expired} |`);
  }
  lines.push('', '## Dismissed this week', '');
  if (r.dismissals.total === 0) lines.push('No finding was dismissed this week.');
  else {
    const k = r.dismissals.byKind;
    lines.push(`${r.dismissals.total} dismissed (not counted as open): ${k['false-alarm']} false alarm, ${k['wont-fix']} won't fix, ${k.later} later.`, '');
    lines.push('| locale | article | check | kind | reason | by | when |', '|---|---|---|---|---|---|---|');
    for (const d of r.dismissals.events) {
      const undone = d.undoneAt ? ` (undone ${d.undoneAt.slice(0, 10)})` : '';
      lines.push(
        `| ${escapeMd(d.locale)} | ${markdownCode(d.key)} | ${escapeMd(d.check)} | ${d.kind}${undone} | ${escapeMd(d.reason)} | ${escapeMd(d.by)} | ${d.at.slice(0, 10)} |`,
      );
    }
  }
  lines.push(
    '',
    `## Trend (${r.trends.weeks[0]} to ${r.trends.weeks.at(-1)})`,
    '',
    '| locale | up to date % by week | open findings by week |',
    '|---|---|---|',
  );
  for (const t of r.trends.locales) {
    const pts = (f: (p: (typeof t.points)[number]) => number | null) => t.points.map((p) => f(p) ?? '–').join(' · ');
    lines.push(`| ${escapeMd(t.locale)} | ${pts((p) => p.upToDatePct)} | ${pts((p) => p.open)} |`);
  }
  lines.push('', '– = no index run that week.', '');
  return lines.join('\n');
}
