import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySample, openTestIndex, type TestIndex } from './helpers.ts';

// ko-KR in the 2021-07-03 snapshot keeps exploring-integrations.md (an old map topic) beside
// exploring-integrations/index.md, which is where English has the page. Here: the sample's
// admin/configuration, whose English page is content/admin/configuration/index.md.
const KEY = 'admin/configuration';
const INDEX = 'translations/ko-KR/content/admin/configuration/index.md';
const STALE = 'translations/ko-KR/content/admin/configuration.md';

let t: TestIndex | undefined;
afterEach(() => t?.close());

function write(root: string, rel: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  const english = fs.readFileSync(path.join(root, 'content/admin/configuration/index.md'), 'utf8');
  fs.writeFileSync(path.join(root, rel), rel === STALE ? english.replace(/^children:[\s\S]*?(?=^\w)/m, 'mapTopic: true\n') : english);
}

/** Live ko-KR documents: key → path, and which carry the duplicate-key error. */
function live(t: TestIndex): { byKey: Record<string, string>; duplicates: string[] } {
  const rows = t.db.prepare("SELECT key, path, parse_error FROM documents WHERE locale = 'ko-KR' AND deleted_run IS NULL ORDER BY key").all() as {
    key: string;
    path: string;
    parse_error: string | null;
  }[];
  return {
    byKey: Object.fromEntries(rows.map((r) => [r.key, r.path])),
    duplicates: rows.filter((r) => r.parse_error?.includes('duplicate-key')).map((r) => r.path),
  };
}

const settled = { byKey: { [KEY]: INDEX, [`${KEY} (${STALE})`]: STALE }, duplicates: [STALE] };

describe('two files of a locale with one key', () => {
  it('the one at English’s path keeps the key, though the other sorts first', async () => {
    const root = copySample();
    write(root, STALE);
    write(root, INDEX);
    t = openTestIndex(root);
    await t.index();
    expect(live(t)).toEqual(settled);
    // Settled: the next run reads neither again.
    expect((await t.index()).parsed).toBe(0);
  });

  it('a file added at English’s path takes the key over from the one that had it', async () => {
    const root = copySample();
    write(root, STALE);
    t = openTestIndex(root);
    await t.index();
    expect(live(t)).toEqual({ byKey: { [KEY]: STALE }, duplicates: [] });
    const firstSeen = () => t!.db.prepare("SELECT first_seen_run FROM documents WHERE locale = 'ko-KR' AND key = ?").pluck().get(KEY);
    const since = firstSeen();
    write(root, INDEX);
    const run = await t.index();
    expect(run.parsed).toBe(2);
    expect(live(t)).toEqual(settled);
    // The key's row went over to index.md with its history: first seen in the first run still.
    expect(firstSeen()).toBe(since);
    // Settled: the path's old row under the other key (now deleted) does not make it read again.
    expect((await t.index()).parsed).toBe(0);
    // The stale file is deleted: the key stays with index.md, and nothing else is left.
    fs.rmSync(path.join(root, STALE));
    await t.index();
    expect(live(t)).toEqual({ byKey: { [KEY]: INDEX }, duplicates: [] });
    expect((await t.index()).parsed).toBe(0);
  });

  it('a file added beside the one at English’s path gets the key with its path', async () => {
    const root = copySample();
    write(root, INDEX);
    t = openTestIndex(root);
    await t.index();
    write(root, STALE);
    await t.index();
    expect(live(t)).toEqual(settled);
    expect((await t.index()).parsed).toBe(0);
    // Deleting the keeper gives the key to the file left, at its next run.
    fs.rmSync(path.join(root, INDEX));
    await t.index();
    expect(live(t)).toEqual({ byKey: { [KEY]: STALE }, duplicates: [] });
    // The path's deleted row under its old key does not make it read again.
    expect((await t.index()).parsed).toBe(0);
  });

  it('in English, a file added beside the page does not take its key', async () => {
    const root = copySample();
    t = openTestIndex(root);
    await t.index();
    const page = 'content/admin/configuration/index.md';
    fs.writeFileSync(path.join(root, 'content/admin/configuration.md'), fs.readFileSync(path.join(root, page), 'utf8'));
    await t.index();
    const rows = t.db
      .prepare(
        "SELECT key, path, parse_error IS NOT NULL AS error FROM documents WHERE locale = 'en' AND deleted_run IS NULL AND key LIKE 'admin/configuration%' AND key NOT LIKE 'admin/configuration/%' ORDER BY key",
      )
      .all();
    expect(rows).toEqual([
      { key: KEY, path: page, error: 0 },
      { key: `${KEY} (content/admin/configuration.md)`, path: 'content/admin/configuration.md', error: 1 },
    ]);
  });
});
