import type { CheckDocument } from '../checks/types.ts';
import type { FrontmatterSemantics } from '../layouts/types.ts';

/**
 * Frontmatter fields readers see, from the layout's frontmatter semantics (one list for the
 * checks and stale detection): the translated ones (title, short title, intro …) and the ones
 * shown as content (a Kubernetes feature gate's `stages` table). A change of one since the
 * base is a change the translation misses, reported apart from the sections.
 */
export function contentFields(semantics: FrontmatterSemantics): readonly string[] {
  return [...semantics.translated, ...semantics.content];
}

/** A content field's value as compared: strings trimmed, anything else (a `stages` list) as JSON. */
function valueOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value.trim() : JSON.stringify(value);
}

/** The content fields of a frontmatter, by name (absent ones left out). */
export function fieldValues(frontmatter: Record<string, unknown> | null, semantics: FrontmatterSemantics): Record<string, string> {
  const out: Record<string, string> = {};
  if (!frontmatter) return out;
  for (const f of contentFields(semantics)) {
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
export function fieldChanges(
  base: Record<string, string> | null | undefined,
  english: CheckDocument['frontmatter'],
  semantics: FrontmatterSemantics,
): FieldChange[] {
  if (!base) return [];
  const now = fieldValues(english, semantics);
  const out: FieldChange[] = [];
  for (const field of contentFields(semantics)) {
    const before = base[field] ?? null;
    const after = now[field] ?? null;
    if (before !== after) out.push({ field, before, after });
  }
  return out;
}
