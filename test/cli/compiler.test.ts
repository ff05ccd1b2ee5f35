import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INLINED_BYTECODE_CUMULATIVE } from '../../server/cli/compiler.ts';

const COMPILER = path.resolve(import.meta.dirname, '../../server/cli/compiler.ts');

describe("the batch commands' compiler setting (server/cli/compiler.ts)", () => {
  it("names a flag this Node's V8 knows, below its default, and sets it without a word on stderr", () => {
    // An unknown flag would not fail: V8 would print an error at the start of every batch command.
    const listed = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    const flag = /--max-inlined-bytecode-size-cumulative \(.*\)\n\s+type: int {2}default: --max-inlined-bytecode-size-cumulative=(\d+)/.exec(listed);
    expect(flag).not.toBeNull();
    expect(MAX_INLINED_BYTECODE_CUMULATIVE).toBeLessThan(Number(flag![1]));
    const set = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { boundInlining } = await import(${JSON.stringify(COMPILER)}); boundInlining(); console.log('set');`,
      ],
      { encoding: 'utf8' },
    );
    expect(set.stderr).toBe('');
    expect(set.stdout.trim()).toBe('set');
  });
});
