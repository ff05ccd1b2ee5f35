import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCheck } from '../../server/checks/registry.ts';
import { FIXERS } from '../../server/fix/fixers/index.ts';

const DOCS = path.resolve(import.meta.dirname, '../../server/checks/docs');

describe('each fixable check declares its fix beside its docs', () => {
  it.each([...FIXERS.values()].map((f) => [f.check, f] as const))('%s', (id, fixer) => {
    const check = getCheck(id);
    expect(check, `${id} is a registered check`).toBeDefined();
    for (const m of fixer.fixable) expect(Object.keys(check!.messages), `${id}: ${m} is one of its messages`).toContain(m);
    // The fixer's file is named after the check, and the check's doc page has a Fix section naming it.
    expect(fs.existsSync(path.resolve(import.meta.dirname, `../../server/fix/fixers/${id}.ts`))).toBe(true);
    const doc = fs.readFileSync(path.join(DOCS, `${id}.md`), 'utf8');
    const section = /\n## Fix\n([\s\S]*?)(\n## |\nConfigure with|$)/.exec(doc)?.[1] ?? '';
    expect(section).toContain(`server/fix/fixers/${id}.ts`);
    for (const m of fixer.fixable) expect(section, `${id} doc names ${m}`).toContain(`\`${m}\``);
  });
});
