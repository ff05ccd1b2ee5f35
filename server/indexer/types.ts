/** What the indexer stores for one file: the pure result of parse(path, bytes). */

export type DocumentKind = 'page' | 'reusable' | 'variables';

export type ParseErrorCode = 'yaml' | 'binary' | 'encoding' | 'size' | 'limits' | 'unreadable' | 'duplicate-key';

export interface ParseError {
  code: ParseErrorCode;
  message: string;
  line?: number;
}

export interface ParsedSection {
  ordinal: number;
  /** 0 for the text before the first heading. */
  level: number;
  heading: string;
  anchor: string;
  line: number;
  endLine: number;
  /** Normalized prose: whitespace, emphasis markers and link targets do not change it. */
  textHash: string;
  /** Language-neutral tokens in order (links, Liquid, code, images, list sizes). */
  skeletonHash: string;
  skeleton: string[];
  /** Ordered-list step numbers as written (`1.` `1.` `5.`), in order. */
  steps: number[];
  source: string;
}

export type LinkKind = 'internal' | 'external' | 'anchor' | 'image' | 'mail' | 'asset';

export interface ParsedLink {
  ordinal: number;
  section: number;
  target: string;
  kind: LinkKind;
  line: number;
  text: string;
}

/** `link-branch`: the Liquid branches a link sits in (server/indexer/link-branches.ts), JSON in `name`. */
export type LiquidRefKind = 'reusable' | 'variable' | 'data' | 'condition' | 'tag' | 'output' | 'syntax-error' | 'link-branch';

export interface ParsedLiquidRef {
  ordinal: number;
  /** -1 for references inside the frontmatter. */
  section: number;
  kind: LiquidRefKind;
  /** reusable/variable/data: the dotted path; condition: the expression; tag: its name; syntax-error: the message. */
  name: string;
  line: number;
  raw: string;
}

/** `link-item`: a list item whose words are all the text of links to other sites (a list of English resources by title). */
export type ParagraphKind = 'paragraph' | 'list-item' | 'link-item' | 'heading' | 'table' | 'blockquote';

export interface DetectedLanguage {
  /** ISO 639-1 code, or null when the text is too short or has no letters to judge. */
  lang: string | null;
  confidence: number;
}

export interface ParsedSentence extends DetectedLanguage {
  text: string;
}

export interface ParsedParagraph extends DetectedLanguage {
  ordinal: number;
  section: number;
  kind: ParagraphKind;
  line: number;
  endLine: number;
  /** Prose only: code, Liquid, URLs and link targets removed. */
  text: string;
  textHash: string;
  sentences: ParsedSentence[];
}

export interface ParsedDocument {
  contentHash: string;
  size: number;
  title: string | null;
  frontmatter: Record<string, unknown> | null;
  /** Line of each top-level frontmatter key, for findings that point at a field. */
  frontmatterLines: Record<string, number>;
  /** First line of the Markdown body (1-based). */
  bodyLine: number;
  error: ParseError | null;
  sections: ParsedSection[];
  links: ParsedLink[];
  liquid: ParsedLiquidRef[];
  paragraphs: ParsedParagraph[];
  /**
   * Language of each translated frontmatter field (TRANSLATED_FIELDS) that is a string, as
   * untranslated-field judges it: identified once here, in the parser threads, not in every
   * check run. Set for translated pages only.
   */
  fieldLanguages?: Record<string, DetectedLanguage>;
}
