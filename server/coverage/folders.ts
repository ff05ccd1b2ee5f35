import { countStates, type CoverageCounts, type CoverageState } from './model.ts';
import { sumWords, type ArticleWords, type LocaleWords } from './words.ts';

/** One folder of a locale's articles with the coverage counts of everything under it. */
export interface FolderSummary {
  /** Segments joined with `/` ('' for the whole site): `admin/configuration`, `reusables/accounts`. */
  path: string;
  /** The last segment ('' for the whole site). */
  name: string;
  counts: CoverageCounts;
  /** Words to translate and changed under it (the same sums as the overview's). */
  words: LocaleWords;
  /** Subfolders directly inside. */
  folders: number;
  /** Articles directly inside (not in a subfolder). */
  articles: number;
}

export interface FolderListing {
  folder: FolderSummary;
  /** Its subfolders, most articles first. */
  children: FolderSummary[];
}

/**
 * The folder an article sits in, as segments: a page's key by its `/` (`admin/configuration/x`
 * → `admin`, `configuration`), a reusable's or variables file's by its `.` (the data name
 * `reusables.accounts.create-account` → `reusables`, `accounts`).
 */
export function folderSegments(key: string, kind: string): string[] {
  const parts = key.split(kind === 'page' ? '/' : '.');
  parts.pop();
  return parts.filter((p) => p !== '');
}

/**
 * A folder of the per-folder progress tree and its direct subfolders, each with the coverage
 * counts of every article under it: the same rows and states as the locale's list and
 * overview (the coverage model), so a folder's counts add up to its subfolders' and its own
 * articles'. Null when no article is under `folder`.
 */
export function folderListing(rows: Iterable<{ key: string; kind: string; state: CoverageState; words: ArticleWords }>, folder: string): FolderListing | null {
  const prefix = folder === '' ? [] : folder.split('/');
  type Row = { state: CoverageState; words: ArticleWords };
  const own: Row[] = [];
  const direct: Row[] = [];
  const children = new Map<string, { rows: Row[]; folders: Set<string>; articles: number }>();
  for (const r of rows) {
    const segs = folderSegments(r.key, r.kind);
    if (segs.length < prefix.length || prefix.some((p, i) => segs[i] !== p)) continue;
    own.push(r);
    if (segs.length === prefix.length) {
      direct.push(r);
      continue;
    }
    const name = segs[prefix.length]!;
    let child = children.get(name);
    if (!child) children.set(name, (child = { rows: [], folders: new Set(), articles: 0 }));
    child.rows.push(r);
    if (segs.length === prefix.length + 1) child.articles++;
    else child.folders.add(segs[prefix.length + 1]!);
  }
  if (own.length === 0) return null;
  const join = (name: string) => (folder === '' ? name : `${folder}/${name}`);
  return {
    folder: summary(folder, prefix.at(-1) ?? '', own, children.size, direct.length),
    children: [...children]
      .map(([name, c]) => summary(join(name), name, c.rows, c.folders.size, c.articles))
      .sort((a, b) => b.counts.englishArticles + b.counts.orphaned + b.counts.leftover - (a.counts.englishArticles + a.counts.orphaned + a.counts.leftover) || a.name.localeCompare(b.name)),
  };
}

function summary(path: string, name: string, rows: { state: CoverageState; words: ArticleWords }[], folders: number, articles: number): FolderSummary {
  return { path, name, counts: countStates(rows.map((r) => r.state)), words: sumWords(rows), folders, articles };
}
