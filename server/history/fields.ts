import type { CheckDocument } from '../checks/types.ts';

/**
 * Frontmatter fields readers see as content, per layout: the page title, its short title
 * and intro (GitHub Docs), `short-title` (MDN), a Hugo page's description and a
 * Kubernetes feature gate's `stages` (shown as a table). A change of one since the base is a
 * change the translation misses, reported apart from the sections.
 */
const CONTENT_FIELDS: Record<string, readonly string[]> = {
  'github-docs': ['title', 'shortTitle', 'intro'],
  mdn: ['title', 'short-title'],
  hugo: ['title', 'description', 'stages'],
};
const DEFAULT_FIELDS = ['title'];

export function contentFields(layout: string): readonly string[] {
  return CONTENT_FIELDS[layout] ?? DEFAULT_FIELDS;
}

/** A content field's value as compared: strings trimmed, anything else (a `stages` list) as JSON. */
function valueOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value.trim() : JSON.stringify(value);
}

/** The content fields of a frontmatter, by name (absent ones left out). */
export function fieldValues(frontmatter: Record<string, unknown> | null, layout: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!frontmatter) return out;
  for (const f of contentFields(layout)) {
    const v = valueOf(frontmatter[f]);
    if (v !== null) out[f] = v;
  }
  return out;
}

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** Content fields that differ between the base's values and the English page now. */
export function fieldChanges(base: Record<string, string> | null | undefined, english: CheckDocument['frontmatter'], layout: string): FieldChange[] {
  if (!base) return [];
  const now = fieldValues(english, layout);
  const out: FieldChange[] = [];
  for (const field of contentFields(layout)) {
    const before = base[field] ?? null;
    const after = now[field] ?? null;
    if (before !== after) out.push({ field, before, after });
  }
  return out;
}
