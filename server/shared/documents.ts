/**
 * The indexed documents as the indexer stores them and the checks, history, routes and
 * reports read them: one set of types for every layer (db/ implements them, server/checks
 * receives them through a repository and never imports db/).
 */
import type { DetectedLanguage, DocumentKind } from '../indexer/types.ts';

export interface DocumentRow {
  id: number;
  locale: string;
  key: string;
  kind: DocumentKind;
  path: string;
  content_hash: string;
  size: number;
  mtime_ms: number;
  title: string | null;
  frontmatter_json: string | null;
  frontmatter_lines_json: string;
  body_line: number;
  parse_error: string | null;
  first_seen_run: number;
  changed_run: number;
  deleted_run: number | null;
}

export interface SectionRow {
  document_id: number;
  ordinal: number;
  level: number;
  heading: string;
  anchor: string;
  line: number;
  end_line: number;
  text_hash: string;
  skeleton_hash: string;
  steps_json: string;
  source: string;
}

export interface LinkRow {
  document_id: number;
  ordinal: number;
  section: number;
  target: string;
  kind: string;
  line: number;
  text: string;
}

export interface LiquidRefRow {
  document_id: number;
  ordinal: number;
  section: number;
  kind: string;
  name: string;
  line: number;
  raw: string;
}

export interface ParagraphRow {
  document_id: number;
  ordinal: number;
  section: number;
  kind: string;
  line: number;
  end_line: number;
  text: string;
  text_hash: string;
  lang: string | null;
  confidence: number;
  /** As stored: offsets into `text` (server/shared/sentences.ts decodes them). */
  sentences_json: string;
}

/**
 * A paragraph as the checks get it. `sentencesOmitted` is true when its sentences were left
 * out of what was loaded because it has some and none was detected as English (they are
 * read on access): english-fallback can skip it without reading them.
 */
export interface CheckParagraph extends ParagraphRow {
  readonly sentencesOmitted?: boolean;
}

/** The columns of a document row that checks read (a site's worth of the others is only memory to collect). */
export type CheckDocumentRow = Pick<DocumentRow, 'id' | 'locale' | 'key' | 'kind' | 'path' | 'parse_error'>;

/** One indexed document with everything parsed from it, as the checks see it. */
export interface CheckDocument {
  row: CheckDocumentRow;
  frontmatter: Record<string, unknown> | null;
  frontmatterLines: Record<string, number>;
  sections: SectionRow[];
  links: LinkRow[];
  liquid: LiquidRefRow[];
  paragraphs: CheckParagraph[];
  /**
   * Set when `paragraphs` was loaded in part (a large site's translations): it then holds
   * only the paragraphs that are or hold English, or equal an English paragraph (all that
   * english-fallback can flag), and this set names the languages of all of them.
   */
  paragraphLanguages?: ReadonlySet<string>;
  /** Languages of the translated frontmatter fields the indexer identified (untranslated-field); absent when it did not. */
  fieldLanguages?: ReadonlyMap<string, DetectedLanguage>;
}

/**
 * Every live document of a site as a repository hands it to the checks: by locale, then
 * key, and the redirect entries of a locale (old key → new key; the first entry wins).
 * db/repositories/check-documents.ts reads it from the index; the check test harness
 * builds it from parsed files in memory.
 */
export interface SiteDocuments {
  sourceLocale: string;
  documents: Map<string, Map<string, CheckDocument>>;
  /** Read when first asked for a locale; English's are asked for once per run. */
  redirects(locale: string): Map<string, string>;
  /**
   * The old keys whose redirect entry (as `redirects` has them) leads to `toKey`, in entry order,
   * when the repository reads entries on demand (without reading all of them).
   */
  redirectsTo?(locale: string, toKey: string): readonly string[];
  /**
   * The names of English's version conditions (each once, in no order), when the
   * repository loads documents on demand (so the oldest documented release needs no page loaded).
   */
  englishConditions?(): string[];
  /**
   * A locale's documents of one kind (its variables files), when the repository loads documents
   * on demand: found without walking the locale's other documents.
   */
  documentsOfKind?(locale: string, kind: CheckDocumentRow['kind']): Iterable<CheckDocument>;
}

/**
 * The English key a translation filed under `key` is compared with: English's own page at
 * that key, else the page English moved it to (an English redirect from `key`) when that is
 * the same kind of document. The checks and the API pair translations with this one rule.
 */
export function pairedEnglishKey(
  key: string,
  kind: string,
  englishKindOf: (key: string) => string | undefined,
  englishRedirect: (fromKey: string) => string | undefined,
): string | undefined {
  if (englishKindOf(key) !== undefined) return key;
  const to = englishRedirect(key);
  return to !== undefined && englishKindOf(to) === kind ? to : undefined;
}
