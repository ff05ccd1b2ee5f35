import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCheck } from '../../server/checks/registry.ts';
import { MDN_SAMPLE } from '../layouts/helpers.ts';
import { ARTICLE_FILE, seed } from './helpers.ts';
import { checkTester, memoryConfig, runInMemory, type CheckerCase } from './tester.ts';

const cases: CheckerCase[] = [
  { name: 'valid: seed 000 (zh-CN) keeps versions, type and topics', locale: 'zh-CN', files: { [ARTICLE_FILE]: seed('000') } },
  {
    // `enterprise-server: '*'` is GitHub Docs' legacy name of English's `ghes: '*'` (layout valueAliases): no finding.
    name: 'invalid: seed 003 (de-DE) has no type/topics (its enterprise-server versions are ghes)',
    locale: 'de-DE',
    files: { [ARTICLE_FILE]: seed('003') },
    errors: [
      { messageId: 'missing', includes: 'Frontmatter type is missing' },
      { messageId: 'missing', includes: 'Frontmatter topics is missing' },
    ],
  },
];

checkTester('frontmatter-mismatch').run(cases);

// MDN: the layout says page-type, browser-compat, status and spec-urls are inherited from English, never compared.
const SPECIES = 'files/es/web/javascript/reference/global_objects/array/@@species/index.md';
/** The real es Array[@@species] page (2023: no page-type, no browser-compat) with `extra` frontmatter lines after its slug. */
function species(extra: string): string {
  const text = fs.readFileSync(path.join(MDN_SAMPLE, SPECIES), 'utf8');
  const slug = 'slug: Web/JavaScript/Reference/Global_Objects/Array/@@species\n';
  if (!text.includes(slug)) throw new Error(`${SPECIES} changed: no "${slug.trim()}"`);
  return text.replace(slug, slug + extra);
}

interface MdnCase {
  name: string;
  /** Frontmatter lines added to the es page. */
  extra: string;
  config?: Record<string, unknown>;
  expect: string[];
}

const mdnCases: MdnCase[] = [
  {
    name: 'valid: the page as shipped (no page-type, no browser-compat): the build merges them from English',
    extra: '',
    expect: [],
  },
  {
    name: 'valid: page-type and browser-compat copied from English',
    extra: 'page-type: javascript-static-accessor-property\nbrowser-compat: javascript.builtins.Array.@@species\n',
    expect: [],
  },
  {
    name: "valid: a stale page-type copy is not what readers get (the build takes English's)",
    extra: 'page-type: javascript-instance-method\nbrowser-compat: javascript.builtins.Array.species\n',
    expect: [],
  },
  {
    name: 'invalid: a site that configures page-type as mustMatch (not inherited) gets it compared',
    extra: 'page-type: javascript-instance-method\n',
    config: { frontmatter: { mustMatch: ['page-type'], inherited: [] } },
    expect: ['differs Frontmatter page-type is javascript-instance-method but English has javascript-static-accessor-property; copy the English value.'],
  },
  {
    name: 'invalid: the older frontmatterMustMatch names a key that is not inherited',
    extra: '',
    config: { frontmatterMustMatch: ['page-type'], frontmatter: { inherited: [] } },
    expect: ['missing Frontmatter page-type is missing (English has javascript-static-accessor-property); copy it from English.'],
  },
  {
    name: "valid: GitHub Docs' keys mean nothing on MDN (a translated `type` is not compared)",
    extra: 'type: reference\n',
    expect: [],
  },
];

describe('frontmatter-mismatch on the mdn layout (real es page of the MDN sample)', () => {
  it.each(mdnCases)('$name', async (c) => {
    // Only the English page the es page is compared with: frontmatter-mismatch looks at that pair alone (in memory, tester.ts).
    const english = SPECIES.replace('files/es/', 'files/en-us/');
    const files = {
      [english]: fs.readFileSync(path.join(MDN_SAMPLE, english), 'utf8'),
      'files/es/_redirects.txt': fs.readFileSync(path.join(MDN_SAMPLE, 'files/es/_redirects.txt'), 'utf8'),
      [SPECIES]: species(c.extra),
    };
    const base = '/memory/frontmatter-mismatch-mdn';
    const config = memoryConfig({ layout: 'mdn', root: '.', ...c.config }, base, files);
    const found = await runInMemory([getCheck('frontmatter-mismatch')!], ['es'], files, { config, base });
    const items = found.filter((f) => f.locale === 'es').map((f) => `${f.message_id} ${f.message}`);
    if (c.expect.length === 0) expect(items).toEqual([]);
    for (const e of c.expect)
      expect(
        items.some((i) => i.includes(e)),
        `expected "${e}" in:\n${items.join('\n')}`,
      ).toBe(true);
    expect(items.length).toBe(c.expect.length);
  });
});
