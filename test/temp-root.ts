import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Vitest global setup: every temp folder of a test run (test sites, databases, git clones,
 * the browser's profile, child processes' own) goes under one root, removed when the run ends.
 * Test files make theirs with os.tmpdir(), which reads TMPDIR on every call; the test
 * processes and everything they spawn inherit it. Without this, each run of the suite left
 * thousands of folders (and ~0.5 GB per stress run) in the system's temp folder.
 */
export default function setup(): () => Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return async () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    // Stress runs leave a few unpacked snapshots (2 GB each): removed without blocking the runner's own shutdown.
    if (process.env.L10N_DRIFT_KEEP_TEST_TMP !== '1') await fs.promises.rm(root, { recursive: true, force: true });
  };
}
