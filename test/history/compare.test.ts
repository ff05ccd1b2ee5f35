import { describe, expect, it } from 'vitest';
import { compareSections, matchSections, type HistorySection } from '../../server/history/compare.ts';
import { parseDocument } from '../../server/indexer/parse.ts';

const sections = (body: string): HistorySection[] =>
  parseDocument('x.md', Buffer.from(`---\ntitle: T\n---\n\n${body}\n`), {
    kind: 'page',
    language: 'en',
    detectLanguages: false,
    maxFileBytes: 1e6,
    maxSections: 100,
  }).sections;

const BASE =
  'Intro.\n\n## Enabling sync\n\n1. Open **Settings**.\n1. Click [Sync](/admin/sync).\n\n```shell\ngh auth login\n```\n\n## Further reading\n\n- [Licenses](/billing/licenses)';

describe('English section changes', () => {
  const cases: { name: string; base?: string; now: string; targets?: string[]; expected: string[] }[] = [
    { name: 'identical', now: BASE, expected: [] },
    {
      name: 'white space and re-wrapping',
      now: BASE.replace('Intro.', 'Intro.   ').replace('1. Open **Settings**.', '1.   Open\n   **Settings**.'),
      expected: [],
    },
    { name: 'heading level only', now: BASE.replace('## Further reading', '### Further reading'), expected: [] },
    { name: 'emphasis markers', now: BASE.replace('**Settings**', '_Settings_'), expected: [] },
    { name: 'renumbered steps and list markers', now: BASE.replace('1. Click', '2. Click').replace('- [Licenses]', '* [Licenses]'), expected: [] },
    {
      name: 'link moved to a target the translation has',
      now: BASE.replace('/admin/sync', '/admin/github-connect/sync'),
      targets: ['/admin/github-connect/sync'],
      expected: [],
    },
    {
      name: 'link moved to a target the translation lacks',
      now: BASE.replace('/admin/sync', '/admin/github-connect/sync'),
      expected: ['Enabling sync:changed:links'],
    },
    { name: 'a step changed', now: BASE.replace('Open **Settings**', 'Open **Enterprise settings**'), expected: ['Enabling sync:changed:procedure,text'] },
    {
      name: 'a step added',
      now: BASE.replace('1. Click [Sync](/admin/sync).', '1. Click [Sync](/admin/sync).\n1. Click **Save**.'),
      expected: ['Enabling sync:changed:procedure,text'],
    },
    { name: 'code changed', now: BASE.replace('gh auth login', 'gh auth login --web'), expected: ['Enabling sync:changed:code'] },
    { name: 'a sentence changed', now: BASE.replace('Intro.', 'A new introduction.'), expected: [':changed:text'] },
    { name: 'Liquid changed', now: BASE.replace('Intro.', 'Intro.{% ifversion ghes %} {% endif %}'), expected: [':changed:liquid'] },
    {
      name: 'Liquid spacing only',
      base: 'Use {% data variables.product.prodname_ghe_server %} {% if a %}x{% endif %}.',
      now: 'Use {%- data  variables.product.prodname_ghe_server -%} {%if a%}x{%endif%}.',
      expected: [],
    },
    { name: 'section added', now: `${BASE}\n\n## Troubleshooting\n\nIf sync fails, retry.`, expected: ['Troubleshooting:added:text'] },
    { name: 'section removed', now: BASE.replace(/\n\n## Further reading[\s\S]*$/, ''), expected: ['Further reading:removed:text'] },
    // A link's text inside a multi-line HTML table: the tag's closing `>` starts a line.
    {
      name: 'link text changed inside a multi-line HTML table',
      base: '<table>\n<tr>\n<td><a\n  href="/admin/sync"\n>Enable license sync</a></td>\n<td>Server</td>\n</tr>\n</table>',
      now: '<table>\n<tr>\n<td><a\n  href="/admin/sync"\n>Enable user license sync</a></td>\n<td>Server</td>\n</tr>\n</table>',
      expected: [':changed:text'],
    },
    {
      name: 'a multi-line HTML table re-wrapped',
      base: '<table>\n<tr>\n<td><a\n  href="/admin/sync"\n>Enable license sync</a></td>\n</tr>\n</table>',
      now: '<table>\n<tr>\n<td><a href="/admin/sync">Enable license sync</a></td>\n</tr>\n</table>',
      expected: [],
    },
    { name: 'a blockquote marker', base: '> Note: sync runs daily.', now: '> Note: sync runs hourly.', expected: [':changed:text'] },
    { name: 'heading renamed in place', now: BASE.replace('## Further reading', '## Read more'), expected: ['Read more:changed:heading'] },
  ];
  it.each(cases)('$name', ({ base, now, targets, expected }) => {
    const changes = compareSections(sections(base ?? BASE), sections(now), new Set(targets ?? []));
    expect(changes.map((c) => `${c.heading}:${c.status}:${c.kinds.join(',')}`)).toEqual(expected);
  });

  it('matches sections by anchor, then heading, then position', () => {
    const base = sections('## A\n\na\n\n## B\n\nb\n\n## C\n\nc');
    const now = sections('## B\n\nb\n\n## A\n\na\n\n## D\n\nc');
    const pairs = matchSections(base, now).map((p) => `${p.base?.heading ?? '-'}>${p.current?.heading ?? '-'}`);
    expect(pairs).toEqual(['>', 'B>B', 'A>A', 'C>D']);
  });
});
