import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import type { IndexSummary } from '../../server/indexer/indexer.ts';
import { MUTATIONS, YAML_MUTATIONS, writeHostileTree, type HostileFile } from '../stress/mutate.ts';
import { SAMPLE, copySample, openTestIndex, type TestIndex } from './helpers.ts';

// The fast variant of the hostile-content stress test: every mutation a few times.
// `npm run test:stress` runs the same assertions over 1,000+ files.
const COUNT = Number(process.env.L10N_DRIFT_HOSTILE_FILES ?? MUTATIONS.length * 3);
// Every YAML bomb and deep nesting in the stress run; four of them here.
const FAST_YAML = ['alias-bomb-9-levels', 'alias-bomb-mappings', 'deep-flow-sequences', 'deep-mixed-65'];
const YAML = process.env.L10N_DRIFT_HOSTILE_FILES ? YAML_MUTATIONS : YAML_MUTATIONS.filter((m) => FAST_YAML.includes(m.name));

let t: TestIndex;
let clean: TestIndex;
let files: HostileFile[];
let summary: IndexSummary;

beforeAll(async () => {
  const root = copySample();
  files = writeHostileTree(root, COUNT, 20261126, 'ja-JP', YAML);
  t = openTestIndex(root);
  summary = await t.index();
  clean = openTestIndex(SAMPLE);
  await clean.index();
}, 300_000);
afterAll(() => {
  t.close();
  clean.close();
});

describe(`hostile content (${COUNT} mutated files and ${YAML.length} YAML bombs)`, () => {
  it('the run completes and sees every file', () => {
    expect(summary.filesSeen).toBe(28 + COUNT + YAML.length);
    expect(summary.problems.map((p) => p.message)).toContain('Symbolic link not followed');
  });

  it('each bad file is a parse error naming the reason; each tolerable one is indexed', () => {
    const docs = new DocumentsRepository(t.db);
    const byPath = new Map(docs.liveDocuments().map((d) => [d.path, d]));
    for (const f of files) {
      const doc = byPath.get(f.relPath);
      expect(doc, f.relPath).toBeDefined();
      if (f.mutation.expect.kind === 'error') {
        expect(doc!.parse_error, f.relPath).not.toBeNull();
        const error = JSON.parse(doc!.parse_error!) as { code: string; message: string };
        expect(error.code, f.relPath).toBe(f.mutation.expect.code);
        expect(error.message.length).toBeGreaterThan(10);
      } else {
        expect(doc!.parse_error, `${f.relPath}: ${doc!.parse_error}`).toBeNull();
      }
    }
  });

  it('every good file is indexed exactly as in a clean run', () => {
    const mine = new DocumentsRepository(t.db);
    const theirs = new DocumentsRepository(clean.db);
    for (const d of theirs.liveDocuments()) {
      const m = mine.get(d.locale, d.key)!;
      expect([m.content_hash, m.title, m.frontmatter_json]).toEqual([d.content_hash, d.title, d.frontmatter_json]);
      expect(mine.sections(m.id).map((s) => [s.text_hash, s.skeleton_hash])).toEqual(theirs.sections(d.id).map((s) => [s.text_hash, s.skeleton_hash]));
      expect(mine.links(m.id).map((l) => l.target)).toEqual(theirs.links(d.id).map((l) => l.target));
      expect(mine.paragraphs(m.id).map((p) => [p.text_hash, p.lang])).toEqual(theirs.paragraphs(d.id).map((p) => [p.text_hash, p.lang]));
    }
  });

  it('the checks run over the hostile tree and report each parse error with its file', async () => {
    const run = t.db.prepare("SELECT MAX(id) FROM runs WHERE status = 'complete'").pluck().get() as number;
    await runChecksWithBases(t.db, t.config, run, new Date('2026-11-02T10:00:00Z'));
    const errors = t.db.prepare("SELECT path, message FROM findings WHERE check_id = 'parse-error' AND resolved_run IS NULL").all() as {
      path: string;
      message: string;
    }[];
    const expected = files.filter((f) => f.mutation.expect.kind === 'error').map((f) => f.relPath);
    for (const p of expected)
      expect(
        errors.some((e) => e.path === p),
        p,
      ).toBe(true);
  });
});
