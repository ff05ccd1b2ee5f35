import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../../db/index.ts';
import { FindingsRepository, type FindingWithStatus } from '../../db/repositories/findings.ts';
import { resolveConfig, type Config } from '../../server/config.ts';
import { indexSite } from '../../server/indexer/indexer.ts';
import { getCheck } from '../../server/checks/registry.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import { SEEDS } from '../corpus.ts';
import { caseFindings, expectFindings, matchesSummary } from './tester.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = path.join(REPO, 'content/license-sync');
export const ARTICLE = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';
export const ARTICLE_FILE = `content/${ARTICLE}.md`;

/** The bundled sample copied to a temp dir (tests may change it). */
export function copySample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-checks-'));
  fs.cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

export function readSample(rel: string): string {
  return fs.readFileSync(path.join(SAMPLE, rel), 'utf8');
}

export function writeFile(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

export interface Indexed {
  root: string;
  config: Config;
  db: Db;
  findings: FindingsRepository;
  reindex(): Promise<number>;
  close(): void;
}

let clock = Date.parse('2024-01-01T00:00:00Z');

/** Indexes a site root into a fresh temp DB; checks run after every index like `l10n-drift index`. */
export async function indexRoot(root: string, checkIds?: string[]): Promise<Indexed> {
  const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-checks-db-')), 'drift.db');
  const config = resolveConfig({ root, db: dbFile, workers: 0 }, root);
  const db = openDb(dbFile);
  const checks = checkIds?.map((id) => getCheck(id)!);
  const reindex = async () => {
    const s = await indexSite({
      config,
      db,
      now: () => new Date((clock += 1000)),
      afterIndex: async ({ db: tx, runId, now }) => {
        await runChecksWithBases(tx, config, runId, now, checks ? { checks } : {});
      },
    });
    return s.runId;
  };
  await reindex();
  return { root, config, db, findings: new FindingsRepository(db), reindex, close: () => db.close() };
}

/** Open findings of one check in one locale, after indexing the sample with `translations` added (path → text). */
export async function findingsFor(
  check: string,
  locale: string,
  translations: Record<string, string>,
  options: { english?: Record<string, string> } = {},
): Promise<FindingWithStatus[]> {
  const root = copySample();
  fs.rmSync(path.join(root, 'translations'), { recursive: true, force: true });
  for (const [rel, text] of Object.entries(options.english ?? {})) writeFile(root, rel, text);
  for (const [rel, text] of Object.entries(translations)) writeFile(root, `translations/${locale}/${rel}`, text);
  const site = await indexRoot(root, [check]);
  try {
    return site.findings.list({ locale, check, status: 'open', limit: 1000 }).items;
  } finally {
    site.close();
  }
}

/** `messageId data…` summary of findings for table assertions. */
export function summarize(items: FindingWithStatus[]): string[] {
  return items.map((f) => `${f.message_id} ${f.message}`);
}

/** A seed from test/fixtures/seeds: the text after its header, when the seed carries one. */
export function seed(prefix: string): string {
  const file = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
  return fs.readFileSync(path.join(SEEDS, file), 'utf8');
}

export interface CheckCase {
  name: string;
  locale: string;
  /** Files under translations/<locale>/ (path → text). */
  files: Record<string, string>;
  /** Extra or replaced English files. */
  english?: Record<string, string>;
  /**
   * Each entry is `messageId part-of-the-message`: the message id must equal the finding's,
   * the rest be in its message, and each entry takes a finding of its own; [] = no finding.
   * New tables use checkTester (tester.ts) with exact expectations.
   */
  expect: string[];
  /** Substrings no finding may contain. */
  forbid?: string[];
}

/**
 * ESLint-RuleTester-style table: valid cases expect [], invalid ones list their findings.
 * Runs in memory (tester.ts: no copy of the sample, no SQLite), matching one finding per
 * entry by exact message id.
 */
export async function expectCase(check: string, c: CheckCase): Promise<void> {
  const { expect } = await import('vitest');
  const found = await caseFindings(check, c);
  expectFindings(found, c.expect, matchesSummary, (e) => e);
  const items = found.map((f) => `${f.message_id} ${f.message}`);
  for (const f of c.forbid ?? []) expect(items.filter((i) => i.includes(f))).toEqual([]);
}

/** The seed file's article with some text replaced (real text, one controlled change). */
export function edit(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`edit: ${String(from)} not found`);
  return out;
}

// English pages the snapshot's legacy links lead to (real frontmatter from the 2021-07-03 snapshot).
const REST_REPOS = `---
title: Repositories
intro: 'The Repos API allows to create, manage and control the workflow of public and private {% data variables.product.product_name %} respositories.'
redirect_from:
  - /v3/repos
versions:
  fpt: '*'
  ghes: '*'
  ghae: '*'
---

{% for operation in currentRestOperations %}
  {% unless operation.subcategory %}{% include rest_operation %}{% endunless %}
{% endfor %}
`;
const ABOUT_2FA = `---
title: About two-factor authentication
intro: 'With 2FA, you have to log in with your username and password and provide another form of authentication that only you know or have access to.'
redirect_from:
  - /articles/about-two-factor-authentication
  - /github/authenticating-to-github/about-two-factor-authentication
versions:
  fpt: '*'
  ghes: '*'
---

Two-factor authentication (2FA) is an extra layer of security used when logging into websites or apps.
`;
/** English pages that legacy links of the snapshot resolve to. */
export const LEGACY_TARGETS = {
  'content/rest/reference/repos.md': REST_REPOS,
  'content/github/authenticating-to-github/securing-your-account-with-two-factor-authentication-2fa/about-two-factor-authentication.md': ABOUT_2FA,
};
