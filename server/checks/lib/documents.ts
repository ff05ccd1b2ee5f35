import type { CheckDocumentRow } from '../types.ts';

/** A document's parse error as the indexer stored it (JSON); an unreadable record is `unreadable`. */
export function parseErrorOf(row: Pick<CheckDocumentRow, 'parse_error'>): { code?: string; message?: string; line?: number } | null {
  if (!row.parse_error) return null;
  try {
    return JSON.parse(row.parse_error) as { code?: string; message?: string; line?: number };
  } catch {
    return { code: 'unreadable', message: row.parse_error };
  }
}
