import { diffWords } from 'diff';
import type { Db } from '../../db/index.ts';
import { ArticlesRepository } from '../../db/repositories/articles.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { HistoryRepository } from '../../db/repositories/history.ts';
import type { StaleBase } from '../checks/define.ts';
import type { Config } from '../config.ts';
import { resolveBases, staleKey, type ResolveOptions } from './bases.ts';
import { compareSections, type SectionChange } from './compare.ts';
import { fieldChanges, type FieldChange } from './fields.ts';
import { claimBases } from './lookup.ts';

/** One run of a word diff: text both versions have, or text only the base or only now has. */
export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export interface SectionDiff extends SectionChange {
  parts: DiffPart[];
}

export interface EnglishDiff {
  locale: string;
  key: string;
  base: Omit<StaleBase, 'sections'> | null;
  /**
   * True when English changed since the base in a way the translation has to follow; false when
   * it did not (or only cosmetically); null when that cannot be told: no base, or a base that is
   * unknown and shows no change since the oldest English version history has (unknown is never
   * "up to date").
   */
  stale: boolean | null;
  sections: SectionDiff[];
  /** Content fields of the frontmatter (title, short title, intro …) that changed since the base: their own part of the diff. */
  fields: FieldChange[];
}

/** Word-level diff of one English section source, from base to now. */
export function diffSection(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

/**
 * What changed in English since the version a translation was made from, per changed
 * section, as a word diff (the API's article view and `l10n-drift diff`). Pass the base
 * when the caller already has it (the check run's map); otherwise it is resolved for
 * this one article.
 */
export async function englishChanges(
  db: Db,
  config: Config,
  locale: string,
  key: string,
  base?: StaleBase,
  options: Omit<ResolveOptions, 'only'> = {},
): Promise<EnglishDiff | null> {
  const documents = new DocumentsRepository(db);
  const source = config.layout.sourceLocale;
  const translation = documents.get(locale, key);
  if (!translation || translation.deleted_run !== null) return null;
  // The English page it pairs with by the checks' rule (its own key, or where English redirects it), as the article view does.
  const english = documents.get(source, new ArticlesRepository(db).englishKeyFor(source, key, translation.kind) ?? key);
  if (!english || english.deleted_run !== null) return null;
  // Completed claims count here as in the check run: a completed article shows no English diff.
  const resolved = base ?? (await resolveBases(db, config, { claims: claimBases(db), ...options, only: [{ locale, key }] })).get(staleKey(locale, key));
  if (!resolved) return { locale, key, base: null, stale: null, sections: [], fields: [] };
  const { sections: baseSections, ...rest } = resolved;
  const unknown = resolved.baseState === 'unknown';
  if (!baseSections) return { locale, key, base: rest, stale: unknown ? null : Boolean(resolved.commitsBehind), sections: [], fields: [] };
  const fields = fieldChanges(
    resolved.fields,
    english.frontmatter_json ? (JSON.parse(english.frontmatter_json) as Record<string, unknown>) : null,
    config.layout.frontmatter,
  );
  const current = new HistoryRepository(db).currentSections(english.id);
  const targets = new Set(documents.links(translation.id).map((l) => l.target));
  const changes = compareSections(baseSections, current, targets);
  const byBase = new Map(baseSections.map((s) => [s.ordinal, s]));
  const byCurrent = new Map(current.map((s) => [s.ordinal, s]));
  const sections = changes.map((c) => {
    const before = c.baseOrdinal === null ? '' : (byBase.get(c.baseOrdinal)?.source ?? '');
    const after = c.ordinal === null ? '' : (byCurrent.get(c.ordinal)?.source ?? '');
    return { ...c, parts: diffSection(before, after) };
  });
  const changed = sections.length > 0 || fields.length > 0;
  // An unknown base's sections are the oldest English version known: a change since then is certain, none proves nothing.
  return { locale, key, base: rest, stale: changed ? true : unknown ? null : false, sections, fields };
}

/**
 * The article API's shape: word diff (`diff` change objects) of each changed English
 * section keyed by its current ordinal; a removed section is keyed by -(base ordinal + 1).
 * Null when the article has no English page or no translation.
 */
export async function englishDiff(
  db: Db,
  config: Config,
  locale: string,
  key: string,
): Promise<Map<number, { added: boolean; removed: boolean; value: string }[]> | null> {
  const changes = await englishChanges(db, config, locale, key);
  if (!changes) return null;
  const out = new Map<number, { added: boolean; removed: boolean; value: string }[]>();
  for (const s of changes.sections) {
    out.set(
      s.ordinal ?? -((s.baseOrdinal ?? 0) + 1),
      s.parts.map((p) => ({ added: p.op === 'added', removed: p.op === 'removed', value: p.text })),
    );
  }
  return out;
}
