import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { parseDocument, type ParseOptions } from '../../server/indexer/parse.ts';
import { parseFrontmatterYaml, parseWithAliasLimit } from '../../server/indexer/yaml.ts';
import { YAML_MUTATIONS, withFrontmatter } from '../stress/mutate.ts';
import { ARTICLE, SAMPLE } from './helpers.ts';

const opts = (extra: Partial<ParseOptions> = {}): ParseOptions => ({
  kind: 'page',
  language: 'ja',
  detectLanguages: false,
  maxFileBytes: 2 << 20,
  maxSections: 2000,
  ...extra,
});
const parse = (text: string, extra: Partial<ParseOptions> = {}) => parseDocument('x.md', Buffer.from(text), opts(extra));
const article = fs.readFileSync(path.join(SAMPLE, 'content', `${ARTICLE}.md`), 'utf8');

describe('frontmatter that expands or nests without bound is a yaml parse error', () => {
  it.each(YAML_MUTATIONS.map((m) => [m.name, m] as const))('%s', (_, mutation) => {
    const doc = parse(mutation.apply(article, () => 0) as string);
    expect(doc.error?.code).toBe('yaml');
    expect(doc.frontmatter).toBeNull();
    // The body is still parsed: its sections and links stay indexed.
    expect(doc.sections.length).toBeGreaterThan(1);
  });

  it('the issue 19 bomb is 368 bytes or less', () => {
    const bomb = YAML_MUTATIONS.find((m) => m.name === 'alias-bomb-9-levels')!.apply('', () => 0) as string;
    expect(bomb.length).toBeLessThanOrEqual(368);
  });

  it('a bomb in a variables file is a yaml parse error too', () => {
    const yaml = YAML_MUTATIONS.find((m) => m.name === 'alias-bomb-8-levels')!.apply('', () => 0) as string;
    const doc = parseDocument('x.yml', Buffer.from(yaml.replace(/^---\n|---\n\n$/g, '')), opts({ kind: 'variables' }));
    expect(doc.error?.code).toBe('yaml');
  });
});

describe('frontmatter size (limits.maxFrontmatterBytes)', () => {
  const list = (n: number) => `old_paths:\n${Array.from({ length: n }, (_, i) => `  - /old/path/number-${i}\n`).join('')}`;
  it.each([
    ['under the limit', list(10), 2048, null],
    ['a long list over the limit', list(200), 2048, 'limits'],
    ['a few aliases of a long string over the limit', `a: &a "${'x'.repeat(1500)}"\nb: [*a, *a]\n`, 2048, 'limits'],
  ] as const)('%s', (_, yaml, max, code) => {
    const doc = parse(withFrontmatter(article, yaml), { maxFrontmatterBytes: max });
    expect(doc.error?.code ?? null).toBe(code);
    if (code) expect(doc.error?.message).toContain('limits.maxFrontmatterBytes');
  });
});

describe('anchored frontmatter read with the alias limit means what js-yaml 3 read', () => {
  // Each case holds an anchor, so it goes to `yaml` 2; gray-matter's js-yaml 3 is the reference.
  it.each([
    ['YAML 1.1 booleans stay strings', 'x: &x 1\na: yes\nb: on\nc: No\nd: true\n'],
    ['dates and times', 'x: &x 1\nd: 2021-07-03\nt: 2021-07-03T10:00:00Z\n'],
    ['numbers and nulls', 'x: &x 1\na: 0x1F\nb: 1e3\nc: .inf\nd: ~\ne: null\nf: 3.0\ng: "010"\n'],
    ['merge keys', 'base: &base {a: 1, b: 2}\nderived:\n  <<: *base\n  b: 3\n'],
    ['a few aliases', 'v: &v {fpt: "*", ghes: ">=2.22"}\nversions: *v\nalso: [*v, *v]\n'],
    ['block scalars and quoting', "x: &x 1\nintro: >-\n  Folded\n  text\nbody: |\n  kept\n  lines\nq: 'it''s'\n"],
    ['Liquid in values', 'x: &x 1\ntitle: "{% data variables.product.prodname_ghe_cloud %} & more"\n'],
  ])('%s', (_, yaml) => {
    const jsYaml = matter(`---\n${yaml}---\n`, { excerpt: false }).data;
    expect(parseWithAliasLimit(yaml)).toEqual(jsYaml);
    expect(parseFrontmatterYaml(yaml)).toEqual(jsYaml);
  });

  it.each([
    ['duplicate keys', 'x: &x 1\na: 1\na: 2\n'],
    ['an unknown tag', 'x: &x 1\na: !custom 1\n'],
    ['an undefined alias', 'x: &x 1\na: *nope\n'],
  ])('%s is an error in both', (_, yaml) => {
    expect(() => matter(`---\n${yaml}---\n`, { excerpt: false })).toThrow();
    expect(() => parseFrontmatterYaml(yaml)).toThrow();
  });
});

describe('frontmatter that is not a mapping', () => {
  it('a page whose frontmatter is a scalar has empty frontmatter, and a variables file keeps it', () => {
    expect(parse('---\njust text\n---\nBody\n').frontmatter).toEqual({});
    expect(parseDocument('v.yml', Buffer.from('just text\n'), opts({ kind: 'variables' })).frontmatter).toBe('just text');
  });
});
