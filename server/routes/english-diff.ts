import type { Db } from '../../db/index.ts';
import type { Config } from '../config.ts';

export type SectionDiff = { added: boolean; removed: boolean; value: string }[];

/** Word diff of each changed English section (by ordinal) from a translation's base to now. */
export type EnglishDiff = (db: Db, config: Config, locale: string, key: string) => Map<number, SectionDiff> | null;

/**
 * Stale detection (server/history) computes the English diff; the article route uses it
 * when that module is present and answers without a diff otherwise.
 */
export async function loadEnglishDiff(): Promise<EnglishDiff | null> {
  const spec = '../history/diff.ts';
  const mod = (await import(/* @vite-ignore */ spec).catch(() => null)) as { englishDiff?: EnglishDiff } | null;
  return typeof mod?.englishDiff === 'function' ? mod.englishDiff : null;
}
