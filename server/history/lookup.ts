import type { Db } from '../../db/index.ts';
import { completedClaimBases } from '../../db/repositories/history.ts';
import type { CheckDefinition, SiteLookups } from '../checks/define.ts';
import type { Config } from '../config.ts';
import { resolveBases, staleKey } from './bases.ts';
import type { ClaimBaseRecord } from './claims.ts';

/** Bases of completed claims, as the claims table records them. */
export function claimBases(db: Db): ClaimBaseRecord[] {
  return completedClaimBases(db).map((c) => ({ claimId: c.id, locale: c.locale, key: c.key, closedAt: c.closed_at, baseHash: c.base_hash }));
}

/**
 * The check runner's `SiteLookups.staleBase`: resolves every translation's base once
 * (git, index history, claims) when the stale-translation or base-unknown check is going to run.
 */
export function staleBaseLookup(db: Db, config: Config, checks: CheckDefinition[]): SiteLookups['staleBase'] | undefined {
  if (!checks.some((c) => c.id === 'stale-translation' || c.id === 'base-unknown')) return undefined;
  const bases = resolveBases(db, config, { claims: claimBases(db) });
  return (locale, key) => bases.get(staleKey(locale, key));
}
