import type { HistoryRepository } from '../../db/repositories/history.ts';
import type { StaleBase } from '../checks/define.ts';
import { daysBetween, staleKey, type EnglishIndexHistory } from './index-history.ts';

/**
 * The English version recorded when a claim on an article was completed: the claims
 * table (API) stores the English content hash at completion as `base_hash`.
 */
export interface ClaimBaseRecord {
  claimId: number;
  locale: string;
  key: string;
  /** When the claim was completed (ISO 8601). */
  closedAt: string;
  /** English content hash at completion. */
  baseHash: string;
}

/**
 * Adds claim bases: a claim completed after the base the history gave (or where the
 * history gave none) says a translator brought the article up to that English version,
 * so it wins. Claims whose English version is no longer in the index history are skipped.
 */
export function applyClaimBases(bases: Map<string, StaleBase>, claims: ClaimBaseRecord[], history: EnglishIndexHistory, repo: HistoryRepository): void {
  for (const claim of claims) {
    const id = staleKey(claim.locale, claim.key);
    const current = bases.get(id);
    if (current?.date && current.date >= claim.closedAt && !current.problem && current.baseState === 'known') continue;
    const english = history.document(claim.key);
    if (!english) continue;
    const versions = history.history(english);
    let at = -1;
    versions.forEach((v, i) => {
      if (v.content_hash === claim.baseHash) at = i;
    });
    const version = versions[at];
    if (!version) continue;
    const later = versions.slice(at + 1);
    const last = later[later.length - 1];
    bases.set(id, {
      source: 'claim',
      baseState: 'known',
      ref: String(claim.claimId),
      date: claim.closedAt,
      sections: repo.versionSections(version.document_id, version.run_id),
      fields: later.length > 0 ? history.fields(version.document_id, version.run_id) : null,
      commitsBehind: later.length,
      daysBehind: last ? daysBetween(claim.closedAt, history.runDate(last.run_id)) : 0,
    });
  }
}
