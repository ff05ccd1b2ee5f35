import type { Layout } from './types.ts';

/**
 * A key's URL as the checks spell it (`SiteLookups.urlOf`), for readers of the index outside a
 * check run (the article API, `export`): where the layout spells URLs from frontmatter (MDN
 * `slug`), from the stored live page at the key, English's first, else `locale`'s.
 * `frontmatterOf` returns a live document's stored `frontmatter_json`, or undefined.
 */
export function storedUrlOf(
  layout: Layout,
  key: string,
  locale: string | undefined,
  frontmatterOf: (locale: string, key: string) => string | null | undefined,
): string {
  if (!layout.urlFromFrontmatter) return layout.urlOf(key);
  // A live English page without stored frontmatter (null) is still English's page: the key's own spelling, as the checks give it.
  const english = frontmatterOf(layout.sourceLocale, key);
  const json = english !== undefined ? english : locale !== undefined && locale !== layout.sourceLocale ? frontmatterOf(locale, key) : undefined;
  let frontmatter: Record<string, unknown> | null = null;
  try {
    const value = json ? (JSON.parse(json) as unknown) : null;
    if (value && typeof value === 'object' && !Array.isArray(value)) frontmatter = value as Record<string, unknown>;
  } catch {
    /* unreadable stored frontmatter: the key's own spelling */
  }
  return layout.urlOf(key, frontmatter);
}
