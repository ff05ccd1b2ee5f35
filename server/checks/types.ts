export type { CheckDocument, CheckDocumentRow, CheckParagraph, LinkRow, LiquidRefRow, ParagraphRow, SectionRow } from '../shared/documents.ts';

export type { Severity } from '../shared/findings.ts';
import type { Severity } from '../shared/findings.ts';

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
