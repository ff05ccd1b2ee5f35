import type { Severity, SeverityCounts } from './types';

/** Display order of the checks (DESIGN.md); unknown ids from the server follow alphabetically. */
export const CHECK_ORDER = [
  'missing-translation',
  'orphaned-translation',
  'missing-redirect',
  'frontmatter-mismatch',
  'untranslated-field',
  'outdated-link',
  'broken-link',
  'link-mismatch',
  'liquid-mismatch',
  'liquid-syntax',
  'structure-mismatch',
  'english-fallback',
  'stale-translation',
  'base-unknown',
  'parse-error',
] as const;

export function sortChecks(ids: Iterable<string>): string[] {
  const rank = (id: string) => {
    const i = (CHECK_ORDER as readonly string[]).indexOf(id);
    return i === -1 ? CHECK_ORDER.length : i;
  };
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Shape shown next to every severity colour, so colour is never the only cue. */
export const SEVERITY_MARK: Record<Severity, string> = { error: '▲', warning: '◆', info: '●' };

export function topSeverity(c: SeverityCounts): Severity | null {
  return c.error > 0 ? 'error' : c.warning > 0 ? 'warning' : c.info > 0 ? 'info' : null;
}

export function total(c: SeverityCounts): number {
  return c.error + c.warning + c.info;
}
