import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../server/checks/registry.ts';
import { REPO } from './helpers.ts';

const CHECKS_DIR = path.join(REPO, 'server/checks');
// Framework files in server/checks that are not checks.
const FRAMEWORK = new Set(['define.ts', 'types.ts', 'registry.ts', 'run.ts']);

describe('check parity: registry ↔ files ↔ docs ↔ tests', () => {
  it.each(CHECKS.map((c) => [c.id]))('%s has its doc page and table test', (id) => {
    expect(fs.existsSync(path.join(CHECKS_DIR, 'docs', `${id}.md`)), `server/checks/docs/${id}.md`).toBe(true);
    expect(
      fs.existsSync(path.join(REPO, 'test/checks', `${id}.test.ts`)) || fs.existsSync(path.join(REPO, 'test/history', `${id}.test.ts`)),
      `test/checks/${id}.test.ts`,
    ).toBe(true);
    expect(fs.existsSync(path.join(CHECKS_DIR, `${id}.ts`)), `server/checks/${id}.ts`).toBe(true);
  });

  it('every check file is in the registry', () => {
    const files = fs.readdirSync(CHECKS_DIR).filter((f) => f.endsWith('.ts') && !FRAMEWORK.has(f));
    const registered = new Set(CHECKS.map((c) => `${c.id}.ts`));
    expect(files.filter((f) => !registered.has(f))).toEqual([]);
  });

  it('every message template has an id the UI can key on, and docs say something', () => {
    for (const c of CHECKS) {
      expect(c.docs.length).toBeGreaterThan(20);
      expect(Object.keys(c.messages).length).toBeGreaterThan(0);
    }
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
  });
});
