import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { bestFloor, measureFloor, siteJobs } from '../../scripts/bench-floor.ts';
import { copySample, openTestIndex, tempDir } from '../indexer/helpers.ts';

const KUBERNETES = path.resolve(import.meta.dirname, '../fixtures/kubernetes/site-2');

/** The bench's floor is measured over the files the indexer reads: the same set, for each layout. */
describe('bench floor (scripts/bench-floor.ts)', () => {
  for (const [layout, source] of [
    ['github-docs', null],
    ['hugo', KUBERNETES],
  ] as const) {
    it(`lists exactly the files the indexer stores (${layout})`, async () => {
      let root: string;
      if (source) {
        root = path.join(tempDir('floor'), 'site');
        fs.cpSync(source, root, { recursive: true });
      } else root = copySample();
      const t = openTestIndex(root, { layout });
      const summary = await t.index();
      const stored = new DocumentsRepository(t.db)
        .liveDocuments()
        .map((d) => d.path)
        .sort();
      t.close();
      const jobs = siteJobs(root, layout);
      expect(jobs.length).toBe(summary.filesSeen);
      expect(jobs.map((j) => path.relative(root, j.absPath).split(path.sep).join('/')).sort()).toEqual(stored);
      expect(new Set(jobs.map((j) => j.locale)).size).toBeGreaterThan(1);
      const floor = measureFloor(jobs.map((j) => j.absPath));
      expect(floor.ms).toBeGreaterThan(0);
      expect(floor.cpuMs).toBeGreaterThan(0);
      // Every ratio is computed against the fastest of several floors, never a slow one.
      const best = bestFloor(
        jobs.map((j) => j.absPath),
        3,
      );
      expect(best.all).toHaveLength(3);
      expect(best.ms).toBe(Math.min(...best.all));
    });
  }
});
