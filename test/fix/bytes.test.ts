/**
 * Byte preservation, as a property: a real translated file from test/fixtures (every version of
 * the license-sync article in eight locales), in a random byte form (CRLF line endings, a BOM,
 * no final newline), indexed as the translation of the article; any random subset of its
 * mechanical fixes changes only the bytes those fixes name: a fixed link's target on its line,
 * a fixed heading's `#` run, the frontmatter keys a fix names. Everything else (other lines,
 * other keys' bytes and order, BOM, line endings, the final newline) stays as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../server/checks/lib/text.ts';
import { frontmatterOf } from '../../server/indexer/parse.ts';
import { planFixes } from '../../server/fix/plan.ts';
import type { FixFinding } from '../../server/fix/types.ts';
import { ARTICLE, ARTICLE_FILE, copySample, indexRoot, readSample, type Indexed } from '../checks/helpers.ts';
import { LICENSE_SYNC_HISTORY } from '../corpus.ts';

const FILES = fs
  .readdirSync(LICENSE_SYNC_HISTORY)
  .filter((f) => /^[a-z]{2}-[A-Z]{2}-.*\.md$/.test(f))
  .sort();
const ENGLISH = frontmatterOf(readSample(ARTICLE_FILE))!;
const opened: Indexed[] = [];
afterAll(() => opened.forEach((s) => s.close()));

interface Variant {
  crlf: boolean;
  bom: boolean;
  noFinalNewline: boolean;
}

function variantOf(text: string, v: Variant): string {
  let t = text.replace(/\r\n/g, '\n');
  if (v.noFinalNewline) t = t.replace(/\n+$/, '');
  if (v.crlf) t = t.replace(/\n/g, '\r\n');
  return (v.bom ? '\uFEFF' : '') + t;
}

/** The frontmatter's raw lines and the body's lines (line endings kept), as a reader of the bytes sees them. */
function split(text: string): { keys: Map<string, string>; order: string[]; body: string[]; bodyLine: number } {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  const lines = text.slice(start).split(/(?<=\n)/);
  const close = lines.findIndex((l, i) => i > 0 && /^---[ \t]*\r?\n?$/.test(l));
  const keys = new Map<string, string>();
  const order: string[] = [];
  let current = '';
  for (const l of lines.slice(1, close)) {
    const k = /^([A-Za-z_][\w-]*)\s*:/.exec(l);
    if (k) order.push((current = k[1]!));
    keys.set(current, (keys.get(current) ?? '') + l);
  }
  return { keys, order, body: lines.slice(close + 1), bodyLine: close + 2 };
}

const bareLf = (t: string) => (t.match(/(?<!\r)\n/g) ?? []).length;

async function indexed(file: string, v: Variant): Promise<{ site: Indexed; before: string; locale: string }> {
  const locale = file.slice(0, 5);
  const root = copySample();
  fs.rmSync(path.join(root, 'translations'), { recursive: true, force: true });
  const before = variantOf(fs.readFileSync(path.join(LICENSE_SYNC_HISTORY, file), 'utf8'), v);
  const rel = `translations/${locale}/content/${ARTICLE}.md`;
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), before);
  const site = await indexRoot(root);
  opened.push(site);
  return { site, before, locale };
}

describe('a fix changes only the bytes it names', () => {
  it('random real files, random byte forms, random subsets of their fixes', async () => {
    let checked = 0;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FILES),
        fc.record({ crlf: fc.boolean(), bom: fc.boolean(), noFinalNewline: fc.boolean() }),
        fc.array(fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), { minLength: 3, maxLength: 3 }),
        async (file, v, subsets) => {
          const { site, before, locale } = await indexed(file, v);
          const all = planFixes(site.db, site.config, { locales: [locale] });
          const fixable = all.files.flatMap((f) => f.fixed).filter((f) => f.check_id !== 'orphaned-translation');
          for (const pick of subsets) {
            const chosen = new Set(fixable.filter((_, i) => pick[i % pick.length]).map((f) => f.id));
            const plan = planFixes(site.db, site.config, { locales: [locale], only: (f) => chosen.has(f.id) });
            const after = plan.files[0]?.after ?? before;
            const fixed = plan.files.flatMap((f) => f.fixed);
            expect(new Set(fixed.map((f) => f.id))).toEqual(chosen);
            assertOnlyNamedBytes(before, after, fixed);
            for (const f of fixed) seen.add(`${f.check_id} ${f.message_id}`);
            if (v.crlf) for (const f of fixed) seen.add(`crlf ${f.check_id}`);
            if (v.bom) for (const f of fixed) seen.add(`bom ${f.check_id}`);
            checked++;
          }
        },
      ),
      { numRuns: 10, seed: 2104 },
    );
    expect(checked).toBe(30);
    // The runs cover every kind of text fix.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'frontmatter-mismatch differs',
        'missing-redirect missing',
        'outdated-link legacy',
        'crlf frontmatter-mismatch',
        'crlf missing-redirect',
        'bom frontmatter-mismatch',
      ]),
    );
  }, 240_000);
});

function assertOnlyNamedBytes(before: string, after: string, fixed: FixFinding[]): void {
  expect(after.startsWith('\uFEFF')).toBe(before.startsWith('\uFEFF'));
  expect(/\n$/.test(after)).toBe(/\n$/.test(before));
  if (bareLf(before) === 0) expect(bareLf(after)).toBe(0);
  if (!before.includes('\r')) expect(after.includes('\r')).toBe(false);

  const b = split(before);
  const a = split(after);
  // Frontmatter: the keys no fix names keep their exact bytes and their order.
  const named = new Set(
    fixed.flatMap((f) => (f.check_id === 'frontmatter-mismatch' ? [String(f.data.field)] : f.check_id === 'missing-redirect' ? ['redirect_from'] : [])),
  );
  const unnamed = (order: string[]) => order.filter((k) => !named.has(k));
  expect(unnamed(a.order)).toEqual(unnamed(b.order));
  for (const k of unnamed(b.order)) expect(a.keys.get(k), `frontmatter ${k}`).toBe(b.keys.get(k));
  const fm = frontmatterOf(after.replace(/\r\n/g, '\n'));
  for (const f of fixed) {
    if (f.check_id === 'frontmatter-mismatch' && f.message_id !== 'extra')
      expect(canonicalJson(fm?.[String(f.data.field)])).toBe(canonicalJson(ENGLISH[String(f.data.field)]));
    if (f.check_id === 'missing-redirect' && f.message_id === 'missing') expect(JSON.stringify(fm?.redirect_from)).toContain(String(f.data.from));
  }

  // Body: same lines; a changed line is one a fix names, changed only as that fix says.
  expect(a.body.length).toBe(b.body.length);
  const links = fixed.filter((f) => f.check_id === 'outdated-link');
  const headings = new Set(
    fixed.filter((f) => f.check_id === 'structure-mismatch').flatMap((f) => (Array.isArray(f.data.lines) ? (f.data.lines as number[]) : [f.line!])),
  );
  const lineShift = a.bodyLine - b.bodyLine; // frontmatter lines added or removed move the body
  for (let i = 0; i < b.body.length; i++) {
    const was = b.body[i]!;
    const now = a.body[i]!;
    if (was === now) continue;
    const line = b.bodyLine + i;
    if (headings.has(line)) {
      expect(now.replace(/^( {0,3})#+/, '$1#'), `line ${line}`).toBe(was.replace(/^( {0,3})#+/, '$1#'));
      continue;
    }
    const mine = links.filter((f) => f.line === line || /^ {0,3}\[[^\]]+\]:/.test(was));
    expect(mine.length, `line ${line} changed but no fix names it:\n${was}${now}`).toBeGreaterThan(0);
    const norm = (s: string) => mine.reduce((t, f) => t.split(String(f.data.suggestion)).join('\0').split(String(f.data.from)).join('\0'), s);
    expect(norm(now), `line ${line}`).toBe(norm(was));
  }
  void lineShift;
}
