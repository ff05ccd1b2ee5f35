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

  /**
   * `read` of the key `<kind>:<locale>:<key>`, each built once: a full run of the snapshot makes
   * ~1.4 M lookups of ~78k keys, and a key built anew each time was a new string to hash in the
   * unit's read set (and again when its reads are stored); the same string keeps its hash, as do
   * the locale and key strings of the index's rows it is looked up by.
   */
  readAt(kind: 'doc' | 'exists' | 'redirect' | 'var' | 'base', locale: string, key: string): void {
    let byLocale = this.#keys.get(kind);
    if (!byLocale) this.#keys.set(kind, (byLocale = new Map()));
    let keys = byLocale.get(locale);
    if (!keys) byLocale.set(locale, (keys = new Map()));
    let dependency = keys.get(key);
    if (dependency === undefined) keys.set(key, (dependency = `${kind}:${locale}:${key}`));
    this.read(dependency);
  }

  /** The keys readAt built, by kind, locale and key. */
  readonly #keys = new Map<string, Map<string, Map<string, string>>>();

  replay(reads: readonly string[]): void {
    for (const key of reads) this.read(key);
  }
}
