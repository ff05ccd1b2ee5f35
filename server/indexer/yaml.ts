import type * as Yaml from 'yaml';
import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from 'yaml';
import { requirePackage } from './packages.ts';

// Both parsers are required on first use (packages.ts): a run that parses no file never loads them.
let yamlModule: typeof Yaml | null = null;
const yaml = (): typeof Yaml => (yamlModule ??= requirePackage('yaml') as typeof Yaml);

/**
 * Frontmatter YAML with bounds. gray-matter's js-yaml 3 resolves aliases as shared
 * references, so nine levels of nine aliases (368 bytes) parse quickly and then expand to
 * 4.4 GB when stored. A frontmatter that can hold an alias (it has an anchor, `&name`) is
 * read by `yaml` (v2) with an alias limit instead. The rest, every real frontmatter seen
 * (no anchor in the GitHub Docs snapshot), stays with js-yaml 3, which read 21,160 of them
 * 4–7× faster than `yaml` (scripts/measure-yaml.ts).
 */
export function parseFrontmatterYaml(source: string): object {
  const data = ANCHOR.test(source) ? parseWithAliasLimit(source) : jsYaml(source);
  return data ?? {};
}

// An anchor follows the start of a line, a space or a flow indicator and precedes a name.
// Text such as `R&D` or `Q & A` does not match; `&amp;` after a space does, and is only
// slower to read. Without an anchor an alias is an error in both parsers.
const ANCHOR = /(?:^|[\s[{,])&[^\s[\]{},]/;

// gray-matter's own YAML engine: js-yaml 3's safeLoad (its default safe schema: no JavaScript types).
let jsYamlParse: ((s: string) => object | null) | null = null;
function jsYaml(source: string): object | null {
  jsYamlParse ??= (requirePackage('gray-matter') as { engines: { yaml: { parse: (s: string) => object | null } } }).engines.yaml.parse;
  return jsYamlParse(source);
}

/**
 * js-yaml 3's meaning in `yaml`'s options: the YAML 1.2 core schema (`yes` and `on` stay
 * strings), timestamps as dates, `<<` merge keys, duplicate keys an error, an unknown tag an
 * error. Read with every frontmatter of the GitHub Docs snapshot, it gave the same data as
 * js-yaml 3 for all of them (scripts/measure-yaml.ts).
 */
const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'core',
  customTags: ['timestamp'],
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  logLevel: 'silent',
};

/** Each alias may stand for at most this many nodes in all (`yaml`'s default). */
export const MAX_ALIAS_COUNT = 100;

const TO_JS: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };

/** A YAML refusal in js-yaml's error shape, which the parser turns into a `yaml` parse error. */
export class FrontmatterYamlError extends Error {
  readonly reason: string;
  readonly mark?: { line: number };
  constructor(reason: string, line?: number) {
    super(reason);
    this.reason = reason;
    if (line !== undefined) this.mark = { line };
  }
}

/**
 * Frontmatter read as a site that keeps the last of two equal keys reads it (Hugo builds such
 * pages; a layout says so with `yamlDuplicateKeys: 'last-wins'`), with the same alias limit.
 */
export function parseFrontmatterYamlLastKeyWins(source: string): object {
  return parseWithAliasLimit(source, { uniqueKeys: false }) ?? {};
}

export function parseWithAliasLimit(source: string, overrides: Partial<ParseOptions> = {}): object | null {
  let doc;
  try {
    doc = yaml().parseDocument(source, { ...OPTIONS, ...overrides });
  } catch (err) {
    throw refusal(err);
  }
  const first = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (first) throw new FrontmatterYamlError(firstLine(first.message), first.linePos ? first.linePos[0].line - 1 : undefined);
  try {
    return doc.toJS(TO_JS) as object | null;
  } catch (err) {
    throw refusal(err);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] || 'invalid YAML';
}

// "Excessive alias count indicates a resource exhaustion attack" and other YAML refusals;
// a stack overflow on deep nesting is the same kind of content problem.
function refusal(err: unknown): unknown {
  if (err instanceof yaml().YAMLError || err instanceof ReferenceError || err instanceof RangeError) return new FrontmatterYamlError(firstLine(err.message));
  return err;
}
