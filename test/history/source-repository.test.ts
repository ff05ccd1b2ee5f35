/**
 * Stale detection for MDN with two repositories: English (mdn/content) in a git repository
 * of its own, named by config `sourceRepository` (a work tree or a bare git directory), and
 * translations (translated-content) that name the English commit in `l10n.sourceCommit`.
 * The English side is the real MDN sample put in a temp git repository with controlled edits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexWith, MDN_SAMPLE } from '../layouts/helpers.ts';
import { commitAll, git, tempDir } from './helpers.ts';

const ARRAY = 'web/javascript/reference/global_objects/array';
const AT = `files/en-us/${ARRAY}/at/index.md`;
const INTRO = 'Negative integers count back from the last item in the array.';
const RETURN = 'The element in the array matching the given index.';

let dir: string;
let content: string;
let translated: string;
const sha: Record<string, string> = {};

function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file}: "${from}" not found`);
  fs.writeFileSync(file, text.replace(from, to));
}

/** The es page of `name` with `l10n.sourceCommit` added to its frontmatter. */
function pin(name: string, commit: string): void {
  const file = path.join(translated, `files/es/${ARRAY}/${name}/index.md`);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace(/^---\n/, `---\nl10n:\n  sourceCommit: ${commit}\n`));
}

beforeAll(() => {
  dir = tempDir('l10n-source-repo-');
  content = path.join(dir, 'content');
  translated = path.join(dir, 'translated-content');
  fs.mkdirSync(path.join(content, 'files'), { recursive: true });
  fs.cpSync(path.join(MDN_SAMPLE, 'files/en-us'), path.join(content, 'files/en-us'), { recursive: true });
  git(content, ['init', '-q', '-b', 'main']);
  sha.c1 = commitAll(content, 'Array pages', '2023-01-01T12:00:00Z');
  // c2 changes at's introduction, c3 another page only, c4 at's return value.
  edit(path.join(content, AT), INTRO, `${INTRO} Fractional indexes are truncated.`);
  sha.c2 = commitAll(content, 'at: intro', '2023-02-01T12:00:00Z');
  edit(path.join(content, `files/en-us/${ARRAY}/flat/index.md`), '{{JSRef}}', '{{JSRef}}\n\nSee also flatMap.');
  sha.c3 = commitAll(content, 'flat: see also', '2023-03-01T12:00:00Z');
  edit(path.join(content, AT), RETURN, `${RETURN} It is never a copy.`);
  sha.c4 = commitAll(content, 'at: return value', '2023-04-01T12:00:00Z');

  fs.mkdirSync(path.join(translated, 'files'), { recursive: true });
  fs.cpSync(path.join(MDN_SAMPLE, 'files/es'), path.join(translated, 'files/es'), { recursive: true });
  pin('at', sha.c1!); // two at changes behind
  pin('flat', sha.c4!); // made from English HEAD: up to date
  pin('map', 'e0c0ffee00000000000000000000000000000000'); // no such commit
  // The sample's one real sourceCommit (keys) names an mdn/content commit this repository does not have.
  fs.rmSync(path.join(translated, `files/es/${ARRAY}/keys`), { recursive: true });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Stale {
  key: string;
  messageId: string;
  commitsBehind: unknown;
  baseRef: unknown;
  changed: unknown;
}

/** The last staleFindings call's base-unknown pages and their reasons. */
let unknownReasons = new Map<string, string>();

async function staleFindings(sourceRepository: string | null): Promise<Stale[]> {
  const site = await indexWith({ layout: 'mdn', root: translated, sourceRoot: content, ...(sourceRepository ? { sourceRepository } : {}) }, dir, [
    'stale-translation',
    'base-unknown',
  ]);
  try {
    unknownReasons = new Map(
      site
        .findings('base-unknown', 'es')
        .filter((f) => f.message_id === 'baseUnknown')
        .map((f) => [f.key.slice(ARRAY.length + 1), (JSON.parse(f.data_json) as { baseReason: string }).baseReason]),
    );
    return [...site.findings('stale-translation', 'es'), ...site.findings('base-unknown', 'es').filter((f) => f.message_id !== 'baseUnknown')]
      .map((f) => {
        const data = JSON.parse(f.data_json) as Record<string, unknown>;
        return {
          key: f.key.slice(ARRAY.length + 1),
          messageId: f.message_id,
          commitsBehind: data.commitsBehind,
          baseRef: data.baseRef,
          changed: data.changedCount,
        };
      })
      .sort((a, b) => a.key.localeCompare(b.key));
  } finally {
    site.close();
  }
}

describe('stale-translation with English in its own repository (config sourceRepository)', () => {
  const full = () => [
    { key: 'at', messageId: 'stale', commitsBehind: 2, baseRef: sha.c1, changed: 2 },
    { key: 'map', messageId: 'unknownSourceCommit', commitsBehind: null, baseRef: 'e0c0ffee00000000000000000000000000000000', changed: undefined },
  ];

  it('sourceRoot is the English work tree (sourceRepository defaults to it): sourceCommit is resolved there', async () => {
    expect(await staleFindings(null)).toEqual(full());
    // Pages that name no sourceCommit have no known base; flat (pinned to HEAD) is known and current.
    expect(unknownReasons.size).toBeGreaterThan(0);
    expect(new Set(unknownReasons.values())).toEqual(new Set(['no-source-commit']));
    expect(unknownReasons.has('flat')).toBe(false);
  });

  it('sourceRepository is a bare clone of English', async () => {
    const bare = path.join(dir, 'content.git');
    git(dir, ['clone', '-q', '--bare', content, bare]);
    expect(await staleFindings(bare)).toEqual(full());
  });

  it('the English changes are counted in the English repository, not in a git repository around the translations', async () => {
    git(translated, ['init', '-q', '-b', 'main']);
    commitAll(translated, 'translations', '2023-05-01T12:00:00Z');
    try {
      expect(await staleFindings(null)).toEqual(full());
    } finally {
      fs.rmSync(path.join(translated, '.git'), { recursive: true, force: true });
    }
  });

  it('a shallow clone without the sourceCommit: the changes it has are commits behind, the section diff is unavailable', async () => {
    const shallow = path.join(dir, 'content-shallow');
    git(dir, ['clone', '-q', '--depth', '2', '--no-local', `file://${content}`, shallow]);
    // c4 (at changed) and c3 (the boundary, where every file shows as added) are all it has.
    expect(await staleFindings(shallow)).toEqual([
      { key: 'at', messageId: 'behind', commitsBehind: 1, baseRef: sha.c1, changed: null },
      // map's commit is unknown too, but in a shallow clone that can mean "older than the clone": base unknown, not stale.
    ]);
    expect(unknownReasons.get('map')).toBe('before-history');
  });

  it('a partial clone without old blobs: commits behind, the section diff is unavailable', async () => {
    const partial = path.join(dir, 'content-partial.git');
    git(content, ['config', 'uploadpack.allowFilter', 'true']);
    git(dir, ['clone', '-q', '--bare', '--filter=blob:none', '--no-local', `file://${content}`, partial]);
    // The promisor remote is gone (no network): old blobs cannot be fetched.
    git(partial, ['remote', 'set-url', 'origin', path.join(dir, 'gone.git')]);
    expect(await staleFindings(partial)).toEqual([{ key: 'at', messageId: 'behind', commitsBehind: 2, baseRef: sha.c1, changed: null }, full()[1]]);
  });

  it('an unavailable repository leaves staleness to index history; pages with a sourceCommit are told to configure it, no error', async () => {
    const found = await staleFindings(path.join(dir, 'no-such-repository'));
    // No verdict from sourceCommit: the pinned pages' base is unknown because the repository is missing.
    expect(found.map((f) => [f.key, f.messageId])).toEqual([
      ['at', 'noSourceRepository'],
      ['flat', 'noSourceRepository'],
      ['map', 'noSourceRepository'],
    ]);
    expect(unknownReasons.has('at')).toBe(false);
    expect(new Set(unknownReasons.values())).toEqual(new Set(['no-git-history']));
  });
});
