import type { DocumentRow, LinkRow, LiquidRefRow, ParagraphRow, SectionRow } from '../../db/repositories/documents.ts';
import type { DetectedLanguage } from '../indexer/types.ts';

export type Severity = 'error' | 'warning' | 'info';

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
  paragraphs: ParagraphRow[];
  /**
   * Set when `paragraphs` was loaded in part (a large site's translations): it then holds
   * only the paragraphs that are or hold English, or equal an English paragraph (all that
   * english-fallback can flag), and this set names the languages of all of them.
   */
  paragraphLanguages?: ReadonlySet<string>;
  /** Languages of the translated frontmatter fields the indexer identified (untranslated-field); absent when it did not. */
  fieldLanguages?: ReadonlyMap<string, DetectedLanguage>;
}

/** A problem a check found, before the framework adds run, fingerprint and status. */
export interface Finding {
  /** Key into the check's `messages`. */
  messageId: string;
  /** Values for the message template's {{placeholders}}; also stored as the finding's data. */
  data: Record<string, unknown>;
  line?: number | null;
  section?: number | null;
  /** Detail that identifies this problem across unrelated edits (never a line number). */
  stable: string;
  /** Overrides the check's severity for this one finding. */
  severity?: Severity;
}
