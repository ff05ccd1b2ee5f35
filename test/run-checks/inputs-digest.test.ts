/**
 * A check run re-checks every pair when its inputs digest changed since the last one. The digest
 * holds the parse key (server/indexer/parser-version.ts): an upgrade of a package the parser
 * loads changes it without changing our code, and the indexer then parses every file again, so
 * every pair must be checked again too (an incremental run would re-check none of them).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../server/config.ts';
import { CHECKS } from '../../server/checks/registry.ts';
import { SAMPLE } from '../indexer/helpers.ts';

let key = 'parser-a';
vi.mock('../../server/indexer/parser-version.ts', async (load) => ({
  ...(await load<typeof import('../../server/indexer/parser-version.ts')>()),
  parseKey: () => key,
}));

afterEach(() => {
  key = 'parser-a';
});

describe('the checks inputs digest', () => {
  it('changes with the parse key alone', async () => {
    const { inputsDigest } = await import('../../server/run-checks.ts');
    const config = resolveConfig({ root: SAMPLE, db: ':memory:' }, SAMPLE);
    const a = inputsDigest(config, CHECKS);
    expect(inputsDigest(config, CHECKS)).toBe(a);
    key = 'parser-b';
    expect(inputsDigest(config, CHECKS)).not.toBe(a);
  });
});
