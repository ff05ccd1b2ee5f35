import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../server/checks/registry.ts';
import { checkName, docSummary } from '../../server/shared/check-names.ts';

const DOCS = path.join(import.meta.dirname, '..', '..', 'server', 'checks', 'docs');

describe('check names and doc summaries', () => {
  it('gives every registered check a name other than its id and a summary from its doc page', () => {
    for (const c of CHECKS) {
      expect(checkName(c.id), c.id).not.toBe(c.id);
      const summary = docSummary(fs.readFileSync(path.join(DOCS, `${c.id}.md`), 'utf8'));
      expect(summary, c.id).toBeTruthy();
      // Plain text: no Markdown code marks or headings.
      expect(summary, c.id).not.toMatch(/`|^#/);
    }
  });

  it('reads "What it flags", else the first paragraph', () => {
    expect(docSummary('# x\n\n## What it flags\n\nLinks `a`\nand [b](c).\n\n## Why\n\nno')).toBe('Links a and b.');
    expect(docSummary('# x\n\nFirst para\ngoes on.\n\n## Other\n')).toBe('First para goes on.');
    expect(docSummary('')).toBeNull();
    expect(checkName('some-new-check')).toBe('Some new check');
  });
});
