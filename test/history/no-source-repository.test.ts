/**
 * MDN translations name mdn/content commits in `l10n.sourceCommit`, which only a git clone of
 * the English source can resolve (config `sourceRepository`, default `sourceRoot`). Without
 * one, a page that already carries its sourceCommit is told that the source repository is not
 * configured and how to configure it, never to set the entry it has. Real MDN sample pages,
 * indexed with their checks as `l10n-drift index` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyMdn, indexWith, type IndexedSite } from '../layouts/helpers.ts';
import { commitAll, git, tempDir } from './helpers.ts';

const ARRAY = 'web/javascript/reference/global_objects/array';
const SHA = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c';

/** Adds `l10n.sourceCommit` to the es page of `name` under `root`. */
function pin(root: string, name: string, commit: string): void {
  const file = path.join(root, `files/es/${ARRAY}/${name}/index.md`);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^---\n/, `---\nl10n:\n  sourceCommit: ${commit}\n`));
}

const sites: IndexedSite[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const s of sites) s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The sample with `at` pinned, set up as `how` says; base-unknown findings of es by page. */
async function setUp(how: 'plain' | 'git' | 'source-root-not-git'): Promise<Map<string, { messageId: string; reason: unknown; message: string }[]>> {
  const dir = copyMdn();
  dirs.push(dir);
  pin(dir, 'at', SHA);
  let raw: Record<string, unknown> = { layout: 'mdn', root: dir };
  if (how === 'git') {
    git(dir, ['init', '-q', '-b', 'main']);
    commitAll(dir, 'MDN sample, English and translations in one tree', '2023-01-01T12:00:00Z');
  } else if (how === 'source-root-not-git') {
    // English in a folder of its own (mdn/content) that is a plain copy, not a git clone.
    const content = tempDir('l10n-mdn-content-');
    dirs.push(content);
    fs.mkdirSync(path.join(content, 'files'), { recursive: true });
    fs.renameSync(path.join(dir, 'files/en-us'), path.join(content, 'files/en-us'));
    raw = { layout: 'mdn', root: dir, sourceRoot: content };
  }
  const site = await indexWith(raw, dir, ['base-unknown', 'stale-translation']);
  sites.push(site);
  const out = new Map<string, { messageId: string; reason: unknown; message: string }[]>();
  for (const f of site.findings('base-unknown', 'es')) {
    const page = f.key.split('/').at(-1)!;
    const data = JSON.parse(f.data_json) as Record<string, unknown>;
    out.set(page, [...(out.get(page) ?? []), { messageId: f.message_id, reason: data.baseReason ?? null, message: f.message }]);
  }
  return out;
}

describe('base unknown when sourceCommit names a commit of a source repository that is not configured', () => {
  const cases: { how: 'plain' | 'git' | 'source-root-not-git'; at: string; map: string }[] = [
    // A plain copy of translated-content with English inside it: no git at all.
    { how: 'plain', at: 'no-source-repository', map: 'no-git-history' },
    // The site is a git work tree, but its commits are not mdn/content's: the sha is not "unknown", the repository is missing.
    { how: 'git', at: 'no-source-repository', map: 'before-history' },
    // sourceRoot (the default sourceRepository) is a plain folder, not a clone.
    { how: 'source-root-not-git', at: 'no-source-repository', map: 'no-git-history' },
  ];
  it.each(cases)('$how: a page with sourceCommit is told to configure the source repository', async ({ how, at, map }) => {
    const found = await setUp(how);
    const [pinned] = found.get('at') ?? [];
    expect(pinned).toMatchObject({ messageId: 'noSourceRepository', reason: at });
    expect(pinned!.message).toContain('source repository not configured');
    expect(pinned!.message).toContain('"sourceRepository"');
    expect(pinned!.message).toContain(SHA);
    // Never the advice to set the entry the page already has.
    expect(pinned!.message).not.toMatch(/set l10n\.sourceCommit/);
    // A page without a sourceCommit keeps its own reason and advice.
    expect(found.get('map')?.map((f) => [f.messageId, f.reason])).toEqual([['baseUnknown', map]]);
    expect(found.get('map')![0]!.message).toContain('set l10n.sourceCommit');
    // The sample's real `ln10:` typo is still named as what it is.
    expect(found.get('keys')?.map((f) => f.messageId)).toContain('malformedSourceCommit');
  });
});
