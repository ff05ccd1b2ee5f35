/**
 * Seeded mutator: derives hostile files from real GitHub Docs files (test/fixtures and the bundled sample), the way
 * broken docs repositories hold them (hand edits, bad merges, wrong encodings, tools that
 * write binary). Deterministic for a seed, so a failure can be replayed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LICENSE_SYNC_HISTORY, SEEDS } from '../corpus.ts';

export const SHARED = path.resolve(import.meta.dirname, '../../../shared');

/** Real Markdown files to mutate: the seeds, the English site and every historical version of the article. */
export function realSources(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const add = (dir: string, filter: (f: string) => boolean) => {
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(filter).sort()) {
      out.push({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') });
    }
  };
  add(SEEDS, (f) => f.endsWith('.txt'));
  add(LICENSE_SYNC_HISTORY, (f) => f.endsWith('.md'));
  // The English pages of ../shared/corpora/license-sync-site, bundled as the sample site.
  add(path.resolve(import.meta.dirname, '../../content/license-sync/content'), (f) => f.endsWith('.md'));
  return out;
}

/** Small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutation {
  name: string;
  /** What a reviewer expects: 'error' = a parse-error of this code; 'ok' = indexed normally (findings allowed). */
  expect: { kind: 'error'; code: string } | { kind: 'ok' };
  apply(text: string, random: () => number): Buffer | string;
}

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

export const MUTATIONS: Mutation[] = [
  {
    name: 'truncated-frontmatter',
    expect: { kind: 'error', code: 'yaml' },
    // Cut inside the frontmatter, before its closing ---.
    apply: (t) => t.slice(0, Math.max(5, t.indexOf('\n---', 4) - 20)),
  },
  {
    name: 'tab-in-yaml',
    expect: { kind: 'error', code: 'yaml' },
    // YAML forbids tabs for indentation; editors that insert them break the whole page.
    apply: (t) => t.replace(/^---\n/, '---\nversions:\n\tghes: "*"\n'),
  },
  {
    name: 'unbalanced-liquid',
    expect: { kind: 'ok' },
    apply: (t, r) => t.replace(/\{% endif %\}|\{% data /, pick(['{% endif ', '{% data ', '{{ ', '{% if ghes %}'], r)) + '\n{% ifversion ghes %}\n',
  },
  { name: 'bom', expect: { kind: 'ok' }, apply: (t) => '\uFEFF' + t },
  { name: 'crlf', expect: { kind: 'ok' }, apply: (t) => t.replace(/\n/g, '\r\n') },
  {
    name: 'latin1-bytes',
    expect: { kind: 'error', code: 'encoding' },
    // A UTF-8 file with a Latin-1 "é" pasted in by another editor.
    apply: (t) => Buffer.concat([Buffer.from(t.slice(0, t.length >> 1)), Buffer.from([0xe9, 0x20]), Buffer.from(t.slice(t.length >> 1))]),
  },
  {
    name: 'utf16',
    expect: { kind: 'error', code: 'encoding' },
    apply: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  },
  {
    name: 'nul-bytes',
    expect: { kind: 'error', code: 'binary' },
    apply: (t, r) => {
      const at = Math.floor(r() * t.length);
      return t.slice(0, at) + '\0\0\0' + t.slice(at);
    },
  },
  {
    name: 'deep-list',
    expect: { kind: 'ok' },
    // 10,000 nested list levels ("- - - … item" nests one list per marker): parsers
    // without a nesting limit overflow the stack.
    apply: (t) => t + '\n' + '- '.repeat(10_000) + 'item\n',
  },
  {
    name: 'deep-blockquote',
    expect: { kind: 'ok' },
    apply: (t) => t + '\n' + '>'.repeat(10_000) + ' quote\n',
  },
  {
    name: 'long-line',
    expect: { kind: 'error', code: 'limits' },
    // One 1.5 MB line (under the 2 MB file limit, over limits.maxLineLength).
    apply: (t) => t + '\n' + 'word{{ '.repeat(50_000) + 'a '.repeat(600_000) + '\n',
  },
  {
    name: 'long-paragraph',
    expect: { kind: 'ok' },
    // 90,000 characters on one line, just under limits.maxLineLength: regexes must stay linear.
    apply: (t) => t + '\n' + 'word{{ '.repeat(3000) + 'a '.repeat(34_000) + '\n',
  },
  {
    name: 'over-size',
    expect: { kind: 'error', code: 'size' },
    // A 5 MB single line: over the file limit, never read whole.
    apply: (t) => t + 'x'.repeat(5 * 1024 * 1024),
  },
  {
    name: 'many-headings',
    expect: { kind: 'error', code: 'limits' },
    apply: (t) => t + '\n' + '## heading\n'.repeat(2500),
  },
  {
    name: 'empty',
    expect: { kind: 'ok' },
    apply: () => '',
  },
  {
    name: 'frontmatter-only',
    expect: { kind: 'ok' },
    apply: (t) => t.slice(0, t.indexOf('\n---', 4) + 4),
  },
  {
    name: 'yaml-bomb',
    expect: { kind: 'error', code: 'yaml' },
    // Four levels of nine aliases (6,561 strings): js-yaml shares them, storing them expands them.
    apply: (t) =>
      withFrontmatter(
        t,
        'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
      ),
  },
  {
    name: 'script-injection',
    expect: { kind: 'ok' },
    apply: (t) =>
      t.replace(/^title: .*$/m, 'title: "<script>alert(1)</script><img src=x onerror=alert(2)>"') +
      '\n[click](javascript:alert(3)) <script>alert(4)</script> {% raw %}{% evil %}{% endraw %}\n',
  },
];

/** Puts YAML lines at the start of the frontmatter, adding one to a page without. */
export function withFrontmatter(text: string, yaml: string): string {
  return /^---\n/.test(text) ? text.replace(/^---\n/, `---\n${yaml}`) : `---\n${yaml}---\n\n${text}`;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** `levels` anchors, each a collection of `width` aliases of the one before ("billion laughs"). */
function laughs(levels: number, width: number, collection: (items: string[], level: number) => string): string {
  let yaml = `a: &a ${collection(Array<string>(width).fill('"lol"'), 0)}\n`;
  for (let i = 1; i < levels; i++) yaml += `${LETTERS[i]}: &${LETTERS[i]} ${collection(Array<string>(width).fill(`*${LETTERS[i - 1]}`), i)}\n`;
  return yaml;
}
const flowSeq = (items: string[]) => `[${items.join(',')}]`;
const flowMap = (items: string[]) => `{${items.map((v, i) => `k${i}: ${v}`).join(', ')}}`;
const blockSeq = (items: string[]) => '\n' + items.map((v) => `  - ${v}`).join('\n');

/**
 * Frontmatter that expands or nests without bound: ten alias bombs and five deep nestings.
 * Each is a parse error, never an out-of-memory or a stack overflow (issue 19).
 */
export const YAML_MUTATIONS: Mutation[] = (
  [
    // The issue's 368 bytes: nine levels of nine aliases, 387 million strings when expanded.
    ['alias-bomb-9-levels', 'yaml', () => laughs(9, 9, flowSeq)],
    // Eight levels: the run completed before, storing 302 MB of frontmatter JSON.
    ['alias-bomb-8-levels', 'yaml', () => laughs(8, 9, flowSeq)],
    ['alias-bomb-5-levels', 'yaml', () => laughs(5, 9, flowSeq)],
    ['alias-bomb-block-sequences', 'yaml', () => laughs(7, 6, blockSeq)],
    ['alias-bomb-mappings', 'yaml', () => laughs(7, 7, flowMap)],
    // Two aliases per level, thirty levels: 2^30 strings from 600 bytes.
    ['alias-bomb-narrow-deep', 'yaml', () => laughs(30, 2, flowSeq)],
    // Merge keys copy an aliased mapping's keys into each level.
    [
      'alias-bomb-merge-keys',
      'yaml',
      () => laughs(6, 8, (items, level) => (level === 0 ? flowMap(items) : `{<<: ${items[0]}, ${items.map((v, i) => `m${i}: ${v}`).join(', ')}}`)),
    ],
    // One long string aliased thousands of times.
    ['alias-bomb-long-string', 'yaml', () => `a: &a "${'lol '.repeat(2500)}"\nb: [${Array<string>(3000).fill('*a').join(',')}]\n`],
    // The bomb nested under a real key, as a bad merge would leave it.
    ['alias-bomb-nested', 'yaml', () => `versions:\n  fpt: "*"\n  extra:\n${laughs(7, 9, flowSeq).replace(/^/gm, '    ')}`],
    // Aliases used as mapping keys: a parser that stringifies keys expands them there.
    ['alias-bomb-keys', 'yaml', () => `${laughs(6, 9, flowSeq)}z: {? *f : 1}\n`],
    ['deep-flow-sequences', 'yaml', () => `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['deep-flow-mappings', 'yaml', () => `a: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`],
    ['deep-block-mappings', 'yaml', () => Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' v\n'],
    ['deep-block-sequences', 'yaml', () => `a:\n  ${'- '.repeat(1000)}x\n`],
    // Just over the nesting limit, small enough for any parser's stack.
    ['deep-mixed-65', 'yaml', () => `a: ${'[{a: '.repeat(33)}1${'}]'.repeat(33)}\n`],
  ] as const
).map(([name, code, yaml]) => ({ name, expect: { kind: 'error' as const, code }, apply: (t: string) => withFrontmatter(t, yaml()) }));

/** Hostile file names (spaces, Unicode, shell metacharacters); all still Markdown pages. */
export const NAMES = ['with space', 'ünïcødé-名前', 'emoji-📄', "quote'd", 'semi;colon', '-leading-dash', 'a'.repeat(200)];

export interface HostileFile {
  relPath: string;
  mutation: Mutation;
}

/**
 * Writes `count` mutated files under `<root>/translations/<locale>/content/hostile/`, then
 * one file for each of `yaml` (default: every YAML bomb and deep nesting).
 */
export function writeHostileTree(root: string, count: number, seed: number, locale = 'ja-JP', yaml: readonly Mutation[] = YAML_MUTATIONS): HostileFile[] {
  const random = rng(seed);
  const sources = realSources();
  const files: HostileFile[] = [];
  const dir = path.join(root, 'translations', locale, 'content', 'hostile');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const mutation = MUTATIONS[i % MUTATIONS.length]!;
    const source = pick(sources, random);
    const name = `${String(i).padStart(4, '0')}-${mutation.name}-${pick(NAMES, random)}.md`;
    const relPath = `translations/${locale}/content/hostile/${name}`;
    fs.writeFileSync(path.join(root, relPath), mutation.apply(source.text, random));
    files.push({ relPath, mutation });
  }
  yaml.forEach((mutation, i) => {
    const source = pick(sources, random);
    const relPath = `translations/${locale}/content/hostile/yaml-${String(i).padStart(2, '0')}-${mutation.name}.md`;
    fs.writeFileSync(path.join(root, relPath), mutation.apply(source.text, random));
    files.push({ relPath, mutation });
  });
  // A symlink loop and a dangling link: the walk must not follow either.
  fs.symlinkSync('.', path.join(dir, 'loop'));
  fs.symlinkSync('missing-target.md', path.join(dir, 'dangling.md'));
  return files;
}
