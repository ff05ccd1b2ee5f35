import type { Db } from '../../db/index.ts';
import type { Config } from '../config.ts';
import { runChecksWithBases } from '../check-with-bases.ts';
import { indexSite, type AfterIndex, type IndexSummary } from '../indexer/indexer.ts';

/** The checks, run inside the index run's transaction (their bases resolved first). */
export function checksAfterIndex(config: Config): AfterIndex {
  return async (ctx) => {
    await runChecksWithBases(ctx.db, config, ctx.runId, ctx.now);
  };
}

/**
 * Indexes the site and runs the checks, as `l10n-drift index` does (the server's re-index thread
 * runs this too); `paths`: only these files changed since the last complete run (IndexOptions.paths).
 */
export async function indexWithChecks(
  config: Config,
  db: Db,
  now?: () => Date,
  paths?: readonly string[],
  options: { storingThreadParses?: boolean } = {},
): Promise<IndexSummary> {
  return indexSite({ config, db, ...(now ? { now } : {}), ...(paths ? { paths } : {}), ...options, afterIndex: checksAfterIndex(config) });
}
