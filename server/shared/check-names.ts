/**
 * The checks' names as people read them (column headers, filters, reports), by check id. A
 * check without one here is shown by its id with the dashes as spaces.
 */
const NAMES: Readonly<Record<string, string>> = {
  'missing-translation': 'Missing translation',
  'orphaned-translation': 'Orphaned translation',
  'missing-redirect': 'Missing redirects',
  'frontmatter-mismatch': 'Frontmatter differs',
  'untranslated-field': 'Untranslated fields',
  'outdated-link': 'Outdated links',
  'broken-link': 'Broken links',
  'link-mismatch': 'Links differ',
  'liquid-mismatch': 'Liquid differs',
  'liquid-syntax': 'Liquid syntax',
  'macro-mismatch': 'Macros differ',
  'structure-mismatch': 'Structure differs',
  'english-fallback': 'English left in',
  'stale-translation': 'Stale',
  'base-unknown': 'Base unknown',
  'parse-error': 'Parse errors',
};

export function checkName(id: string): string {
  const name = NAMES[id];
  if (name) return name;
  const words = id.replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The first paragraph under "## What it flags" of a check's doc page (server/checks/docs/<id>.md),
 * else the page's first paragraph, as plain text: the heatmap's header tooltip. Null for an empty page.
 */
export function docSummary(page: string): string | null {
  const m =
    /^## What it flags[ \t]*\n+([\s\S]*?)(?:\n[ \t]*\n|\n## |(?![\s\S]))/m.exec(page) ?? /^# [^\n]*\n+(?!#)([\s\S]*?)(?:\n[ \t]*\n|\n#|(?![\s\S]))/.exec(page);
  if (!m) return null;
  const text = m[1]!
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return text || null;
}
