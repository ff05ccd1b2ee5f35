import type { HistoryDocument, HistoryRepository, VersionRef } from '../../db/repositories/history.ts';
import type { StaleBase } from '../checks/define.ts';
import type { FrontmatterSemantics } from '../layouts/types.ts';
import { fieldValues } from './fields.ts';

export function staleKey(locale: string, key: string): string {
  return `${locale}\0${key}`;
}

/** English versions recorded by the indexer (document_versions), read once per resolution. */
export class EnglishIndexHistory {
  private versionsByDoc: Map<number, VersionRef[]> | null = null;
  private dates: Map<number, string> | null = null;
  private oldKeys: Map<string, string[]> | null = null;
  private deleted: Map<string, HistoryDocument & { deleted_run: number }> | null = null;
  private readonly sectionCache = new Map<string, StaleBase['sections']>();

  constructor(
    private readonly repo: HistoryRepository,
    private readonly sourceLocale: string,
    private readonly english: Map<string, HistoryDocument>,
    private readonly semantics: FrontmatterSemantics,
    /**
     * Few translations are resolved (a check run's partial resolution): each English page's
     * versions, old keys and deleted rows are read by page, not every page's at once.
     */
    private readonly few = false,
  ) {}

  document(key: string): HistoryDocument | undefined {
    return this.english.get(key);
  }

  versions(documentId: number): VersionRef[] {
    if (this.few) {
      this.versionsByDoc ??= new Map();
      let list = this.versionsByDoc.get(documentId);
      if (!list) this.versionsByDoc.set(documentId, (list = this.repo.versionsOf(documentId)));
      return list;
    }
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
   * Every recorded version of an English page, those it had under its old keys first: a move
   * the index saw (the old key deleted in the run the new one appeared, and redirected to it)
   * keeps the page's history, so a rename is no new page whose translations lose their base.
   */
  history(english: HistoryDocument): VersionRef[] {
    const own = this.versions(english.id);
    const seen = new Set<number>([english.id]);
    let out = own;
    for (let d: HistoryDocument | undefined = this.movedFrom(english, english.key); d && !seen.has(d.id); d = this.movedFrom(d, english.key)) {
      seen.add(d.id);
      out = [...this.repo.versionsOf(d.id), ...out];
    }
    return out;
  }

  /**
   * The document of the same locale that `doc` replaced: deleted in the run `doc` first
   * appeared, at a key the English page at `englishKey` redirects from.
   */
  private movedFrom(doc: HistoryDocument, englishKey: string): HistoryDocument | undefined {
    if (!this.oldKeys) {
      this.oldKeys = new Map();
      for (const r of this.repo.redirects(this.sourceLocale)) {
        const list = this.oldKeys.get(r.to_key);
        if (list) list.push(r.from_key);
        else this.oldKeys.set(r.to_key, [r.from_key]);
      }
    }
    const oldKeys = this.oldKeys.get(englishKey);
    if (!oldKeys) return undefined;
    if (!this.few) this.deleted ??= this.repo.deletedDocuments();
    for (const key of oldKeys) {
      const old = this.few ? this.repo.deletedDocument(doc.locale, key) : this.deleted!.get(`${doc.locale}\0${key}`);
      if (old && old.deleted_run === doc.first_seen_run) return old;
    }
    return undefined;
  }

  /**
   * The content fields (title, short title, intro …) of an English version, as its recorded
   * frontmatter gives them; null when the version was recorded without its frontmatter.
   */
  fields(documentId: number, runId: number): Record<string, string> | null {
    const frontmatter = this.repo.versionFrontmatter(documentId, runId);
    return frontmatter === undefined ? null : fieldValues(frontmatter, this.semantics);
  }

  /**
   * The English version current at the run in which the translation last changed; the
   * versions recorded after it are how far the translation is behind.
   */
  baseOf(translation: HistoryDocument): StaleBase | undefined {
    const english = this.english.get(translation.key);
    if (!english) return undefined;
    const versions = this.history(english);
    // The run its content last changed in (not its row: a changed redirect file re-stores pages with the same bytes;
    // a row without one, written by a version from before the column, has its changed_run).
    // A translation moved with its English page (same bytes) was last changed at its old key.
    const contentRun = (d: HistoryDocument) => d.content_run ?? d.changed_run;
    let changedRun = contentRun(translation);
    for (let t: HistoryDocument | undefined = translation; t && contentRun(t) === t.first_seen_run;) {
      const old = this.movedFrom(t, english.key);
      if (!old || old.content_hash !== t.content_hash) break;
      changedRun = contentRun(old);
      t = old;
    }
    let at = -1;
    for (let i = 0; i < versions.length; i++) if (versions[i]!.run_id <= changedRun) at = i;
    const version = versions[at];
    if (!version) return undefined;
    const later = versions.length - at - 1;
    const last = versions[versions.length - 1]!;
    const date = this.runDate(changedRun);
    // The translation was already there when the index first saw its English page: which
    // English it was made from is unknown. Later English versions are still missing from it.
    const before = at === 0 && changedRun <= version.run_id;
    return {
      source: 'index',
      baseState: before ? 'unknown' : 'known',
      ref: String(version.run_id),
      date,
      sections: this.sections(version.document_id, version.run_id),
      // The latest version is English as it is now: no field can have changed since.
      fields: later > 0 ? this.fields(version.document_id, version.run_id) : null,
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
