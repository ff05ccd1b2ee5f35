import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { run } from '../../server/cli/main.ts';
import { commitAll, git, tempDir } from '../history/helpers.ts';

// A repository of the bundled sample site (content/license-sync: a GitHub Docs article in five
// locales) plus a zh-CN copy of a second English page, then one commit that edits two English
// pages and the ja-JP translation, as a pull request would.
export const SAMPLE = path.resolve(import.meta.dirname, '../../content/license-sync');
export const CONNECT = 'content/admin/configuration/configuring-github-connect';
export const SYNC_EN = `${CONNECT}/enabling-automatic-user-license-sync-for-your-enterprise.md`;
export const ABOUT_EN = `${CONNECT}/about-github-connect.md`;
export const SYNC_JA = `translations/ja-JP/${SYNC_EN}`;
export const ABOUT_ZH = `translations/zh-CN/${ABOUT_EN}`;
export const OLD_LINK =
  '/admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud';
export const NEW_LINK = '/admin/configuration/configuring-github-connect/managing-github-connect';

function io(cwd: string) {
  let out = '';
  let err = '';
  const stream = (add: (s: string) => void) => new Writable({ write: (c, _e, cb) => (add(String(c)), cb()) });
  return {
    io: { stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)), cwd, env: {} },
    out: () => out,
    err: () => err,
  };
}

export async function cli(args: string[], cwd: string) {
  const h = io(cwd);
  const code = await run(args, h.io);
  return { code, out: h.out(), err: h.err() };
}

const edit = (root: string, rel: string, f: (s: string) => string) => fs.writeFileSync(path.join(root, rel), f(fs.readFileSync(path.join(root, rel), 'utf8')));

/** Builds the repository; `subject` is the message of the pull request's commit. */
export async function buildRepo(subject: string): Promise<{ root: string; db: string }> {
  const root = tempDir('l10n-pr-repo-');
  const db = path.join(tempDir('l10n-pr-db-'), 'drift.db');
  git(root, ['init', '-q', '-b', 'main']);
  // History starts before the site: translations added later have a known English base.
  fs.writeFileSync(path.join(root, 'README.md'), 'A test site.\n');
  commitAll(root, 'Start', '2021-01-01T12:00:00Z');
  fs.cpSync(SAMPLE, root, { recursive: true });
  fs.mkdirSync(path.dirname(path.join(root, ABOUT_ZH)), { recursive: true });
  fs.copyFileSync(path.join(root, ABOUT_EN), path.join(root, ABOUT_ZH));
  commitAll(root, 'The site and its translations', '2021-02-01T12:00:00Z');
  // The pull request: an English sentence in one section of each English page, and the ja-JP page's links.
  edit(root, SYNC_EN, (s) => s.replace('weekly.{% ifversion', 'every week.{% ifversion'));
  edit(root, ABOUT_EN, (s) => s.replace('will not allow', 'does not allow'));
  edit(root, SYNC_JA, (s) => s.replaceAll(OLD_LINK, NEW_LINK).replace(/\n## /, '\n詳しくは[ページ](/admin/no-such-page)を参照してください。\n\n## '));
  commitAll(root, subject, '2021-03-01T12:00:00Z');
  const indexed = await cli(['index', '--root', root, '--db', db, '--quiet'], root);
  expect(indexed.code, indexed.err).toBe(0);
  return { root, db };
}
