import type { CheckDocument } from '../types.ts';

/**
 * Pairs of English and translated section ordinals. Headings are translated, so sections
 * pair by position when both sides have the same number; otherwise the whole document
 * is compared as one unit (null ordinals).
 */
export function alignSections(english: CheckDocument, translation: CheckDocument): { english: number | null; translation: number | null }[] {
  if (english.sections.length === translation.sections.length && english.sections.length > 0) {
    return english.sections.map((s) => ({ english: s.ordinal, translation: s.ordinal }));
  }
  return [{ english: null, translation: null }];
}

export function inSection<T extends { section: number }>(items: T[], ordinal: number | null): T[] {
  return ordinal === null ? items : items.filter((i) => i.section === ordinal);
}
