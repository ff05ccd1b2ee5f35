import { cleanProse } from '../../indexer/parse.ts';
import type { SiteLookups } from '../define.ts';

/** Letters in a string (any script). */
export function letterCount(text: string): number {
  return (text.match(/\p{L}/gu) ?? []).length;
}

/** Words of letters in a string. */
export function wordCount(text: string): number {
  return (text.match(/\p{L}[\p{L}'’-]*/gu) ?? []).length;
}

/** A frontmatter or paragraph text as language identification sees it: no Liquid, URLs or product names. */
export function proseOf(site: SiteLookups, value: string): string {
  const neutral = site.layout.neutralTerms;
  return cleanProse(value, neutral ? new RegExp(neutral.source, neutral.flags) : undefined);
}

/** Stable, order-independent JSON for comparing frontmatter values. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Short human form of a value for messages. */
export function brief(value: unknown, max = 80): string {
  const s = typeof value === 'string' ? value : canonicalJson(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
