export interface CoreProblem {
  relPath: string;
  message: string;
  /** False: the caller's classify must accept `relPath` for this to be a problem (walked without one). */
  classified: boolean;
}

export interface CoreWalk<T> {
  /** Paths relative to the walk root, posix, sorted. */
  rels: string[];
  /** What classify said of each (null each when walked without one). */
  infos: (T | null)[];
  sizes: number[];
  mtimes: number[];
  problems: CoreProblem[];
}

export function walkTree<T>(root: string, folders: readonly string[], classify: ((relPath: string) => T | null) | null): CoreWalk<T>;
