import type { Fixer } from '../types.ts';
import frontmatterMismatch from './frontmatter-mismatch.ts';
import missingRedirect from './missing-redirect.ts';
import orphanedTranslation from './orphaned-translation.ts';
import outdatedLink from './outdated-link.ts';
import structureMismatch from './structure-mismatch.ts';

/** The checks whose findings can be fixed mechanically, by check id (each fixer's file says how; the check's doc page too). */
export const FIXERS: ReadonlyMap<string, Fixer> = new Map(
  [orphanedTranslation, missingRedirect, frontmatterMismatch, outdatedLink, structureMismatch].map((f) => [f.check, f]),
);

/** Whether a finding of this check and message has a mechanical fix. */
export function isFixable(check: string, messageId: string): boolean {
  return FIXERS.get(check)?.fixable.includes(messageId) ?? false;
}
