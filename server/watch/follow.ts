import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { watchSite } from './site-watcher.ts';

/**
 * A save is one or a few events; `git pull` or a branch switch writes hundreds of files within
 * a second, with gaps well under this: `git checkout` of the Kubernetes site 10, 50 and 200
 * commits back and forth (33–831 events; scripts/measure-watch-gaps.ts) showed no gap over
 * 25.5 ms on a machine loaded ~7× its two cores, and 31.6 ms at ~7.5× (2026-12-05). An editor's
 * save is one or two events within 0.1 ms (vim, vim with backupcopy=yes, `sed -i`, a truncate and
 * write; `--editor`, same machine and load): the quiet time is for the checkouts, and below ~2× their
 * largest gap a branch switch would risk becoming two runs. The run starts once the site has been
 * quiet this long (it was 150 ms: half of the 300 ms a save may take to reach the API; a burst
 * split in two makes one follow-up run)…
 */
export const QUIET_MS = 60;
/** …or this long after the first change of a burst that never goes quiet. */
export const MAX_WAIT_MS = 1000;

export interface SiteFollower {
  /** Folders watched. */
  folders: number;
  /** Resolves once no change waits for its run and no run is starting, running or asked for. */
  settled(): Promise<void>;
  close(): void;
}

/**
 * `serve --watch`: re-indexes the site when a file the layout indexes changes, through the
 * server's Reindexer (in its re-index thread; one run at a time; changes during a run make one
 * follow-up run).
 * Dashboards hear of each finished run from GET /api/events.
 */
export function followSite(app: FastifyInstance, config: Config, options: { catchUp?: boolean } = {}): SiteFollower {
  let quiet: NodeJS.Timeout | null = null;
  let firstChange = 0;
  // The burst's changed paths: the run stats these instead of walking the site. null: a folder
  // failed to be watched, so what changed is unknown and the run walks.
  let paths: Set<string> | null = new Set();
  const flush = () => {
    if (quiet) clearTimeout(quiet);
    quiet = null;
    firstChange = 0;
    const burst = paths;
    paths = new Set();
    app.reindexer.request(burst ?? undefined);
  };
  const changed = (relPath: string | null) => {
    app.log.debug({ path: relPath }, 'site file changed');
    if (relPath === null) paths = null;
    else paths?.add(relPath);
    const now = Date.now();
    if (!firstChange) firstChange = now;
    if (quiet) clearTimeout(quiet);
    quiet = now - firstChange >= MAX_WAIT_MS ? null : setTimeout(flush, Math.min(QUIET_MS, MAX_WAIT_MS - (now - firstChange)));
    if (!quiet) flush();
  };
  const watcher = watchSite(config, changed, (err) => {
    app.log.error({ err }, 'watching the site failed for a folder');
    // Changes in that folder may have been missed: the next run walks the site.
    changed(null);
  });
  // The re-index thread loads while nothing has changed yet: the first save waits for its run only.
  void app.reindexer.warm();
  // Files changed while no server was watching.
  if (options.catchUp) app.reindexer.request();
  return {
    folders: watcher.folders,
    async settled() {
      while (quiet || app.reindexer.busy) await new Promise((r) => setTimeout(r, 20));
    },
    close() {
      if (quiet) clearTimeout(quiet);
      watcher.close();
    },
  };
}
