import type { TrendPoint, WeeklyReport } from './model.ts';
import { signed, words } from './markdown.ts';

/** Every string that can come from a document, a config or a user name goes through here. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

// Okabe–Ito: distinguishable with colour-blindness; dash patterns tell lines apart in greyscale print.
const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 4', '1 2', '10 4', '3 6'];

export interface ChartSeries {
  label: string;
  points: (number | null)[];
}

const LEGEND_PER_ROW = 6;
const LEGEND_COLUMN = 96;
const LEGEND_ROW = 14;

/**
 * A line chart as an SVG string: one polyline per series, broken where a week has no run,
 * y axis from 0 (or the data minimum) to the maximum, week labels under the x axis.
 */
export function lineChartSvg(title: string, weeks: string[], series: ChartSeries[], options: { max?: number; unit?: string } = {}): string {
  // The legend takes as many rows of LEGEND_PER_ROW as the series need (8 locales: two), under the week labels.
  const legendRows = Math.max(1, Math.ceil(series.length / LEGEND_PER_ROW));
  const W = 640,
    H = 240 + (legendRows - 1) * LEGEND_ROW,
    L = 48,
    R = 12,
    T = 28,
    B = 40 + (legendRows - 1) * LEGEND_ROW;
  const values = series.flatMap((s) => s.points.filter((v): v is number => v !== null));
  const max = options.max ?? Math.max(1, ...values);
  const min = 0;
  const x = (i: number) => L + (weeks.length > 1 ? (i * (W - L - R)) / (weeks.length - 1) : (W - L - R) / 2);
  const y = (v: number) => T + (H - T - B) * (1 - (v - min) / (max - min || 1));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(title)}" class="chart">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="${L}" y="16" font-size="13" font-weight="600" fill="#1b1f24">${escapeHtml(title)}</text>`,
  ];
  for (const frac of [0, 0.5, 1]) {
    const v = min + frac * (max - min);
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d0d7de" stroke-width="1"/>`);
    parts.push(
      `<text x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="10" text-anchor="end" fill="#57606a">${Math.round(v * 10) / 10}${escapeHtml(options.unit ?? '')}</text>`,
    );
  }
  weeks.forEach((w, i) => {
    if (i % 2 === weeks.length % 2 || i === weeks.length - 1) {
      parts.push(`<text x="${x(i).toFixed(1)}" y="${H - B + 16}" font-size="10" text-anchor="middle" fill="#57606a">${escapeHtml(w.slice(5))}</text>`);
    }
  });
  series.forEach((s, si) => {
    const color = COLORS[si % COLORS.length]!;
    const dash = DASHES[si % DASHES.length]!;
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1)
        parts.push(
          `<polyline class="series" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${run.join(' ')}"/>`,
        );
      run = [];
    };
    s.points.forEach((v, i) => {
      if (v === null) return flush();
      run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      parts.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${color}"><title>${escapeHtml(`${s.label} ${weeks[i]}: ${v}${options.unit ?? ''}`)}</title></circle>`,
      );
    });
    flush();
  });
  // Legend under the axis labels, a row per LEGEND_PER_ROW series.
  series.forEach((s, si) => {
    const lx = L + (si % LEGEND_PER_ROW) * LEGEND_COLUMN;
    const ly = H - 8 - (legendRows - 1 - Math.floor(si / LEGEND_PER_ROW)) * LEGEND_ROW;
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${COLORS[si % COLORS.length]}" stroke-width="2"${DASHES[si % DASHES.length] ? ` stroke-dasharray="${DASHES[si % DASHES.length]}"` : ''}/>`,
    );
    parts.push(`<text x="${lx + 22}" y="${ly}" font-size="10" fill="#1b1f24">${escapeHtml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export function trendCharts(r: WeeklyReport): { upToDate: string; open: string } {
  const series = (f: (p: TrendPoint) => number | null): ChartSeries[] => r.trends.locales.map((t) => ({ label: t.locale, points: t.points.map(f) }));
  return {
    upToDate: lineChartSvg(
      'Up to date (% of English articles)',
      r.trends.weeks,
      series((p) => p.upToDatePct),
      { max: 100, unit: '%' },
    ),
    open: lineChartSvg(
      'Open findings',
      r.trends.weeks,
      series((p) => p.open),
    ),
  };
}

const STYLE = `
body{font:14px/1.5 system-ui,-apple-system,'Segoe UI','Noto Sans',sans-serif;color:#1b1f24;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem;break-after:avoid}
table{border-collapse:collapse;width:100%;margin:.5rem 0;break-inside:auto}tr{break-inside:avoid}
th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{font-size:.8rem;color:#57606a}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#57606a}.summary li{margin:.15rem 0}.notice{background:#fff5f0;border:1px solid #d55e00;padding:.75rem;border-radius:6px}
.worse{color:#8a3a00}.better{color:#00664a}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
.charts{display:grid;grid-template-columns:1fr;gap:1rem}.chart{max-width:100%;height:auto;border:1px solid #d0d7de;border-radius:6px}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}.chart{break-inside:avoid}}
`;

function delta(n: number | undefined, unit = '', higherIsBetter = false): string {
  if (n === undefined || n === 0) return n === 0 ? ' <span class="muted">(±0)</span>' : '';
  const good = higherIsBetter ? n > 0 : n < 0;
  return ` <span class="${good ? 'better' : 'worse'}">(${escapeHtml(signed(Math.round(n * 10) / 10, unit))})</span>`;
}

/** One self-contained HTML file: inline styles, inline SVG charts, no scripts, no network requests. */
export function renderHtml(r: WeeklyReport): string {
  const e = escapeHtml;
  const charts = trendCharts(r);
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // No script, no external fetch: the file is safe to mail and open offline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>l10n-drift weekly report ${e(r.week.id)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>l10n-drift weekly report ${e(r.week.id)}${r.locale ? ` · ${e(r.locale)}` : ''}</h1>`,
    `<p class="muted">${e(r.week.firstDay)} to ${e(r.week.lastDay)} (${e(r.week.timeZone)})${r.week.complete ? '' : ' · week not over yet'} · generated ${e(r.generatedAt)}</p>`,
  ];
  if (r.message) out.push(`<p class="notice" data-testid="no-runs">${e(r.message)}</p>`);
  else {
    out.push('<ul class="summary">');
    out.push(
      `<li>Runs this week: ${r.runs.length} (${r.runs.map((x) => `#${x.id}`).join(', ')})${r.baseline ? `, compared with run #${r.baseline.id} (the last run before this week)` : ', no earlier run to compare with'}</li>`,
    );
    out.push(`<li>Findings: <b>${r.newFindings.total}</b> new, <b>${r.resolvedFindings.total}</b> resolved</li>`);
    out.push(`<li>Stale translations: <b>${r.stale.total}</b></li>`);
    out.push(
      `<li>${r.worse.length ? `Got worse: ${r.worse.map((w) => `<b>${e(w.locale)}</b> (${e(w.reasons.join('; '))})`).join(', ')}` : 'No locale got worse'}</li>`,
    );
    out.push('</ul>');
    out.push(
      '<h2>Locales at the end of the week</h2><table data-testid="locales"><thead><tr><th>Locale</th><th class="num">Translated</th><th class="num">Up to date</th><th class="num">Stale</th><th class="num">Base unknown</th><th class="num">English fallback</th><th class="num">Missing</th><th class="num">Words to translate / changed</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Info</th><th class="num">Open</th></tr></thead><tbody>',
    );
    for (const l of r.locales) {
      const c = l.current,
        d = l.change ?? undefined;
      out.push(
        `<tr><td>${e(l.locale)}</td><td class="num">${c.translated}/${c.englishArticles} (${c.translatedPct}%)</td><td class="num">${c.upToDatePct}%${delta(d?.upToDatePct, ' pt', true)}</td><td class="num">${c.stale}${delta(d?.stale)}</td><td class="num">${c.baseUnknown}</td><td class="num">${c.englishFallback}</td><td class="num">${c.missing}${delta(d?.missing)}</td><td class="num">${e(words(c.words))}</td><td class="num">${c.open.error}${delta(d?.errors)}</td><td class="num">${c.open.warning}</td><td class="num">${c.open.info}</td><td class="num">${c.open.total}${delta(d?.open)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
    for (const [title, group] of [
      ['New findings', r.newFindings],
      ['Resolved findings', r.resolvedFindings],
    ] as const) {
      out.push(`<h2>${title} (${group.total})</h2>`);
      if (group.total === 0) {
        out.push('<p class="muted">None.</p>');
        continue;
      }
      out.push(
        '<table><thead><tr><th>Check</th><th class="num">Findings</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Info</th><th>Top articles</th></tr></thead><tbody>',
      );
      for (const g of group.byCheck) {
        out.push(
          `<tr><td>${e(g.check)}</td><td class="num">${g.count}</td><td class="num">${g.error}</td><td class="num">${g.warning}</td><td class="num">${g.info}</td><td>${g.topArticles.map((a) => `${e(a.locale)} <code>${e(a.key)}</code> (${a.count})`).join('<br>')}</td></tr>`,
        );
      }
      out.push('</tbody></table>');
    }
    out.push(`<h2>Stale translations (${r.stale.total})</h2>`);
    if (r.stale.total === 0) out.push('<p class="muted">None.</p>');
    else {
      out.push(
        '<table><thead><tr><th>Locale</th><th>Article</th><th class="num">Commits behind</th><th class="num">Days behind</th><th>Changed sections</th></tr></thead><tbody>',
      );
      for (const s of r.stale.articles.slice(0, 50)) {
        out.push(
          `<tr><td>${e(s.locale)}</td><td>${e(s.title ?? s.key)}<br><code>${e(s.key)}</code></td><td class="num">${s.commitsBehind ?? '?'}</td><td class="num">${s.daysBehind ?? '?'}</td><td>${e(s.changedSections.join(', '))}</td></tr>`,
        );
      }
      out.push('</tbody></table>');
      if (r.stale.total > 50) out.push(`<p class="muted">… and ${r.stale.total - 50} more (see the CSV or JSON report).</p>`);
    }
  }
  out.push('<h2>Claims</h2>');
  if (r.claims.events.length === 0) out.push('<p class="muted">No claim was opened or closed this week.</p>');
  else {
    out.push(
      '<table data-testid="claims"><thead><tr><th>Translator</th><th class="num">Opened</th><th class="num">Completed</th><th class="num">Released</th><th class="num">Expired</th></tr></thead><tbody>',
    );
    for (const t of r.claims.byTranslator)
      out.push(
        `<tr><td>${e(t.translator)}</td><td class="num">${t.opened}</td><td class="num">${t.completed}</td><td class="num">${t.released}</td><td class="num">${t.expired}</td></tr>`,
      );
    out.push('</tbody></table>');
  }
  out.push('<h2>Dismissed this week</h2>');
  if (r.dismissals.total === 0) out.push('<p class="muted">No finding was dismissed this week.</p>');
  else {
    const k = r.dismissals.byKind;
    out.push(
      `<p>${r.dismissals.total} dismissed (not counted as open): ${k['false-alarm']} false alarm, ${k['wont-fix']} won’t fix, ${k.later} later.</p>`,
      '<table data-testid="dismissals"><thead><tr><th>Locale</th><th>Article</th><th>Check</th><th>Kind</th><th>Reason</th><th>By</th><th>When</th></tr></thead><tbody>',
    );
    for (const d of r.dismissals.events)
      out.push(
        `<tr><td>${e(d.locale)}</td><td><code>${e(d.key)}</code></td><td>${e(d.check)}</td><td>${e(d.kind)}${d.undoneAt ? ` (undone ${e(d.undoneAt.slice(0, 10))})` : ''}</td><td>${e(d.reason)}</td><td>${e(d.by)}</td><td>${e(d.at.slice(0, 10))}</td></tr>`,
      );
    out.push('</tbody></table>');
  }
  out.push(`<h2>Trend, ${e(r.trends.weeks[0] ?? '')} to ${e(r.trends.weeks.at(-1) ?? '')}</h2>`);
  out.push('<p class="muted">Weeks without an index run leave a gap.</p>');
  out.push(`<div class="charts" data-testid="charts">${charts.upToDate}${charts.open}</div>`);
  out.push('</body></html>', '');
  return out.join('\n');
}
