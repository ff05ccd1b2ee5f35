import type { DocumentRow, LinkRow, LiquidRefRow, ParagraphRow, SectionRow } from '../../db/repositories/documents.ts';
import type { Layout } from '../layouts/types.ts';

export type Severity = 'error' | 'warning' | 'info';

/** One indexed document with everything parsed from it, as the checks see it. */
export interface CheckDocument {
  row: DocumentRow;
  frontmatter: Record<string, unknown> | null;
  frontmatterLines: Record<string, number>;
  sections: SectionRow[];
  links: LinkRow[];
  liquid: LiquidRefRow[];
  paragraphs: ParagraphRow[];
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
