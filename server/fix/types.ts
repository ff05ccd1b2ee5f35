import type { FindingRow } from '../../db/repositories/findings.ts';
import type { Layout } from '../layouts/types.ts';
import type { FileText, TextEdit } from './text.ts';

/** An open finding with its data parsed. */
export interface FixFinding extends FindingRow {
  data: Record<string, unknown>;
}

/**
 * What fixing one finding does to its file: text edits (with a test of the edited
 * frontmatter that must hold, or the fix is dropped), a move of the file to the path
 * English's page has in the locale, or its deletion.
 */
export type FixAction =
  { kind: 'edit'; edits: TextEdit[]; verify?: (frontmatter: Record<string, unknown> | null) => boolean } | { kind: 'move'; to: string } | { kind: 'delete' };

/** A fixer's answer for one finding: an action, or why this one cannot be fixed mechanically. */
export type FixResult = FixAction | { kind: 'skip'; reason: string };

export interface EnglishText {
  path: string;
  file: FileText;
  frontmatter: Record<string, unknown> | null;
}

export interface FixInput {
  /** The open findings of the fixer's check in one file, each of a fixable message. */
  findings: FixFinding[];
  /** The translation as it is on disk (unchanged since the index: the planner checked its hash). */
  file: FileText;
  frontmatter: Record<string, unknown> | null;
  /** The English page the translation is compared with, read from disk. */
  english: EnglishText | null;
  layout: Layout;
}

/**
 * How one check's findings are fixed (server/fix/fixers/<check-id>.ts, documented in the
 * "Fix" section of server/checks/docs/<check-id>.md). Findings of other messages, or that a
 * fixer skips, are left for a translator.
 */
export interface Fixer {
  check: string;
  /** The message ids whose findings have a mechanical fix. */
  fixable: readonly string[];
  /** One result per finding, in order. */
  fix(input: FixInput): FixResult[];
}
