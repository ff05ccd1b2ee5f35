/**
 * Kept coverage facts of a locale some of whose files were written again (a translation saved):
 * only those files' facts are read again (CoverageRepository.factsSince), the others' are the
 * kept ones; a file added makes the locale's facts be computed whole. What they give equals a
 * computation from scratch (test/coverage/kept-facts.test.ts compares every surface too).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoverageRepository, type FileFacts } from '../../db/repositories/coverage.ts';
import { indexAndCheck } from '../../server/cli/index-command.ts';
import { fixture, type Fixture } from '../api/helpers.ts';

const ENGLISH = 'content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';
const JA = `translations/ja-JP/${ENGLISH}`;

describe('coverage facts of a locale with files written again', () => {
  let f: Fixture;
  const file = (rel: string) => path.join(f.config.root, rel);
  const keptFiles = () => JSON.parse(f.db.prepare("SELECT files FROM coverage_facts WHERE locale = 'ja-JP'").pluck().get() as string) as FileFacts;
  const setKeptFiles = (files: FileFacts) => f.db.prepare("UPDATE coverage_facts SET files = ? WHERE locale = 'ja-JP'").run(JSON.stringify(files));
  const run = async () => {
    const io = {
      stdout: { write: () => true } as unknown as NodeJS.WritableStream,
      stderr: { write: () => true } as unknown as NodeJS.WritableStream,
      cwd: process.cwd(),
      env: {},
    };
    await indexAndCheck(f.config, f.db, io, { quiet: true, checks: true });
  };
  /** The summary and the kept files, and what a computation from scratch gives. */
  const fromScratch = () => {
    const summary = Object.fromEntries(new CoverageRepository(f.db).summary('en'));
    const files = keptFiles();
    f.db.exec('DELETE FROM coverage_facts');
    const fresh = Object.fromEntries(new CoverageRepository(f.db).summary('en'));
    return { summary, files, fresh, freshFiles: keptFiles() };
  };

  beforeAll(async () => {
    f = await fixture({ copySample: true });
    await run();
  }, 120_000);
  afterAll(async () => f?.close());

  it('a file added computes the locale whole; then only the files written are read again', async () => {
    const key = ENGLISH.slice('content/'.length, -'.md'.length);
    const at = (facts: FileFacts, k: string) => facts.files.findIndex((x) => x[0] === k);
    const first = keptFiles();
    expect(at(first, key)).toBeGreaterThanOrEqual(0);
    // A marker in a file's kept facts stays only while that file is not read again.
    const marked = structuredClone(first);
    marked.files[at(marked, key)]![4] += 1000;
    setKeptFiles(marked);

    // A file added: the locale is computed whole (the marker is gone).
    fs.writeFileSync(file('translations/ja-JP/content/admin/a-new-page.md'), '---\ntitle: 新しいページ\n---\n\n本文です。\n');
    await run();
    const added = keptFiles();
    expect(added.files.length).toBe(first.files.length + 1);
    expect(added.files[at(added, key)]).toEqual(first.files[at(first, key)]);
    const afterAdd = fromScratch();
    expect(afterAdd.files).toEqual(afterAdd.freshFiles);
    expect(afterAdd.summary).toEqual(afterAdd.fresh);

    // The other file marked, and the translation turned into English: only it is read again.
    const before = keptFiles();
    const other = at(before, 'admin/a-new-page');
    expect(other).toBeGreaterThanOrEqual(0);
    const doctored = structuredClone(before);
    doctored.files[other]![4] += 1000;
    setKeptFiles(doctored);
    fs.writeFileSync(file(JA), fs.readFileSync(file(ENGLISH), 'utf8'));
    await run();
    const now = keptFiles();
    expect(now.files[other]![4]).toBe(doctored.files[other]![4]);
    expect(now.files[at(now, key)]![3]).toBeGreaterThan(before.files[at(before, key)]![3]);
    setKeptFiles({ ...now, files: now.files.map((x, i) => (i === other ? before.files[other]! : x)) });
    const edit = fromScratch();
    expect(edit.files).toEqual(edit.freshFiles);
    expect(edit.summary).toEqual(edit.fresh);
  }, 120_000);
});
