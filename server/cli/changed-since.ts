import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../db/index.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { FindingsRepository, type FindingWithStatus } from '../../db/repositories/findings.ts';
import { runChecksWithBases } from '../check-with-bases.ts';
import { loadConfig, type Config, type ConfigOverrides } from '../config.ts';
import { gitToplevel } from '../history/git.ts';
import { hasEnglishSource, indexSite } from '../indexer/indexer.ts';
import { UsageError } from './context.ts';

/** A translation an English change makes stale: the sections (or frontmatter fields) it now misses. */
export interface MadeStale {
  locale: string;
  key: string;
  /** The translation's file, relative to the site root. */
  path: string | null;
  /** Sections newly to update (as the stale-translation finding names them), and changed frontmatter fields. */
  sections: string[];
  fields: string[];
  /** The stale-translation finding after the change. */
  finding: FindingWithStatus;
}

/** What a change since a git ref does to the translations. */
export interface Impact {
  ref: string;
  sha: string;
  /** Files the change touches, relative to the site root: English pages and translations. */
  english: { path: string; key: string }[];
  translations: { path: string; locale: string; key: string }[];
  /** Findings on touched translation files that the change adds, and those it fixes. */
  added: FindingWithStatus[];
  fixed: FindingWithStatus[];
  /** Translations the touched English pages make stale, per locale and section. */
  stale: MadeStale[];
}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' } });
  return { ok: !r.error && r.status === 0, out: r.stdout ?? '', err: (r.stderr ?? '').trim() || (r.error?.message ?? '') };
}

/** Every open finding of the latest check run. */
function openFindings(db: Db, run?: number): FindingWithStatus[] {
  const repo = new FindingsRepository(db);
  const items: FindingWithStatus[] = [];
  const limit = 100_000;
  for (let offset = 0; ; offset += limit) {
    const page = repo.list({ status: 'open', limit, offset, ...(run !== undefined ? { run } : {}) });
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) break;
  }
  return items;
}

/**
 * The site as it was at `sha`: a shared clone (objects borrowed from the repository, nothing
 * written into it) checked out in a temporary folder, indexed and checked into a temporary
 * database with the same configuration. Removed afterwards.
 */
async function findingsAt(
  config: Config,
  overrides: ConfigOverrides,
  top: string,
  sha: string,
): Promise<{ findings: FindingWithStatus[]; documents: { locale: string; key: string; path: string }[] }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-before-'));
  try {
    const clone = path.join(tmp, 'repo');
    const cloned = git(tmp, ['clone', '-q', '--shared', '--no-checkout', top, clone]);
    if (!cloned.ok) throw new Error(`cannot clone ${top} to read ${sha}: ${cloned.err}`);
    const checkout = git(clone, ['-c', 'advice.detachedHead=false', 'checkout', '-q', '--detach', sha]);
    if (!checkout.ok) throw new Error(`cannot check out ${sha}: ${checkout.err}`);
    const root = path.join(clone, path.relative(top, config.root));
    // The same configuration file, read again for the other root (layouts are configured with their root).
    const before = loadConfig({ ...overrides, root, db: path.join(tmp, 'before.db') });
    // The site did not exist yet at `sha` (or not its English source): everything is new since.
    if (!fs.existsSync(root) || !hasEnglishSource(before)) return { findings: [], documents: [] };
    const db = openDb(before.db);
    try {
      await indexSite({ config: before, db, afterIndex: async ({ db: tx, runId, now }) => void (await runChecksWithBases(tx, before, runId, now)) });
      const documents = new DocumentsRepository(db).liveDocuments().map((d) => ({ locale: d.locale, key: d.key, path: d.path }));
      return { findings: openFindings(db), documents };
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Sections (labels as the finding names them) of a stale-translation finding. */
function staleParts(f: FindingWithStatus | undefined): { sections: string[]; fields: string[]; commits: number } {
  if (!f) return { sections: [], fields: [], commits: 0 };
  const data = JSON.parse(f.data_json) as { changedSections?: string[]; changedFields?: string[]; commitsBehind?: number | null };
  return { sections: data.changedSections ?? [], fields: data.changedFields ?? [], commits: data.commitsBehind ?? 0 };
}

/**
 * What the change from `ref` to the indexed work tree does: findings on the translation
 * files it touches (new and fixed, by fingerprint and content), and the translations the
 * English files it touches make stale. The latest run of `db` is the "after"; the "before"
 * is the site at `ref`, indexed and checked with the same configuration.
 */
export async function changedSince(db: Db, config: Config, overrides: ConfigOverrides, ref: string): Promise<Impact> {
  const top = await gitToplevel(config.root);
  if (!top) throw new UsageError(`--changed-since needs the site root (${config.root}) inside a git work tree with commits`);
  const resolved = git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!resolved.ok) throw new UsageError(`--changed-since: "${ref}" names no commit of ${top}`);
  const sha = resolved.out.trim();

  // Files changed between ref and the work tree (committed or not), and new files git does not track yet.
  const diff = git(top, ['diff', '--name-only', '-z', '--no-renames', sha, '--']);
  const untracked = git(top, ['ls-files', '-z', '--others', '--exclude-standard']);
  if (!diff.ok) throw new Error(`git diff ${sha}: ${diff.err}`);
  const rootRel = (p: string) => path.relative(config.root, path.join(top, p)).split(path.sep).join('/');
  const touched = new Set(
    [...diff.out.split('\0'), ...untracked.out.split('\0')]
      .filter(Boolean)
      .map(rootRel)
      .filter((p) => !p.startsWith('../')),
  );

  // Nothing changed: nothing added, fixed or made stale (no need to index the site twice).
  if (touched.size === 0) return { ref, sha, english: [], translations: [], added: [], fixed: [], stale: [] };
  const source = config.layout.sourceLocale;
  const afterDocs = new DocumentsRepository(db).liveDocuments();
  const before = await findingsAt(config, overrides, top, sha);
  const docsOf = new Map<string, { locale: string; key: string; path: string }>();
  for (const d of [...before.documents, ...afterDocs]) if (touched.has(d.path)) docsOf.set(d.path, { locale: d.locale, key: d.key, path: d.path });
  const english = [...docsOf.values()].filter((d) => d.locale === source).map((d) => ({ path: d.path, key: d.key }));
  const translations = [...docsOf.values()].filter((d) => d.locale !== source);

  const after = openFindings(db);
  const translationPaths = new Set(translations.map((t) => t.path));
  const onTouched = (list: FindingWithStatus[]) => list.filter((f) => f.path !== null && translationPaths.has(f.path) && f.locale !== source);
  // A finding is the same when its fingerprint and message are: a changed message (another count, another target) is new.
  const sig = (f: FindingWithStatus) => `${f.fingerprint}\0${f.message}`;
  const beforeTouched = onTouched(before.findings);
  const afterTouched = onTouched(after);
  const beforeSigs = new Set(beforeTouched.map(sig));
  const afterSigs = new Set(afterTouched.map(sig));
  const added = afterTouched.filter((f) => !beforeSigs.has(sig(f)));
  const fixed = beforeTouched.filter((f) => !afterSigs.has(sig(f)));

  // Stale: every stale-translation finding against what it said before the change. Not only those
  // under a touched English key: a translation filed under an old key (a moved page) and pages
  // including a touched reusable are made stale by it too.
  const staleBefore = new Map(before.findings.filter((f) => f.check_id === 'stale-translation').map((f) => [f.fingerprint, f]));
  const stale: MadeStale[] = [];
  for (const f of after) {
    if (f.check_id !== 'stale-translation' || f.locale === source) continue;
    const now = staleParts(f);
    const was = staleParts(staleBefore.get(f.fingerprint));
    const sections = now.sections.filter((s) => !was.sections.includes(s));
    const fields = now.fields.filter((s) => !was.fields.includes(s));
    // Behind with no comparable sections ("behind" message): stale when English moved further.
    const moved = now.sections.length === 0 && now.fields.length === 0 && now.commits > was.commits;
    if (sections.length === 0 && fields.length === 0 && !moved) continue;
    stale.push({ locale: f.locale, key: f.key, path: f.path, sections, fields, finding: f });
  }
  stale.sort((a, b) => a.locale.localeCompare(b.locale) || a.key.localeCompare(b.key));
  return { ref, sha, english, translations, added, fixed, stale };
}
