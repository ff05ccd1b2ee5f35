import type { CheckDefinition } from './define.ts';
import brokenLink from './broken-link.ts';
import englishFallback from './english-fallback.ts';
import frontmatterMismatch from './frontmatter-mismatch.ts';
import linkMismatch from './link-mismatch.ts';
import liquidMismatch from './liquid-mismatch.ts';
import liquidSyntax from './liquid-syntax.ts';
import macroMismatch from './macro-mismatch.ts';
import missingRedirect from './missing-redirect.ts';
import missingTranslation from './missing-translation.ts';
import orphanedTranslation from './orphaned-translation.ts';
import parseError from './parse-error.ts';
import structureMismatch from './structure-mismatch.ts';
import untranslatedField from './untranslated-field.ts';
import outdatedLink from './outdated-link.ts';
import staleTranslation from './stale-translation.ts';
import baseUnknown from './base-unknown.ts';

/** Every check, in the order reports list them. A check missing here never runs (test/checks/parity.test.ts). */
export const CHECKS: CheckDefinition[] = [
  parseError,
  missingTranslation,
  orphanedTranslation,
  missingRedirect,
  frontmatterMismatch,
  untranslatedField,
  outdatedLink,
  brokenLink,
  linkMismatch,
  liquidMismatch,
  liquidSyntax,
  macroMismatch,
  structureMismatch,
  englishFallback,
  staleTranslation,
  baseUnknown,
];

export function getCheck(id: string): CheckDefinition | undefined {
  return CHECKS.find((c) => c.id === id);
}
