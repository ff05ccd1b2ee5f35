/**
 * The import boundaries of eslint.config.js (issue 22): a deliberate violation of each is
 * reported, allowed imports are not, and the source tree as it is has no boundary error.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..');
// Only the boundary rule runs: the parsers still load, the other rules cost nothing.
const eslint = new ESLint({ cwd: REPO, ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' });

/** Severity of the boundary report for `source` imported from the (virtual) file `file`: 2 error, 1 warning, 0 none. */
async function boundary(file: string, source: string): Promise<number> {
  const code = file.endsWith('.svelte')
    ? `<script lang="ts">\n  import { x } from '${source}';\n</script>\n\n<p>{x}</p>\n`
    : `import { x } from '${source}';\nexport default x;\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  const messages = result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
  return Math.max(0, ...messages.map((m) => m.severity));
}

describe('import boundaries', () => {
  it.each([
    // [importing file, import, expected severity]
    ['server/layouts/x.ts', '../../db/index.ts', 2],
    ['server/layouts/x.ts', '../../db/repositories/documents.ts', 2],
    ['server/layouts/x.ts', '../indexer/types.ts', 0],
    ['server/indexer/x.ts', '../routes/articles.ts', 2],
    ['server/indexer/x.ts', '../../server/routes/schemas.ts', 2],
    ['server/indexer/x.ts', '../../db/index.ts', 0],
    ['db/repositories/x.ts', '../../server/routes/schemas.ts', 2],
    ['db/x.ts', '../server/routes/articles.ts', 2],
    ['db/repositories/x.ts', '../../server/indexer/types.ts', 0],
    ['web/src/lib/x.ts', '../../../server/app.ts', 2],
    ['web/src/views/X.svelte', '../../../server/checks/run.ts', 2],
    ['web/src/views/X.svelte', '../lib/api.ts', 0],
    ['web/src/lib/x.ts', '../../../server/reports/types', 0],
    ['web/src/lib/x.ts', '../../../server/checks/types.ts', 0],
    ['web/src/lib/x.ts', '../../../server/shared/finding-data.ts', 0],
    ['web/src/lib/x.ts', './api.ts', 0],
    // checks ↛ db: they read typed documents (server/shared) handed over by a repository.
    ['server/checks/x.ts', '../../db/index.ts', 2],
    ['server/checks/lib/x.ts', '../../../db/repositories/documents.ts', 2],
    ['server/checks/lib/x.ts', '../../../db/check-input.ts', 2],
    ['server/checks/x.ts', '../layouts/types.ts', 0],
    // The one section alignment imports no other folder; checks, routes and history import it.
    ['server/align/x.ts', '../checks/types.ts', 2],
    ['server/align/x.ts', '../../db/index.ts', 2],
    ['server/align/x.ts', './outline.ts', 0],
    ['server/checks/x.ts', '../align/sections.ts', 0],
    ['server/routes/x.ts', '../align/sections.ts', 0],
    ['server/history/x.ts', '../align/sections.ts', 0],
    ['server/checks/x.ts', '../shared/documents.ts', 0],
    ['server/run-checks.ts', '../db/repositories/check-documents.ts', 0],
    // Folders without a boundary import what they need.
    ['server/routes/x.ts', '../../db/index.ts', 0],
    ['test/x.test.ts', '../db/index.ts', 0],
  ] as const)('%s importing %s → severity %i', async (file, source, severity) => {
    expect(await boundary(file, source)).toBe(severity);
  });

  it('the source tree has no boundary error or warning', { timeout: 180_000 }, async () => {
    const results = await eslint.lintFiles(['server', 'db', 'web', 'scripts']);
    const reports = results.flatMap((r) => r.messages.map((m) => `${path.relative(REPO, r.filePath)}:${m.line} ${m.message}`));
    expect(reports).toEqual([]);
  });
});
