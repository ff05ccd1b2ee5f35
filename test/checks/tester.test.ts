/**
 * The in-memory check harness (tester.ts) against the index it stands in for: on the bundled
 * sample with all its translations, every check finds in memory exactly what a real index
 * run stores; and its matching takes one finding per expectation, by exact message id.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../server/checks/registry.ts';
import { resolveConfig } from '../../server/config.ts';
import { MDN_SAMPLE } from '../corpus.ts';
import { indexWith, tempDir } from '../layouts/helpers.ts';
import { copySample, indexRoot, REPO } from './helpers.ts';
import {
  expectFindings,
  memoryConfig,
  memorySite,
  readTree,
  runInMemory,
  SAMPLE_ROOT,
  unmatched,
  type ExpectedFinding,
  type SiteFiles,
  type TestFinding,
} from './tester.ts';

/** Checks that read stale-detection bases (git or index history) need the index; the rest run in memory. */
const IN_MEMORY = CHECKS.filter((c) => c.id !== 'stale-translation' && c.id !== 'base-unknown');

function sampleFiles(): SiteFiles {
  const files: SiteFiles = {};
  for (const rel of fs.readdirSync(SAMPLE_ROOT, { recursive: true, encoding: 'utf8' })) {
    const abs = path.join(SAMPLE_ROOT, rel);
    if (fs.statSync(abs).isFile()) files[rel.split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
  }
  return files;
}

const finding = (messageId: string, message: string): TestFinding => ({ message_id: messageId, message, data: {}, line: null }) as unknown as TestFinding;
const byId = (f: TestFinding, e: ExpectedFinding) => f.message_id === e.messageId && (e.includes === undefined || f.message.includes(e.includes));

describe('check test harness', () => {
  it('finds on the sample exactly what an index run stores, check by check', { timeout: 120_000 }, async () => {
    const site = await indexRoot(
      copySample(),
      IN_MEMORY.map((c) => c.id),
    );
    try {
      const stored = site.findings
        .list({ status: 'open', limit: 100_000 })
        .items.map((f) => `${f.check_id} ${f.locale} ${f.fingerprint} ${f.message_id} ${f.line ?? '-'} ${f.message}`)
        .sort();
      const locales = fs.readdirSync(path.join(SAMPLE_ROOT, 'translations')).sort();
      const memory = (await runInMemory(IN_MEMORY, locales, sampleFiles()))
        .map((f) => `${f.check_id} ${f.locale} ${f.fingerprint} ${f.message_id} ${f.line ?? '-'} ${f.message}`)
        .sort();
      expect(stored.length).toBeGreaterThan(20);
      expect(new Set(stored.map((l) => l.split(' ')[0])).size).toBeGreaterThan(5);
      expect(memory).toEqual(stored);
    } finally {
      site.close();
    }
  });

  it('finds on the MDN fixture (English in its own repository, _redirects.txt in three locales) exactly what an index run stores', async () => {
    const fixture = path.join(REPO, 'test/fixtures/mdn');
    const root = tempDir('l10n-tester-mdn-');
    fs.cpSync(fixture, root, { recursive: true });
    const raw = { layout: 'mdn', root: 'translated-content', sourceRoot: 'content' };
    const site = await indexWith(
      raw,
      root,
      IN_MEMORY.map((c) => c.id),
    );
    try {
      const line = (f: {
        check_id: string;
        locale: string;
        key: string;
        fingerprint: string;
        message_id: string;
        line: number | null;
        message: string;
        data_json: string;
      }) => `${f.check_id} ${f.locale} ${f.key} ${f.fingerprint} ${f.message_id} ${f.line ?? '-'} ${f.message} ${f.data_json}`;
      const stored = IN_MEMORY.flatMap((c) => site.findings(c.id))
        .map(line)
        .sort();
      const files = readTree(fixture);
      const base = '/memory/tester-mdn';
      const config = memoryConfig(raw, base, files);
      const memory = (await runInMemory(IN_MEMORY, ['es', 'ko', 'ru'], files, { config, base })).map(line).sort();
      // Findings that exist only through the redirect files (suggestions and leftovers through _redirects.txt).
      expect(stored.filter((l) => l.startsWith('outdated-link ')).length).toBeGreaterThan(0);
      expect(memory).toEqual(stored);
    } finally {
      site.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads redirect files only through memoryConfig: another MDN config is refused with the reason', async () => {
    const files: SiteFiles = { 'files/en-us/a/index.md': '---\ntitle: A\nslug: A\n---\n' };
    const config = resolveConfig({ layout: 'mdn', root: MDN_SAMPLE, db: path.join(MDN_SAMPLE, 'unused.db'), workers: 0 }, MDN_SAMPLE);
    await expect(memorySite(config, ['es'], files)).rejects.toThrow(/reads redirect files \(layout mdn\) only through memoryConfig/);
    expect(() => memoryConfig({ layout: 'hugo' }, '/memory/hugo', files)).toThrow(/hugo layout reads its site files from disk/);
  });

  it('lets one finding satisfy one expectation only', () => {
    const found = [finding('broken', 'Link /a goes to no page')];
    const twice = [
      { messageId: 'broken', includes: '/a' },
      { messageId: 'broken', includes: 'no page' },
    ];
    expect(unmatched(found, twice, byId).missing).toEqual([twice[1]]);
    expect(() => expectFindings(found, twice, byId, (e) => e.messageId)).toThrow(/expected, not found: broken/);
  });

  it('matches message ids exactly, not as part of the message', () => {
    const found = [finding('moved', 'English moved this page; the broken link is gone')];
    expect(() => expectFindings(found, [{ messageId: 'broken' }], byId, (e) => e.messageId)).toThrow(/found, not expected: moved/);
    expect(() => expectFindings(found, [{ messageId: 'moved' }], byId, (e) => e.messageId)).not.toThrow();
  });
});
