import type { Release } from './lib/conditions.ts';
import type { DependencyTracker } from './lib/dependencies.ts';
import type { Layout } from '../layouts/types.ts';
import type { CheckId, FindingDataOf, MessageIdOf } from '../shared/finding-data.ts';
import type { CheckDocument, Finding, Severity } from './types.ts';

/**
 * The English version a translation was made from (server/history resolves it before
 * the checks run; checks stay pure and only read it).
 */
/**
 * Why no English version can be named as the one a translation was made from:
 * `no-git-history` (the site is no git work tree and the index never saw the translation
 * change), `not-committed` (a git work tree, but the translation is not committed and the
 * index never saw it change), `no-source-commit` (English lives in another repository and
 * the translation names no `l10n.sourceCommit`), `no-source-repository` (it names one, in the
 * English source's repository, and none is configured or it is no git repository), `malformed-source-commit` (it names one in
 * a form no tool reads), `unknown-commit` (it names a commit the English history lacks),
 * `before-history` (the translation is older than the history: it was last changed in the
 * first commit of a cut or shallow history, or the first index run), `data-file` (a variables
 * file: stale detection compares pages and reusables by section, and a data file has none).
 */
export type BaseUnknownReason =
  | 'no-git-history'
  | 'not-committed'
  | 'no-source-commit'
  | 'no-source-repository'
  | 'malformed-source-commit'
  | 'unknown-commit'
  | 'before-history'
  | 'data-file';

export interface StaleBase {
  source: 'sourceCommit' | 'git' | 'index' | 'claim';
  /**
   * `unknown` when no English version can be named as the one translated (`reason` says
   * why). Its sections, if any, are the oldest English version history has: changes after
   * them are certainly missing (stale, a lower bound), but none means "unknown", never "up to date".
   */
  baseState: 'known' | 'unknown';
  reason?: BaseUnknownReason;
  /** Commit sha, run id or claim id the base came from. */
  ref: string | null;
  date: string | null;
  /** Sections of the English page as they were at the base; null when not available (shallow clone). */
  sections: { ordinal: number; level: number; heading: string; anchor: string; textHash: string; skeletonHash: string; source: string }[] | null;
  /** Commits (or index runs) with an English change since the base; uncommitted work-tree edits count as one. */
  commitsBehind: number | null;
  daysBehind: number | null;
  /** The English file has uncommitted edits in the work tree (counted in commitsBehind). */
  uncommitted?: boolean;
  /**
   * Content fields of the English frontmatter at the base (title, short title, intro; per
   * layout, see server/history/fields.ts), from the English blob (git) or the recorded version
   * (index and claim bases); absent or null when the base is English as it is now or its fields
   * are not known (a version recorded before versions kept their frontmatter).
   */
  fields?: Record<string, string> | null;
  /** Why no base could be found or the base is unusable (e.g. unknown sourceCommit). */
  problem?: string;
  /**
   * English commits since the base that writers marked cosmetic (config `history`: a subject
   * keyword or a trailer); not counted in commitsBehind, and the base moves past those right after it.
   */
  cosmetic?: { ref: string; subject: string }[];
}

/** Site-wide lookups a check may use; built once per run. */
/** A live document as a link to it sees it (SiteLookups.entry). */
export interface DocumentEntry {
  readonly locale: string;
  readonly key: string;
  readonly kind: CheckDocument['row']['kind'];
  readonly path: string;
}

export interface SiteLookups {
  layout: Layout;
  sourceLocale: string;
  /** Live English document by key (pages, reusables, variables). */
  english(key: string): CheckDocument | undefined;
  /** Live document of a locale by key. */
  document(locale: string, key: string): CheckDocument | undefined;
  /**
   * What a link to a page reads of it: whether a live document of the locale is there, its kind
   * and path (never its content). Cheaper to depend on than `document`: it changes only when the
   * document comes, goes or moves (dependency key `exists:<locale>:<key>`, not `doc:`).
   */
  entry(locale: string, key: string): DocumentEntry | undefined;
  /**
   * The URL path of a key as messages show it: the layout's `urlOf`, spelled (where the layout
   * spells URLs from frontmatter, MDN `slug`) from the stored page at the key, English's first,
   * else `locale`'s, else `namedBy` (a page naming the key as its former key). On such a layout
   * it records which page spells the URL (`exists:`) and the spelling (`url:<locale>:<key>=<url>`).
   */
  urlOf(key: string, locale?: string, namedBy?: CheckDocument | null): string;
  /** English key a redirect entry points to (`from_key` → `to_key`), if any. */
  englishRedirect(fromKey: string): string | undefined;
  /** Position of `fromKey`'s entry among English's redirects (a page's redirect_from in order: later is more recent). */
  englishRedirectRank?(fromKey: string): number | undefined;
  /** The old keys whose English redirect entry (`englishRedirect`) leads to `toKey`, in entry order. */
  englishRedirectsTo?(toKey: string): readonly string[];
  /**
   * Key a translation locale's own redirect file sends an old key to (MDN `files/es/_redirects.txt`
   * keeps the old Spanish slugs), if any; links of that locale's pages go through it.
   */
  localeRedirect?(locale: string, fromKey: string): string | undefined;
  /** Defined variable names of a locale's data (`variables.product.prodname_ghe_server`), English when locale omitted. */
  hasVariable(name: string, locale?: string): boolean;
  /** Defined English variable names ending in `.leaf` (suggestions for unknown variables). */
  variablesNamed(leaf: string): string[];
  /**
   * The oldest documented GitHub Enterprise Server release, as English's version conditions tell
   * it (lib/conditions.ts: oldestDocumentedRelease), or null when they cannot (liquid-mismatch).
   */
  oldestEnglishRelease(): Release | null;
  /** Stale-detection base of a translation, when history could resolve one. */
  staleBase(locale: string, key: string): StaleBase | undefined;
  /**
   * Records what each pair reads (incremental check runs). A memo shared by pairs (lib/resolve.ts,
   * lib/links.ts) captures what computing it read and replays that for each pair that uses it.
   */
  tracker?: DependencyTracker;
}

export interface CheckContext {
  locale: string;
  /** The key the translation is filed under. */
  key: string;
  /**
   * The key its findings' fingerprints are made with when not `key`: the English key, for a
   * translation filed under an old key English moved away from (the runner sets it; checks never read it).
   */
  findingKey?: string;
  /** The English document it is compared with (the moved page for an orphan found through a redirect). */
  english: CheckDocument | null;
  translation: CheckDocument | null;
  site: SiteLookups;
  now: Date;
  /**
   * For a leftover copy: the locale's file that translates `english` (at its key, or the old
   * copy English's merged page is paired with), which readers get once it is in place.
   */
  pairedWith?: CheckDocument;
}

export interface CheckDefinition {
  id: string;
  severity: Severity;
  /** One line: what the check flags. */
  docs: string;
  /** Message templates by id, with {{placeholders}} filled from a finding's data. */
  messages: Record<string, string>;
  /**
   * Which pairs the check looks at: 'translation' (a translation and its English page,
   * the default), 'english' (English pages without a translation in the locale too),
   * 'document' (every document of the locale, parse errors).
   */
  scope?: 'translation' | 'english' | 'document';
  /**
   * Also looks at files no reader gets: leftover copies (translations filed under a key English
   * moved away from when the locale has a translation under the new key too, or when English
   * merged several pages into one and another old copy is the merged page's predecessor) and,
   * on a layout that serves translations only at English pages' keys, orphans. Other checks
   * skip them: a file no reader gets has no drift to fix, only itself to delete.
   */
  leftovers?: boolean;
  run(ctx: CheckContext): Finding[];
}

/**
 * A finding of check `C`: one of its message ids, with the data that message carries
 * (server/shared/finding-data.ts). A check's `run` returns these, so a finding whose data
 * does not match its declared shape fails to compile.
 */
export type CheckFinding<C extends CheckId> = {
  [M in MessageIdOf<C>]: Omit<Finding, 'messageId' | 'data'> & { messageId: M; data: FindingDataOf<C, M> };
}[MessageIdOf<C>];

/** A built-in check: its messages are the ones its data types declare, and its findings carry that data. */
export interface TypedCheckDefinition<C extends CheckId> extends Omit<CheckDefinition, 'id' | 'messages' | 'run'> {
  id: C;
  messages: Record<MessageIdOf<C>, string>;
  run(ctx: CheckContext): CheckFinding<C>[];
}

export function defineCheck<C extends CheckId>(check: TypedCheckDefinition<C>): TypedCheckDefinition<C> {
  for (const id of Object.keys(check.messages)) {
    if (!/^[a-z][a-zA-Z0-9-]*$/.test(id)) throw new Error(`Check ${check.id}: bad message id "${id}"`);
  }
  return check;
}

/** Fills {{name}} placeholders from data; the UI, CLI and reports all say the same thing. */
export function formatMessage(template: string, data: Record<string, unknown>): string {
  const parts = templateParts(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const v = data[parts[i]!];
    if (v !== undefined && v !== null) out += Array.isArray(v) ? v.join(', ') : String(v);
    out += parts[i + 1]!;
  }
  return out;
}

// A check run formats 200k+ messages from a few dozen templates: split each template once.
const compiled = new Map<string, string[]>();

/** `a {{x}} b` → ['a ', 'x', ' b']: text at even indexes, placeholder names at odd ones. */
function templateParts(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{\{\s*(\w+)\s*\}\}/)));
  return parts;
}
