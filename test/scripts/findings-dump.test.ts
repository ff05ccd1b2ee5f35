/**
 * scripts/findings-dump.ts, the proof that a refactoring changed no finding: two indexes of one
 * tree dump the same lines and compare equal; a finding that says something else, or one
 * fewer, makes the comparison fail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, dump } from '../../scripts/findings-dump.ts';
import { copySample, indexRoot } from '../checks/helpers.ts';

describe('findings-dump', () => {
  it('finds two indexes of one tree identical, and a changed or missing finding different', { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'findings-dump-'));
    const root = copySample();
    const files: string[] = [];
    for (const name of ['a', 'b']) {
      const site = await indexRoot(root);
      const out = path.join(dir, `${name}.dump`);
      expect(dump(site.db.name, out)).toBeGreaterThan(20);
      site.close();
      files.push(out);
    }
    const log: string[] = [];
    expect(compare(files[0]!, files[1]!, (s) => log.push(s))).toBe(true);
    expect(log.at(-1)).toMatch(/^identical: \d+ findings$/);

    const lines = fs.readFileSync(files[1]!, 'utf8').trimEnd().split('\n');
    const [check, locale, fp, id] = lines[0]!.split('\t');
    const changed = path.join(dir, 'changed.dump');
    fs.writeFileSync(changed, [[check, locale, fp, id, '0000000000000000'].join('\t'), ...lines.slice(2)].join('\n') + '\n');
    log.length = 0;
    expect(compare(files[0]!, changed, (s) => log.push(s))).toBe(false);
    expect(log).toContain(`says something else: ${check} ${locale} ${fp}`);
    expect(log.at(-1)).toBe('different: 1 only in the first, 0 only in the second, 1 changed');
  });
});
