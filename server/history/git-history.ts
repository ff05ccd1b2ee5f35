import { catFiles, git, GitError, parseLog, readLog, type GitChange, type GitCommit } from './git.ts';

/** One change of an English file on the first-parent line, newest first, renames followed. */
export interface ChainEntry {
  /** Position in the log: 0 is the newest commit. */
  at: number;
  path: string;
  change: GitChange;
}

/**
 * The repository's first-parent history read once (`git log --raw`, no rename detection:
 * across a whole docs site with translations it costs minutes). English renames are
 * found afterwards, only where a file's history needs them: the same blob deleted and
 * added in one commit, the redirects of the English page, and git's own rename detection
 * (`git diff-tree -M --stdin`, one process for all commits that still need it).
 */
export class GitHistory {
  readonly commits: GitCommit[];
  private readonly bySha = new Map<string, number>();
  private readonly byPath = new Map<string, number[]>();
  /** Per path, the change at each position of `byPath` (the last one when a commit lists a path twice). */
  private readonly changesByPath = new Map<string, GitChange[]>();
  private readonly deletionsAt = new Map<number, { byBlob: Map<string, string[]>; byKey: Map<string, string> }>();
  /** `${at}\0${newPath}` → old path, from git's rename detection. */
  private readonly detected = new Map<string, string>();
  private readonly detectedCommits = new Set<number>();

  constructor(
    readonly top: string,
    commits: GitCommit[],
  ) {
    this.commits = commits;
    commits.forEach((c, at) => {
      this.bySha.set(c.sha, at);
      for (const change of c.changes) {
        // One entry per path, not per (commit, path): no key string per change.
        const list = this.byPath.get(change.path);
        if (!list) {
          this.byPath.set(change.path, [at]);
          this.changesByPath.set(change.path, [change]);
        } else if (list[list.length - 1] !== at) {
          list.push(at);
          this.changesByPath.get(change.path)!.push(change);
        } else this.changesByPath.get(change.path)![list.length - 1] = change;
      }
    });
  }

  static async read(top: string, pathspecs: string[] = []): Promise<GitHistory> {
    return new GitHistory(top, await readLog(top, { pathspecs }));
  }

  position(sha: string): number | undefined {
    return this.bySha.get(sha);
  }

  /** Position of the newest first-parent commit not newer than `time` (for commits off the line). */
  positionAtTime(time: number): number | undefined {
    const at = this.commits.findIndex((c) => c.time <= time);
    return at < 0 ? undefined : at;
  }

  change(at: number, path: string): GitChange | undefined {
    const list = this.byPath.get(path);
    if (!list) return undefined;
    const i = list.indexOf(at);
    return i < 0 ? undefined : this.changesByPath.get(path)![i];
  }

  /** Deleted files of one commit by blob and by key (`keyOf` of the path), built once per commit. */
  private deletions(at: number, keyOf: (path: string) => string | null) {
    let d = this.deletionsAt.get(at);
    if (!d) {
      d = { byBlob: new Map(), byKey: new Map() };
      for (const c of this.commits[at]?.changes ?? []) {
        if (c.status !== 'D') continue;
        if (c.oldBlob) {
          const list = d.byBlob.get(c.oldBlob);
          if (list) list.push(c.path);
          else d.byBlob.set(c.oldBlob, [c.path]);
        }
        const key = keyOf(c.path);
        if (key !== null && !d.byKey.has(key)) d.byKey.set(key, c.path);
      }
      this.deletionsAt.set(at, d);
    }
    return d;
  }

  /** Positions of the commits that changed `path`, newest first. */
  changesOf(path: string): number[] {
    return this.byPath.get(path) ?? [];
  }

  /**
   * The history of one English file, newest first, following renames backwards.
   * `oldPathsOf` names the paths the page answered to before (its redirects); `needsGit`
   * collects commits where an addition might be a rename only git can recognise.
   */
  chain(path: string, oldKeys: ReadonlySet<string> | undefined, keyOf: (path: string) => string | null, needsGit?: Set<number>): ChainEntry[] {
    const out: ChainEntry[] = [];
    let current = path;
    let after = -1;
    const seen = new Set<string>([path]);
    for (;;) {
      let next: { path: string; at: number } | null = null;
      const ats = this.byPath.get(current) ?? [];
      const changes = this.changesByPath.get(current) ?? [];
      for (let i = 0; i < ats.length; i++) {
        const at = ats[i]!;
        if (at <= after) continue;
        const change = changes[i]!;
        if (change.status === 'D') break;
        out.push({ at, path: current, change });
        if (change.status !== 'A') continue;
        const old = this.renamedFrom(at, change, oldKeys, keyOf, needsGit);
        if (old) next = { path: old, at };
        break;
      }
      if (!next || seen.has(next.path)) break;
      seen.add(next.path);
      current = next.path;
      // Older than the rename: the old path's deletion in that commit is the rename itself.
      after = next.at;
    }
    return out;
  }

  private renamedFrom(
    at: number,
    added: GitChange,
    oldKeys: ReadonlySet<string> | undefined,
    keyOf: (path: string) => string | null,
    needsGit?: Set<number>,
  ): string | null {
    const fromGit = this.detected.get(`${at}\0${added.path}`);
    if (fromGit) return fromGit;
    const deleted = this.deletions(at, keyOf);
    const side = keyOf(added.path);
    const exact = added.blob ? deleted.byBlob.get(added.blob)?.find((p) => keyOf(p) !== null && sameSide(keyOf(p)!, side)) : undefined;
    if (exact) return exact;
    for (const key of oldKeys ?? []) {
      const redirected = deleted.byKey.get(key);
      if (redirected) return redirected;
    }
    if (deleted.byKey.size > 0 && !this.detectedCommits.has(at)) needsGit?.add(at);
    return null;
  }

  /**
   * Runs git's rename detection over the English side of the given commits, in one process
   * that runs while the caller goes on: chains may only be built again after `record()` of
   * what it resolves to, which adds the renames.
   */
  async detectRenames(positions: Iterable<number>, pathspecs: string[]): Promise<{ record(): void }> {
    const lines: string[] = [];
    for (const at of positions) {
      const commit = this.commits[at];
      const parent = this.commits[at + 1];
      if (!commit || this.detectedCommits.has(at)) continue;
      this.detectedCommits.add(at);
      // The log is first-parent, so the next entry is this commit's first parent as far as these paths go.
      if (parent) lines.push(`${commit.sha} ${parent.sha}`);
    }
    if (lines.length === 0) return { record: () => {} };
    const args = ['-c', 'diff.renameLimit=100000', 'diff-tree', '--stdin', '-z', '-r', '-M', '--raw', '--no-abbrev', '--diff-filter=R', '--', ...pathspecs];
    // Lazy fetching stays as git has it: rename detection may need blobs a partial clone lacks.
    let out: Buffer;
    try {
      out = await git(this.top, args, lines.join('\n') + '\n', process.env);
    } catch (err) {
      throw new GitError(`git diff-tree -M failed: ${(err as Error).message}`);
    }
    return {
      record: () => {
        // diff-tree prints each commit's sha, then its changes; reuse the log parser by marking the shas.
        const text = out.toString('utf8').replace(/(^|\0)([0-9a-f]{40})\0/g, (_, lead: string, sha: string) => `${lead}\x01${sha} 0\0`);
        for (const commit of parseLog(text)) {
          const at = this.bySha.get(commit.sha);
          if (at === undefined) continue;
          for (const c of commit.changes) if (c.status === 'R' && c.oldPath) this.detected.set(`${at}\0${c.path}`, c.oldPath);
        }
      },
    };
  }

  /** Reads blobs in one `git cat-file --batch`. */
  blobs(shas: string[]): Promise<Map<string, Buffer | null>> {
    return catFiles(this.top, shas);
  }
}

/** Keys are `locale\0key`: a rename never crosses locales. */
function sameSide(a: string, b: string | null): boolean {
  return b !== null && a.slice(0, a.indexOf('\0')) === b.slice(0, b.indexOf('\0'));
}
