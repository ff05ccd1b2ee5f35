/**
 * What each pair's checks read of the site, for incremental check runs (server/run-checks.ts):
 * every site lookup a pair makes, found or not, becomes a dependency key, and a later run
 * re-checks the pair only when one of those keys changed. No SQL here: the runner stores them.
 *
 * Keys: `doc:<locale>:<key>` (a document, English's too), `exists:<locale>:<key>` (only whether a
 * live document is there, its kind and path: what resolving a link to it reads), `redirect:<locale>:<from>` (a redirect
 * entry), `var:<locale>:<name>` (a variable name), `leaf:<leaf>` (English variables by last
 * name), `oldest` (the oldest documented release), `base:<locale>:<key>` (a stale-detection base).
 */
export class DependencyTracker {
  /** The pair being checked: what it reads is added here (null between pairs). */
  #current: Set<string> | null = null;
  /** Open captures (a memo shared by pairs computing its answer), innermost last. */
  readonly #captures: string[][] = [];

  /** Starts recording a pair's reads. */
  begin(): Set<string> {
    return (this.#current = new Set());
  }

  /** Stops recording; returns what the pair read. */
  end(): Set<string> {
    const reads = this.#current ?? new Set<string>();
    this.#current = null;
    return reads;
  }

  read(key: string): void {
    this.#current?.add(key);
    for (const c of this.#captures) c.push(key);
  }

  /**
   * Runs `compute` for a memo shared by every pair of the run (a link's resolution, a page's
   * links): returns its value and what it read, so a pair that later gets the memoized value
   * counts those reads too (`replay`).
   */
  capture<T>(compute: () => T): { value: T; reads: readonly string[] } {
    const reads: string[] = [];
    this.#captures.push(reads);
    try {
      return { value: compute(), reads };
    } finally {
      this.#captures.pop();
    }
  }

  replay(reads: readonly string[]): void {
    for (const key of reads) this.read(key);
  }
}
