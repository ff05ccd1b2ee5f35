import type { HistoryDocument, HistoryRepository, VersionRef } from '../../db/repositories/history.ts';
import type { StaleBase } from '../checks/define.ts';

export function staleKey(locale: string, key: string): string {
  return `${locale}\0${key}`;
}

/** English versions recorded by the indexer (document_versions), read once per resolution. */
export class EnglishIndexHistory {
  private versionsByDoc: Map<number, VersionRef[]> | null = null;
  private dates: Map<number, string> | null = null;
  private readonly sectionCache = new Map<string, StaleBase['sections']>();

  constructor(
    private readonly repo: HistoryRepository,
    private readonly sourceLocale: string,
    private readonly english: Map<string, HistoryDocument>,
  ) {}

  document(key: string): HistoryDocument | undefined {
    return this.english.get(key);
  }

  versions(documentId: number): VersionRef[] {
    this.versionsByDoc ??= this.repo.versionsOfLocale(this.sourceLocale);
    return this.versionsByDoc.get(documentId) ?? [];
  }

  runDate(runId: number): string | null {
    this.dates ??= this.repo.runDates();
    return this.dates.get(runId) ?? null;
  }

  sections(documentId: number, runId: number): StaleBase['sections'] {
    const id = `${documentId}:${runId}`;
    if (!this.sectionCache.has(id)) this.sectionCache.set(id, this.repo.versionSections(documentId, runId));
    return this.sectionCache.get(id) ?? null;
  }

  /**
   * The English version current at the run in which the translation last changed; the
   * versions recorded after it are how far the translation is behind.
   */
  baseOf(translation: HistoryDocument): StaleBase | undefined {
    const english = this.english.get(translation.key);
    if (!english) return undefined;
    const versions = this.versions(english.id);
    let at = -1;
    for (let i = 0; i < versions.length; i++) if (versions[i]!.run_id <= translation.changed_run) at = i;
    const version = versions[at];
    if (!version) return undefined;
    const later = versions.length - at - 1;
    const last = versions[versions.length - 1]!;
    const date = this.runDate(translation.changed_run);
    // The translation was already there when the index first saw its English page: which
    // English it was made from is unknown. Later English versions are still missing from it.
    const before = at === 0 && translation.changed_run <= version.run_id;
    return {
      source: 'index',
      baseState: before ? 'unknown' : 'known',
      ref: String(version.run_id),
      date,
      sections: this.sections(english.id, version.run_id),
      commitsBehind: later,
      daysBehind: later > 0 ? daysBetween(date, this.runDate(last.run_id)) : 0,
    };
  }
}

export function daysBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 86_400_000)) : null;
}
