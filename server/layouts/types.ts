import type { ExcludeRule } from '../checks/lib/exclude.ts';
import type { DocumentKind } from '../indexer/types.ts';

/** Where a file belongs: its locale, what it is, and its key (the page's identity across locales). */
export interface ClassifiedFile {
  kind: DocumentKind;
  key: string;
}

/** A link target reduced to the key it names, and how it got there. */
export interface LinkKey {
  key: string;
  /** Only a legacy URL rule (not the site's current URL scheme) produced this key. */
  legacy: boolean;
  /** A redirect rule of the site (Hugo `static/_redirects`) produced it: resolves as a redirect, not a legacy URL form. */
  redirect?: boolean;
  anchor: string;
}

/**
 * A site layout: how paths map to (locale, key), where redirects live and how links
 * resolve. Layouts are small objects of functions; checks never know which one runs.
 */
/** One per-key fact a layout read from the site: its value, and the page keys whose link resolution, URL or pairing it decides. */
export interface SiteDataEntry {
  value: string;
  keys: readonly string[];
}

export interface Layout {
  name: string;
  sourceLocale: string;
  /** Locales with a translation tree under the site root, sorted. */
  discoverLocales(root: string): string[];
  /** The folder that holds a locale's files. */
  localeRoot(root: string, locale: string): string;
  /** What a file is, from its path relative to its locale root (posix separators); null to skip it. */
  classify(relPath: string): ClassifiedFile | null;
  /**
   * The only folders under a locale root (posix, relative) that hold files `classify` accepts:
   * the walk enters nothing else. Default: the whole locale root. A layout whose English root
   * holds the translations (GitHub Docs: `translations/` beside `content/`) must name them.
   */
  walkFolders?: readonly string[];
  /**
   * Keys come from paths alone (`keyOf` ignores the frontmatter): two files of a locale with
   * one key are then settled before they are read (the one at English's path keeps it).
   */
  keysFromPaths?: boolean;
  /** A page's key once its frontmatter is known (MDN keys are frontmatter slugs). */
  keyOf(classified: ClassifiedFile, frontmatter: Record<string, unknown> | null): string;
  /**
   * Keys a translation's frontmatter says it was filed under before (MDN `original_slug`):
   * where orphaned-translation looks, through English redirects, for the page it now translates.
   */
  formerKeysOf?(frontmatter: Record<string, unknown> | null): string[];
  /** Keys this page also answers to (old URLs), from its frontmatter. */
  redirectsOf(frontmatter: Record<string, unknown> | null): string[];
  /** Candidate keys for an internal link target, most direct first; empty when it is not a page link. */
  linkKeys(target: string): LinkKey[];
  /**
   * Whether an absolute URL (`https://kubernetes.io/docs/x/`) is on the site itself (Hugo: its
   * `baseURL`): such a link is internal, compared and resolved like `/docs/x/`.
   */
  isOwnUrl?(target: string): boolean;
  /**
   * URL path of a key, for messages and suggestions. `frontmatter`: the stored frontmatter of a
   * page at that key (or of a page naming it as its former key, MDN `original_slug`), where the
   * layout spells URLs from it (`urlFromFrontmatter`); without it the key's own spelling.
   */
  urlOf(key: string, frontmatter?: Record<string, unknown> | null): string;
  /**
   * `urlOf` spells a URL from the frontmatter of the page at the key (MDN: keys are lower-cased
   * slugs, URLs keep the frontmatter `slug` as written). Callers pass the stored frontmatter
   * (`SiteLookups.urlOf` in the checks): the spelling never depends on what a process parsed.
   */
  urlFromFrontmatter?: boolean;
  /**
   * Where the site and its files live, when the preset knows (config `siteUrl`,
   * `repositoryUrl`, `sourceRepositoryUrl` override): the live page is siteUrl + urlOf(key), a
   * file is repositoryUrl + '/' + its path (English under sourceRepositoryUrl when it has its own root).
   */
  siteUrl?(): string | null;
  repositoryUrl?: string;
  sourceRepositoryUrl?: string;
  /**
   * Checks that are off by default on this layout, each with the reason (documented on the
   * check's doc page); a config that sets the check turns it on again.
   */
  checksOff?: Readonly<Record<string, string>>;
  /**
   * Keys the site redirects off the site (MDN `/en-US/docs/Tools` → firefox-source-docs): a link
   * to one works, but leads to no page of this site. `locale` is the linking page's locale.
   */
  offSite?(key: string, locale?: string): boolean;
  /**
   * The site serves a translation page only at the key of an English page (GitHub Docs builds
   * every page from English's tree and reads the translated file at the same path): a locale's
   * page with no English page at its key or through a redirect reaches no reader, so checks other
   * than orphaned-translation skip it, as they skip leftover copies. Unset where a locale may
   * have pages of its own (MDN `conflicting/…`, Hugo).
   */
  servesOnlyEnglishKeys?: boolean;
  /**
   * The versions Liquid version conditions choose between (GitHub Docs 2021: `fpt`, `ghes`,
   * `ghae`): a condition naming them all shows its content to every reader (liquid-mismatch).
   */
  versionNames?: readonly string[];
  /**
   * The version a reader sees by default, and its older spellings in conditions (GitHub Docs:
   * `fpt`, `free-pro-team@latest`): titles shown in lists and reports decide version conditions
   * for it (server/shared/display-title.ts).
   */
  defaultVersion?: { name: string; aliases?: readonly string[] };
  /**
   * The English key a page only a locale has was set aside for (MDN `conflicting/<slug>_<hash>`:
   * the translation English's move of a page onto `<slug>` displaced). A link the locale's
   * redirects lead to such a page is a link to that English page.
   */
  setAsideFor?(key: string): string | undefined;
  /** Terms that stay the same in every language (product names), ignored by language identification. */
  neutralTerms?: RegExp;
  /**
   * Redirects kept in files rather than frontmatter (MDN `files/<locale>/_redirects.txt`):
   * chains already followed, so every entry names its final key. Optional: layouts
   * without redirect files leave it out and the indexer stores frontmatter redirects only.
   */
  readRedirects?(root: string, locale: string): RedirectTable;
  /**
   * For a layout that keeps data read from the site's own files (Hugo: hugo.toml, blog posts'
   * frontmatter, `static/_redirects`): called at the start of each index run, in a process that
   * may run many (the server's re-index thread), so that what it answers is what the site says
   * now. `changedPaths` (site-relative, posix): every file changed since the last complete run,
   * when the caller knows them (a watched run); otherwise the layout reads its data again.
   * True when the data changed: keys `classify` gives may differ from the last run's.
   */
  refresh?(changedPaths?: readonly string[]): boolean;
  /**
   * Files outside the locale roots whose content `refresh` follows (Hugo: hugo.toml, config.toml,
   * static/_redirects, netlify.toml), absolute: `serve --watch` reports their changes too, so
   * editing one alone makes a run.
   */
  siteFiles?(root: string): string[];
  /**
   * A digest of the site-wide part of the data `refresh` follows (Hugo: permalink patterns,
   * languages, redirect rules, baseURL, case rules): part of the checks' inputs digest, so a run
   * after it changed re-checks every pair (any link may resolve through it).
   */
  siteDataDigest?(): string | null;
  /**
   * The per-key part of that data (Hugo: the page at a URL, a key's URL, the English page a
   * translated post filed under another name belongs to), by entry id. A check run stores them
   * and, for each entry added, removed or changed since, re-checks the units that read one of its
   * keys (`exists:` and `doc:` of every locale) and looks again at how those keys pair. Every
   * answer of `linkKeys`, `urlOf` and `classify` that depends on an entry must name a key of it.
   */
  siteDataEntries?(): ReadonlyMap<string, SiteDataEntry>;
  /**
   * The folder a locale's stored paths are relative to, when it is not the site root
   * (MDN English lives in its own repository). Default: the site root.
   */
  pathRoot?(root: string, locale: string): string;
  /** What each frontmatter key is on this site: compared with English, inherited from it, or translated. */
  frontmatter: FrontmatterSemantics;
  /**
   * Links written as macros (MDN `{{jsxref("Array.map")}}`): the URLs a macro call (the
   * expression inside `{{ }}`) may link to, most direct first, or null when it is no link
   * macro. Checks take the first candidate that is a page (or redirects to one), else the first.
   */
  macroLink?(expression: string): MacroLink | null;
  /**
   * What `{{ … }}` outputs call on this site when they are macros: MDN KumaScript or Hugo
   * shortcodes. Unset where they are Liquid (GitHub Docs): macro-mismatch then has nothing to compare.
   */
  macros?: 'kumascript' | 'shortcodes';
  /**
   * Where the commits `l10n.sourceCommit` names live: the site's own repository (default), or
   * the English source's repository (MDN: translated-content names mdn/content commits), which
   * stale detection reads only from config `sourceRepository` (default `sourceRoot`). Without
   * one, such a translation's base is unknown with the reason `no-source-repository`.
   */
  sourceCommits?: 'site' | 'source-repository';
  /** Macro names that are one macro under two names (Kubernetes renamed `codenew` to `code_sample`; both render the same file). */
  macroAliases?: Readonly<Record<string, string>>;
  /**
   * What each argument of a KumaScript macro is, by lower-case macro name and position
   * (MDN: `EmbedLiveSample`'s first argument is the id of a heading of the page, translated
   * with it; `JSRef`'s arguments are unused). Arguments past a macro's list are not compared.
   * A macro that is not listed compares its first argument literally (the others are display text).
   */
  macroArgs?: Readonly<Record<string, readonly MacroArg[]>>;
  /**
   * What the site's build does with a key written twice in frontmatter: GitHub Docs' and MDN's
   * YAML readers stop ('error', a parse error: the page is built without it); Hugo's keeps
   * the last one ('last-wins', no finding). Default 'error'.
   */
  yamlDuplicateKeys?: 'error' | 'last-wins';
  /**
   * Pages the preset leaves out of some checks, each with its reason (generated references
   * whose identifiers and field tables read as English in every language). The config's
   * `exclude` adds to these; `excludePreset: false` drops them.
   */
  exclude?: readonly ExcludeRule[];
}

/**
 * A macro argument's role: `literal` is compared as written (a page, a file, a group name);
 * `heading` names a heading of the same page (`Simple_label_example`), which translations
 * translate with the heading, so it is compared as a reference to a heading; `page` is a page
 * path (`Games/Workflows/…/Move_the_ball`), compared as the page it leads to through the site's
 * and the locale's redirects (a translation may write its own old slug); `ignored` is
 * never compared (sizes, display text, arguments the macro no longer reads).
 */
export type MacroArg = 'literal' | 'heading' | 'page' | 'ignored';

/** A link macro call reduced to the URLs it may render as. */
export interface MacroLink {
  /** Site URLs (`/en-US/docs/Web/API/Node`), most direct first; absolute URLs when `external`. */
  urls: string[];
  anchor: string;
  /**
   * The macro links off the site (MDN `{{bug(N)}}` → Bugzilla): no internal link for the link
   * checks, but the same link as a Markdown link to any of `urls` for macro-mismatch.
   */
  external?: boolean;
}

/**
 * Frontmatter semantics of a layout, as data (configurable per site, documented per layout).
 * A key in none of the lists is not compared.
 */
export interface FrontmatterSemantics {
  /** Keys the build reads from the translation and that must equal English (GitHub Docs `versions`). */
  mustMatch: readonly string[];
  /**
   * Keys the build takes from the English page (MDN merges `page-type`, `browser-compat`…):
   * never "missing" from a translation, and a translation's own copy is not what readers get.
   */
  inherited: readonly string[];
  /** Keys that are text a translation translates (untranslated-field): title, short title, description. */
  translated: readonly string[];
  /** Keys readers see as page content, copied from English (Kubernetes feature gates' `stages` table). */
  content: readonly string[];
  /**
   * Names inside a compared key's map value that the build reads as one name (GitHub Docs reads
   * `versions: { free-pro-team: '*' }` as `{ fpt: '*' }`): old name → current name, per key.
   * Both sides are read with the current names before they are compared.
   */
  valueAliases?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Keys whose map values are release ranges (GitHub Docs `versions: { ghes: '>=2.21' }`): a lower
   * bound every documented release passes (the oldest documented release as English's version
   * conditions tell it) means every release, so `>=2.21` reads as `*` once 2.22 is the oldest.
   */
  releaseRanges?: readonly string[];
  /**
   * The releases that exist (GitHub Docs: GitHub Enterprise Server 2.0 … 2.22, 3.0, …), as
   * `major.minor`. Release ranges (`releaseRanges`) and Liquid version conditions compare by the
   * listed releases they admit: `>=2.23` is `>=3.0` when no 2.23 is listed. Without a list, bounds
   * compare as written.
   */
  releases?: readonly string[];
}

/** Redirect entries of one locale read from its redirect files, with their chains followed. */
export interface RedirectTable {
  /** Files read, for change detection (absolute paths). */
  files: string[];
  /** Final target key → every old key that ends there. */
  byTarget: Map<string, string[]>;
  /** Lines that could not be used: malformed, loops. */
  problems: { path: string; line: number; message: string }[];
}

/** Settings of a layout preset from the config file: presets are configured, not coded per site. */
export interface LayoutOptions {
  /** Root of the English source when it is another repository than the translations (MDN). */
  sourceRoot?: string;
  /** The site root: where a layout finds its redirect files when a check asks, and site files that resolve links (Hugo: hugo.toml, static/). */
  root?: string;
  /** Overrides the preset's frontmatter keys that must equal English (same as `frontmatter.mustMatch`). */
  frontmatterMustMatch?: string[];
  /** Overrides any of the preset's frontmatter lists (and its value aliases). */
  frontmatter?: Partial<Record<Exclude<keyof FrontmatterSemantics, 'valueAliases'>, string[]>> & { valueAliases?: Record<string, Record<string, string>> };
  /**
   * URL paths (globs, no language prefix) the site serves from files this checkout lacks
   * (theme layouts, pages in formats or folders left out of a content-only copy): links to
   * them are not broken. Hugo layout.
   */
  served?: string[];
  /**
   * How the layout reads a site file it needs beside the pages (MDN `_redirects.txt`): bytes,
   * or null when missing. Default: the disk. The in-memory check harness passes its files, so
   * it reads them with the indexer's own parser.
   */
  readFile?: (absPath: string) => Buffer | null;
}

/** A layout preset: the layout itself, or a factory that binds it to a config's options. */
export interface LayoutPreset {
  name: string;
  /** What `l10n-drift init` looks for in a folder: true when the folder has this layout. */
  detect(dir: string): boolean;
  create(options: LayoutOptions): Layout;
}
