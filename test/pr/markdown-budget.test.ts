import { describe, expect, it } from 'vitest';
import type { FindingWithStatus } from '../../db/repositories/findings.ts';
import { renderMarkdown } from '../../server/cli/check-command.ts';
import { budgetedMarkdown, COMMENT_LIMIT } from '../../server/output/budget.ts';

function finding(i: number, locale: string): FindingWithStatus {
  return {
    id: i,
    run_id: 1,
    locale,
    key: `docs/page-${i}`,
    path: `content/${locale}/docs/page-${i}.md`,
    check_id: 'link-mismatch',
    message_id: 'm',
    severity: i % 3 === 0 ? 'error' : 'warning',
    fingerprint: `f${i}`,
    message: `English links to /docs/concepts/some/long/target-${i} in this section ("A section heading"), the translation does not; add the link.`,
    data_json: '{}',
    line: 10 + (i % 50),
    section: null,
    first_run: 1,
    last_run: 1,
    resolved_run: null,
    status: 'open',
  };
}

/** Item lines shown ("- **…") and the counts of the "N more" lines. */
function shownAndMore(out: string) {
  const lines = out.split('\n');
  const shown = lines.filter((l) => l.startsWith('- **')).length;
  const more = lines.map((l) => /^- … (\d+) more findings not shown/.exec(l)).reduce((n, m) => n + (m ? Number(m[1]) : 0), 0);
  const leftOut = Number(/^_(\d+) findings left out/m.exec(out)?.[1] ?? 0);
  return { shown, more, leftOut };
}

describe('check --format markdown fits a pull-request comment', () => {
  it('a small run is shown whole, without a left-out note', () => {
    const items = Array.from({ length: 20 }, (_, i) => finding(i, i % 2 ? 'ja' : 'zh-cn'));
    const out = renderMarkdown(1, items, (p) => p ?? '');
    expect(shownAndMore(out)).toEqual({ shown: 20, more: 0, leftOut: 0 });
    expect(out).not.toContain('left out');
  });

  it('20,000 findings in 15 locales: under 65,000 characters, totals first, every left-out finding counted', () => {
    const locales = ['bn', 'de', 'es', 'fr', 'hi', 'id', 'it', 'ja', 'ko', 'pl', 'pt-br', 'ru', 'uk', 'vi', 'zh-cn'];
    const items = Array.from({ length: 20_000 }, (_, i) => finding(i, locales[i % locales.length]!));
    items.sort((a, b) => a.locale.localeCompare(b.locale));
    const out = renderMarkdown(7, items, (p) => p ?? '');
    expect(out.length).toBeLessThan(COMMENT_LIMIT);
    expect(out.split('\n')[0]).toBe('### l10n-drift: 20000 open findings (run 7)');
    // The totals table has every locale, before any finding line.
    const firstItem = out.indexOf('\n- **');
    for (const l of locales) expect(out.slice(0, firstItem)).toContain(`| ${l} |`);
    const { shown, more, leftOut } = shownAndMore(out);
    expect(shown).toBeGreaterThan(100);
    expect(shown + more).toBe(20_000);
    expect(leftOut).toBe(more);
    // Each locale's group is there, with a fair share of the lines shown and its "N more" line.
    expect(out.match(/<details>/g)).toHaveLength(locales.length);
    for (const l of locales) expect(out).toMatch(new RegExp(`<summary>${l} \\(\\d+\\)</summary>\\n\\n- \\*\\*`));
    expect(out.match(/^- … \d+ more findings not shown$/gm)).toHaveLength(locales.length);
  });

  it('more groups than fit still stay under the limit and count every item', () => {
    const groups = Array.from({ length: 3000 }, (_, g) => ({
      title: `group ${g} with a long title`.repeat(2),
      lines: [`- item of ${g}`, `- another of ${g}`],
    }));
    const out = budgetedMarkdown(['### head'], groups, { noun: 'items', hint: 'see json', limit: 20_000 });
    expect(out.length).toBeLessThan(20_000);
    const shown = out.split('\n').filter((l) => /^- (item|another) of/.test(l)).length;
    const more = [...out.matchAll(/^- … (\d+) more items not shown/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(shown + more).toBe(6000);
    expect(Number(/^_(\d+) items left out/m.exec(out)?.[1])).toBe(more);
  });
});
