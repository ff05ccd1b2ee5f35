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

/** Whether any of `checks` reads the stale-detection bases. */
export function needsBases(checks: CheckDefinition[]): boolean {
  return checks.some((c) => c.id === 'stale-translation' || c.id === 'base-unknown');
}

/**
 * The check runner's `SiteLookups.staleBase`: resolves every translation's base once
 * (git, index history, claims) when the stale-translation or base-unknown check is going to
 * run. Asynchronous: git runs as child processes, before the checks' write transaction, whose
 * checks read the text of current English sections in it (`lazySources`).
 */
export async function resolveStaleBases(db: Db, config: Config, checks: CheckDefinition[], lazySources = true): Promise<SiteLookups['staleBase'] | undefined> {
  if (!needsBases(checks)) return undefined;
  const bases = await resolveBases(db, config, { claims: claimBases(db), lazySources });
  return (locale, key) => bases.get(staleKey(locale, key));
}
