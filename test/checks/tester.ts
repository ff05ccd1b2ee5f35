/**
 * The check test harness, like ESLint's RuleTester: a check runs over documents parsed in
 * memory (no temp copy, no SQLite, no index run), and each case lists exactly the findings
 * it expects by message id. Documents go through the same check-input encoding and decoding
 * as the index (db/check-input.ts) and the same evaluation as a run (evaluateChecks), so a
 * check sees here what it sees on a real site.
 *
 *   checkTester('broken-link').run({
 *     valid: [{ name: '…', locale: 'de-DE', files: { [ARTICLE_FILE]: seed('003') } }],
 *     invalid: [{ name: '…', locale: 'es-ES', files: {…}, errors: [{ messageId: 'broken', message: '…' }] }],
 *   });
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { carriedSentences, decodeCheckInput, encodeCheckInput, parseCheckInput, type ChildRows, type ParagraphTuple } from '../../db/check-input.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import type { CheckDefinition } from '../../server/checks/define.ts';
import { buildSite } from '../../server/checks/lib/site.ts';
import { getCheck } from '../../server/checks/registry.ts';
import { evaluateChecks, type CheckedFinding } from '../../server/checks/run.ts';
import { languageOfLocale, loadLanguageModel } from '../../server/indexer/language.ts';
import { parseDocument } from '../../server/indexer/parse.ts';
import { configureLayout } from '../../server/layouts/index.ts';
import { parseOptions } from '../../server/indexer/read.ts';
import { duplicateKey } from '../../server/indexer/keys.ts';
import type { ParsedDocument } from '../../server/indexer/types.ts';
import type { ClassifiedFile, LayoutOptions } from '../../server/layouts/types.ts';
import type { CheckDocument, SiteDocuments } from '../../server/shared/documents.ts';
import { encodeSentences } from '../../server/shared/sentences.ts';

/** A site in memory: path (relative to the site root, posix) → file text. */
export type SiteFiles = Record<string, string>;

export interface TesterCase {
  name: string;
  /** The translation locale the case is about (its files go under its locale root). */
  locale: string;
  /** Files of the locale, relative to its locale root (GitHub Docs: `content/…` under `translations/<locale>/`). */
  files: SiteFiles;
  /** Extra or replaced English files (relative to the English locale root). */
  english?: SiteFiles;
}

/**
 * One expected finding: its message id exactly, and optionally its message (exactly), text
 * its message must contain, data (a subset, compared as JSON) or line.
 */
export interface ExpectedFinding {
  messageId: string;
  message?: string;
  includes?: string;
  data?: Record<string, unknown>;
  line?: number;
}

export interface InvalidCase extends TesterCase {
  /** Every finding of the case, each matched by one expectation; none more. */
  errors: ExpectedFinding[];
}

/** A case of a mixed table: no `errors` (or []) is a valid case, else an invalid one. */
export interface CheckerCase extends TesterCase {
  errors?: ExpectedFinding[];
  /** Text no finding's message may contain (what a fix must not bring back). */
  forbid?: string[];
}

/** A finding as the harness reports it (a run's stored shape, with its data parsed). */
export interface TestFinding extends CheckedFinding {
  data: Record<string, unknown>;
}

const REPO = path.resolve(import.meta.dirname, '../..');
/** The bundled sample (GitHub Docs layout): English pages, reusables and variables of one article. */
export const SAMPLE_ROOT = path.join(REPO, 'content/license-sync');

let sampleEnglish: SiteFiles | null = null;

/** Every file under `dir` (relative posix path → text), except folders `skip` names (relative paths). */
export function readTree(dir: string, skip: string[] = []): SiteFiles {
  const out: SiteFiles = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!skip.includes(child)) walk(child);
      } else out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return out;
}

/** The sample's English files (every file outside translations/), read once per process. */
function englishSample(): SiteFiles {
  return (sampleEnglish ??= readTree(SAMPLE_ROOT, ['translations']));
}

/** Layouts built by memoryConfig: they read their redirect files from the in-memory files. */
const memoryLayouts = new WeakSet<object>();

/**
 * A config whose layout reads the site files it needs beside the pages (MDN `_redirects.txt`)
 * from `files` (paths relative to `base`, a folder that need not exist) with its own reader, as
 * the indexer does from disk. `root` and `sourceRoot` are relative to `base`, as in a config file.
 * Hugo reads its site config and static/_redirects from disk itself: use indexRoot for it.
 */
export function memoryConfig(
  raw: { layout: string; root?: string; sourceRoot?: string } & Pick<LayoutOptions, 'frontmatterMustMatch' | 'frontmatter' | 'served'>,
  base: string,
  files: SiteFiles,
): Config {
  if (raw.layout === 'hugo') throw new Error('the hugo layout reads its site files from disk: use indexRoot');
  const root = path.resolve(base, raw.root ?? '.');
  const sourceRoot = raw.sourceRoot ? path.resolve(base, raw.sourceRoot) : undefined;
  const readFile = (absPath: string): Buffer | null => {
    const text = files[path.relative(base, absPath).split(path.sep).join('/')];
    return text === undefined ? null : Buffer.from(text);
  };
  const { layout: name, root: _root, sourceRoot: _sourceRoot, ...options } = raw;
  const layout = configureLayout(name, { ...options, root, ...(sourceRoot ? { sourceRoot } : {}), readFile });
  memoryLayouts.add(layout);
  return { ...sampleConfig(), root, sourceRoot: sourceRoot ?? null, sourceRepository: sourceRoot ?? null, layout };
}

/** The sample's config (GitHub Docs layout, defaults for everything else). */
function sampleConfig(): Config {
  return resolveConfig({ root: SAMPLE_ROOT, db: path.join(SAMPLE_ROOT, 'unused.db'), workers: 0 }, SAMPLE_ROOT);
}

/** Parsed documents of one file set, cached by locale and text: most cases share the English sample. */
const parsedCache = new Map<string, ParsedDocument>();

/**
 * The documents the index would hold for `files` (site-root-relative paths), as the checks
 * get them, built in memory: classified and keyed by the layout, parsed, encoded and decoded
 * as check inputs; two files of a locale with one key are settled as the indexer settles them.
 * Paths in `files` are relative to `base` (default: the site root). Layouts whose redirects
 * live in files read them through the layout's own reader from `files` when the config comes
 * from memoryConfig; otherwise the harness refuses them rather than differ.
 */
export async function memorySite(config: Config, locales: string[], files: SiteFiles, base = config.root): Promise<SiteDocuments> {
  const layout = config.layout;
  if (layout.readRedirects && !memoryLayouts.has(layout))
    throw new Error(`the in-memory harness reads redirect files (layout ${layout.name}) only through memoryConfig: use it, or indexRoot`);
  const source = layout.sourceLocale;
  await loadLanguageModel(new Set(locales.filter((l) => l !== source).map(languageOfLocale)));
  const documents = new Map<string, Map<string, CheckDocument>>();
  const redirects = new Map<string, Map<string, string>>();
  const parsedById = new Map<number, ParsedDocument>();
  const englishHashes = new Set<string>();
  const settings = { layout: layout.name, ...config.limits };
  const paths = Object.keys(files).sort();
  // English's path (relative to its locale root) of each key.
  const englishPaths = new Map<string, string>();
  let id = 0;
  for (const locale of [source, ...locales.filter((l) => l !== source)]) {
    const localeRoot = layout.localeRoot(config.root, locale);
    const prefix = path.relative(base, localeRoot).split(path.sep).join('/');
    // Stored paths are relative to the locale's repository (MDN English lives in its own), as the indexer stores them.
    const storedPrefix = path
      .relative(layout.pathRoot?.(config.root, locale) ?? config.root, localeRoot)
      .split(path.sep)
      .join('/');
    // Redirect files (MDN `_redirects.txt`): old keys by target key, added to each page's redirects as the indexer does.
    const fileRedirects = layout.readRedirects?.(config.root, locale).byTarget;
    const folders = layout.walkFolders ?? [''];
    const docs = new Map<string, CheckDocument>();
    const localeRedirects = new Map<string, string>();
    documents.set(locale, docs);
    redirects.set(locale, localeRedirects);
    const candidates: { sitePath: string; rel: string; info: ClassifiedFile; duplicate: boolean }[] = [];
    for (const sitePath of paths) {
      const rel = prefix === '' ? sitePath : sitePath.startsWith(`${prefix}/`) ? sitePath.slice(prefix.length + 1) : null;
      if (rel === null || !folders.some((f) => f === '' || rel.startsWith(`${f}/`))) continue;
      const info = layout.classify(rel);
      if (info) candidates.push({ sitePath, rel, info, duplicate: false });
    }
    // As the indexer settles them (resolveDuplicates): where keys come from paths, of files of a
    // locale with one key the one at English's path keeps it, else the first by path.
    if (layout.keysFromPaths) {
      const groups = new Map<string, typeof candidates>();
      for (const c of candidates) groups.set(c.info.key, [...(groups.get(c.info.key) ?? []), c]);
      for (const [key, group] of groups) {
        if (group.length < 2) continue;
        const englishPath = englishPaths.get(key);
        const keeper = (locale !== source && group.find((c) => c.rel === englishPath)) || group[0]!;
        for (const c of group) c.duplicate = c !== keeper;
      }
    }
    for (const { sitePath, rel, info, duplicate } of candidates) {
      const text = files[sitePath]!;
      const cacheKey = `${locale}\0${info.kind}\0${sitePath}\0${text}`;
      let parsed = parsedCache.get(cacheKey);
      if (!parsed) {
        const job = { seq: 0, absPath: path.join(base, sitePath), kind: info.kind, locale, size: text.length, knownHash: null };
        parsed = parseDocument(job.absPath, Buffer.from(text), parseOptions(job, source, settings, layout.neutralTerms, layout.yamlDuplicateKeys));
        parsedCache.set(cacheKey, parsed);
      }
      let key = layout.keyOf(info, parsed.frontmatter);
      let error = parsed.error;
      if (duplicate || docs.has(key)) {
        error = {
          code: 'duplicate-key',
          message: `Another file of ${locale} already has the key "${key}"; this one is indexed as "${duplicateKey(key, sitePath)}"`,
        };
        key = duplicateKey(key, sitePath);
      }
      if (locale === source && !englishPaths.has(key)) englishPaths.set(key, rel);
      const docId = ++id;
      parsedById.set(docId, parsed);
      // As the index stores and reads it: frontmatter through JSON, the check input encoded and decoded.
      const doc: CheckDocument = {
        row: {
          id: docId,
          locale,
          key,
          kind: info.kind,
          path: storedPrefix ? `${storedPrefix}/${rel}` : rel,
          parse_error: error ? JSON.stringify(error) : null,
        },
        frontmatter: parsed.frontmatter ? (JSON.parse(JSON.stringify(parsed.frontmatter)) as Record<string, unknown>) : null,
        frontmatterLines: JSON.parse(JSON.stringify(parsed.frontmatterLines)) as Record<string, number>,
        sections: [],
        links: [],
        liquid: [],
        paragraphs: [],
      };
      const steps = parsed.sections.map((x) => JSON.stringify(x.steps));
      const sentences = parsed.paragraphs.map((x) => encodeSentences(x.text, x.sentences));
      const input = parseCheckInput(encodeCheckInput(parsed, steps, sentences, locale === source));
      decodeCheckInput(doc, input, locale === source, englishHashes, childRows(parsedById));
      docs.set(key, doc);
      if (info.kind === 'page')
        for (const from of [...layout.redirectsOf(parsed.frontmatter), ...(fileRedirects?.get(key) ?? [])])
          if (!localeRedirects.has(from)) localeRedirects.set(from, key);
    }
  }
  return { sourceLocale: source, documents, redirects: (locale) => redirects.get(locale) ?? new Map() };
}

/** The rows and columns a check input leaves out, from the parsed documents (the index reads them from its tables and check_inputs.liquid_raw). */
function childRows(parsedById: Map<number, ParsedDocument>): ChildRows {
  const doc = (id: number) => parsedById.get(id)!;
  return {
    sectionSource: (id, ordinal) => doc(id).sections.find((x) => x.ordinal === ordinal)!.source,
    paragraphRest: (id, ordinal) => {
      const p = doc(id).paragraphs.find((x) => x.ordinal === ordinal)!;
      return [p.text, encodeSentences(p.text, p.sentences)];
    },
    liquidRaw: (id, ordinal) => doc(id).liquid.find((x) => x.ordinal === ordinal)?.raw,
    paragraph: (id, ordinal): ParagraphTuple | undefined => {
      const x = doc(id).paragraphs.find((p) => p.ordinal === ordinal);
      if (!x) return undefined;
      const sentences = encodeSentences(x.text, x.sentences);
      return [x.ordinal, x.section, x.kind, x.line, x.endLine, x.textHash, x.lang, x.confidence, x.text, carriedSentences(sentences) ? sentences : null];
    },
  };
}

/**
 * Runs checks over an in-memory site and returns their findings as a run would store them
 * (the first of two with one fingerprint wins), in line order.
 */
export async function runInMemory(
  checks: CheckDefinition[],
  locales: string[],
  files: SiteFiles,
  options: { config?: Config; now?: Date; base?: string } = {},
): Promise<TestFinding[]> {
  const config = options.config ?? sampleConfig();
  const site = buildSite(await memorySite(config, locales, files, options.base), config.layout);
  const out = new Map<string, TestFinding>();
  evaluateChecks(site, config, options.now ?? new Date('2024-01-01T00:00:00Z'), checks, (f) => {
    if (!out.has(f.fingerprint)) out.set(f.fingerprint, { ...f, data: JSON.parse(f.data_json) as Record<string, unknown> });
  });
  return [...out.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.message_id.localeCompare(b.message_id) || a.message.localeCompare(b.message));
}

/** Findings of one check in one case's locale: the sample's English (with the case's changes) and the case's files. */
export async function caseFindings(check: string, c: TesterCase): Promise<TestFinding[]> {
  const definition = getCheck(check);
  if (!definition) throw new Error(`no check ${check}`);
  const config = sampleConfig();
  const translationRoot = path.relative(config.root, config.layout.localeRoot(config.root, c.locale)).split(path.sep).join('/');
  const files: SiteFiles = { ...englishSample(), ...(c.english ?? {}) };
  for (const [rel, text] of Object.entries(c.files)) files[translationRoot ? `${translationRoot}/${rel}` : rel] = text;
  const found = await runInMemory([definition], [c.locale], files, { config });
  return found.filter((f) => f.locale === c.locale);
}

/** `messageId message` of each finding, for failure messages and table assertions. */
export function describeFindings(items: TestFinding[]): string[] {
  return items.map((f) => `${f.message_id} ${f.message}${f.line !== null ? ` (line ${f.line})` : ''}`);
}

function matches(f: TestFinding, e: ExpectedFinding): boolean {
  if (f.message_id !== e.messageId) return false;
  if (e.message !== undefined && f.message !== e.message) return false;
  if (e.includes !== undefined && !f.message.includes(e.includes)) return false;
  if (e.line !== undefined && f.line !== e.line) return false;
  if (e.data) for (const [k, v] of Object.entries(e.data)) if (JSON.stringify(f.data[k]) !== JSON.stringify(v)) return false;
  return true;
}

/**
 * Pairs each expectation with its own finding (one finding satisfies one expectation at most,
 * by maximum bipartite matching), and returns what is left on either side.
 */
export function unmatched<E>(
  found: TestFinding[],
  expected: E[],
  match: (f: TestFinding, e: E) => boolean,
): { missing: E[]; extra: TestFinding[]; pairs: [E, TestFinding][] } {
  const owner = new Array<number>(found.length).fill(-1);
  const tryAssign = (ei: number, seen: boolean[]): boolean => {
    for (let fi = 0; fi < found.length; fi++) {
      if (seen[fi] || !match(found[fi]!, expected[ei]!)) continue;
      seen[fi] = true;
      if (owner[fi] === -1 || tryAssign(owner[fi]!, seen)) {
        owner[fi] = ei;
        return true;
      }
    }
    return false;
  };
  const missing = expected.filter((_, ei) => !tryAssign(ei, new Array<boolean>(found.length).fill(false)));
  const pairs = owner.flatMap((ei, fi): [E, TestFinding][] => (ei === -1 ? [] : [[expected[ei]!, found[fi]!]]));
  return { missing, extra: found.filter((_, fi) => owner[fi] === -1), pairs };
}

/** Asserts the findings are exactly the expected ones (ids exact, one finding per expectation, none left over). */
export function expectFindings<E>(found: TestFinding[], expected: E[], match: (f: TestFinding, e: E) => boolean, show: (e: E) => string): void {
  const { missing, extra } = unmatched(found, expected, match);
  const report = [
    ...missing.map((e) => `expected, not found: ${show(e)}`),
    ...describeFindings(extra).map((d) => `found, not expected: ${d}`),
    '',
    'findings:',
    ...describeFindings(found),
  ].join('\n');
  expect(missing.length + extra.length, report).toBe(0);
}

function showExpected(e: ExpectedFinding): string {
  const parts = [e.messageId];
  if (e.message !== undefined) parts.push(`"${e.message}"`);
  if (e.includes !== undefined) parts.push(`containing "${e.includes}"`);
  if (e.data !== undefined) parts.push(`data ${JSON.stringify(e.data)}`);
  if (e.line !== undefined) parts.push(`line ${e.line}`);
  return parts.join(' ');
}

/** Checks one case's findings: exactly its errors (none for a valid case), and nothing it forbids. */
export async function testCase(check: string, c: CheckerCase): Promise<void> {
  const found = await caseFindings(check, c);
  expectFindings(found, c.errors ?? [], matches, showExpected);
  for (const text of c.forbid ?? []) expect(describeFindings(found.filter((f) => f.message.includes(text)))).toEqual([]);
}

/**
 * A check's test table, like ESLint's RuleTester: `run` registers one describe block with a test
 * per case, valid ones expecting no finding, invalid ones exactly their errors.
 */
export function checkTester(check: string, title = check) {
  return {
    run(table: CheckerCase[] | { valid?: TesterCase[]; invalid?: InvalidCase[] }): void {
      const cases: CheckerCase[] = Array.isArray(table) ? table : [...(table.valid ?? []), ...(table.invalid ?? [])];
      if (!Array.isArray(table))
        for (const c of table.invalid ?? []) if (c.errors.length === 0) throw new Error(`invalid case "${c.name}" lists no error: make it a valid case`);
      describe(title, () => {
        it.each(cases)('$name', (c) => testCase(check, c));
      });
    },
  };
}

/** Matches a legacy `expect` string: a substring of `messageId message` (each string takes a finding of its own). */
export function matchesSummary(f: TestFinding, expected: string): boolean {
  return `${f.message_id} ${f.message}`.includes(expected);
}
