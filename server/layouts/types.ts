import type { DocumentKind } from '../indexer/types.ts';

/** Where a file belongs: its locale, what it is, and its key (the page's identity across locales). */
export interface ClassifiedFile {
  kind: DocumentKind;
  key: string;
}

/** A directory to walk for one locale, and the prefix its files have relative to the locale root. */
export interface WalkRoot {
  dir: string;
}

/** A link target reduced to the key it names, and how it got there. */
export interface LinkKey {
  key: string;
  /** Only a legacy URL rule (not the site's current URL scheme) produced this key. */
  legacy: boolean;
  anchor: string;
}

/**
 * A site layout: how paths map to (locale, key), where redirects live and how links
 * resolve. Layouts are small objects of functions; checks never know which one runs.
 */
export interface Layout {
  name: string;
  sourceLocale: string;
  /** Locales with a translation tree under the site root, sorted. */
  discoverLocales(root: string): string[];
  /** The folder that holds a locale's files. */
  localeRoot(root: string, locale: string): string;
  /** What a file is, from its path relative to its locale root (posix separators); null to skip it. */
  classify(relPath: string): ClassifiedFile | null;
  /** A page's key once its frontmatter is known (MDN keys are frontmatter slugs). */
  keyOf(classified: ClassifiedFile, frontmatter: Record<string, unknown> | null): string;
  /** Keys this page also answers to (old URLs), from its frontmatter. */
  redirectsOf(frontmatter: Record<string, unknown> | null): string[];
  /** Candidate keys for an internal link target, most direct first; empty when it is not a page link. */
  linkKeys(target: string): LinkKey[];
  /** URL path of a key, for messages and suggestions. */
  urlOf(key: string): string;
  /** Terms that stay the same in every language (product names), ignored by language identification. */
  neutralTerms?: RegExp;
}
