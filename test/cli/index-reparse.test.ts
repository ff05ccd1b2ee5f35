/**
 * A stored document is only as good as the parser and the limits that read it. `l10n-drift index`
 * parses a file again when its bytes change, and every file when the parser or its limits changed
 * since the last run (runs.parse_key) or when asked (`--reparse`): a file over a limit since
 * raised is read whole, and a file parsed again with the same bytes keeps the run its content last
 * changed in (stale detection dates a translation by it), so its findings stay as they were.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../content/license-sync');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-cli-reparse-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let clock = Date.parse('2026-04-01T08:00:00Z');
const now = () => new Date((clock += 60_000));
const withoutRun = (list: { first_run: number }[]) => list.map(({ first_run: _r, ...f }) => f);
/** The open findings of an index as the tests compare them. */
const openFindings = (db: Database.Database) =>
  db.prepare('SELECT fingerprint, message, line, first_run FROM findings WHERE resolved_run IS NULL ORDER BY fingerprint').all() as {
    message: string;
    first_run: number;
  }[];
const JA = 'translations/ja-JP/content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';

describe('index parses every file again when what parses them changed', () => {
  it('a raised limit, a new parser and --reparse: every file read again, the findings and change dates as they were', async () => {
    const root = path.join(dir, 'site');
    fs.cpSync(SAMPLE, root, { recursive: true });
    // A line of 1,500 characters in a translation: over a 1,000-character limit.
    fs.appendFileSync(path.join(root, JA), `\n${'これは長い行です。'.repeat(166)}\n`);
    const dbFile = path.join(dir, 'drift.db');
    const configFile = path.join(dir, 'l10n-drift.config.json');
    const writeConfig = (maxLineLength: number) => fs.writeFileSync(configFile, JSON.stringify({ root, db: dbFile, limits: { maxLineLength } }));
    const args = ['index', '--config', configFile, '--quiet'];
    const files = (out: string) => /files: (\d+) seen, (\d+) parsed, (\d+) unchanged, .*/.exec(out);
    const checks = (out: string) => /checks: (\d+) open findings \((\d+) new, (\d+) resolved;/.exec(out)?.slice(1).map(Number);
    const state = () => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return {
          documents: db.prepare('SELECT id, locale, key, content_hash, changed_run, first_seen_run, parse_error FROM documents ORDER BY id').all() as {
            key: string;
            locale: string;
            parse_error: string | null;
          }[],
          findings: openFindings(db),
          versions: db
            .prepare('SELECT document_id, run_id, content_hash, sections_json, frontmatter_json FROM document_versions ORDER BY document_id, run_id')
            .all(),
        };
      } finally {
        db.close();
      }
    };
    const jaRow = (s: ReturnType<typeof state>) =>
      s.documents.find((d) => d.locale === 'ja-JP' && d.key.endsWith('enabling-automatic-user-license-sync-for-your-enterprise'))!;

    writeConfig(1000);
    const first = await runCli(args, { cwd: dir, now });
    expect(first.code, first.err).toBe(0);
    const limited = state();
    expect(jaRow(limited).parse_error).toMatch(/over the limit of 1000 \(limits\.maxLineLength\)/);
    const [, seen] = files(first.out)!;

    // Nothing changed: nothing parsed.
    const again = await runCli(args, { cwd: dir, now });
    expect(files(again.out)?.slice(1, 3)).toEqual([seen, '0']);
    expect(again.out).not.toMatch(/parsed again/);

    // The limit raised: every file parsed again, the long line read.
    writeConfig(100_000);
    const raised = await runCli(args, { cwd: dir, now });
    expect(raised.code, raised.err).toBe(0);
    expect(files(raised.out)?.slice(1, 3)).toEqual([seen, seen]);
    expect(raised.out).toContain('every file parsed again (the parser or its limits changed since the last run)');
    const read = state();
    expect(jaRow(read).parse_error).toBeNull();
    // Same bytes, same row: the content of no file changed, so no row's change date moved.
    expect(read.documents.map(({ parse_error: _p, ...d }) => d)).toEqual(limited.documents.map(({ parse_error: _p, ...d }) => d));
    const [, , resolved] = checks(raised.out)!;
    expect(resolved).toBeGreaterThan(0);
    expect(limited.findings.some((f) => /limits\.maxLineLength/.test(f.message))).toBe(true);
    expect(read.findings.some((f) => /limits\.maxLineLength/.test(f.message))).toBe(false);
    // The findings a first index of these files at the raised limit gives.
    const freshDb = path.join(dir, 'fresh.db');
    const fresh = await runCli(['index', '--config', configFile, '--db', freshDb, '--quiet'], { cwd: dir, now });
    expect(fresh.code, fresh.err).toBe(0);
    const freshDbFile = new Database(freshDb, { readonly: true });
    try {
      expect(withoutRun(read.findings)).toEqual(withoutRun(openFindings(freshDbFile)));
    } finally {
      freshDbFile.close();
    }

    // The next run parses nothing again.
    const settled = await runCli(args, { cwd: dir, now });
    expect(files(settled.out)?.slice(1, 3)).toEqual([seen, '0']);

    // Asked: every file parsed again; the same findings, nothing new or resolved.
    const asked = await runCli([...args, '--reparse'], { cwd: dir, now });
    expect(files(asked.out)?.slice(1, 3)).toEqual([seen, seen]);
    expect(asked.out).toContain('every file parsed again (--reparse)');
    expect(checks(asked.out)!.slice(1)).toEqual([0, 0]);
    expect(state()).toEqual(read);

    // An index written and checked by another parser (as before an upgrade, or of a parser's package: it read the ja page
    // as over a limit, and English's versions otherwise). This one parses every file again, each English page's
    // current version with it (stale detection compares it with the page), and re-checks every pair: the findings
    // are this parser's.
    expect(read.versions.length).toBeGreaterThan(3);
    let db = new Database(dbFile);
    db.prepare("UPDATE documents SET parse_error = ? WHERE locale = 'ja-JP' AND path LIKE ?").run(jaRow(limited).parse_error, `%${path.basename(JA)}`);
    db.close();
    const older = await runCli([...args, '--full'], { cwd: dir, now });
    expect(older.code, older.err).toBe(0);
    expect(state().findings.some((f) => /limits\.maxLineLength/.test(f.message))).toBe(true);
    db = new Database(dbFile);
    db.prepare('UPDATE runs SET parse_key = ?').run('0123456789abcdef');
    db.prepare('UPDATE check_runs SET inputs_digest = ?').run('the older version');
    db.prepare("UPDATE document_versions SET sections_json = '[]'").run();
    db.close();
    const upgraded = await runCli(args, { cwd: dir, now });
    expect(files(upgraded.out)?.slice(1, 3)).toEqual([seen, seen]);
    expect(upgraded.out).toContain('every file parsed again (the parser or its limits changed since the last run)');
    expect(upgraded.out).toMatch(/pairs, all re-checked \(version, config, layout or checks changed\)/);
    const now_ = state();
    expect(now_.documents).toEqual(read.documents);
    expect(now_.versions).toEqual(read.versions);
    expect(withoutRun(now_.findings)).toEqual(withoutRun(read.findings));
  }, 120_000);

  it('--reparse with a redirect file changed re-checks the pages of its locale (MDN)', async () => {
    const root = path.join(dir, 'mdn');
    fs.cpSync(path.resolve(import.meta.dirname, '../fixtures/mdn-sample'), root, { recursive: true });
    const configFile = path.join(dir, 'mdn.config.json');
    fs.writeFileSync(configFile, JSON.stringify({ root, db: path.join(dir, 'mdn.db'), layout: 'mdn' }));
    const args = ['index', '--config', configFile, '--quiet'];
    const first = await runCli(args, { cwd: dir, now });
    expect(first.code, first.err).toBe(0);
    // English drops most of its redirect entries (a newer _redirects.txt).
    const redirects = path.join(root, 'files/en-us/_redirects.txt');
    fs.writeFileSync(redirects, fs.readFileSync(redirects, 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
    const later = new Date(Date.now() + 3_600_000);
    fs.utimesSync(redirects, later, later);
    const reparsed = await runCli([...args, '--reparse'], { cwd: dir, now });
    expect(reparsed.out).toContain('every file parsed again (--reparse)');
    const [, added, resolved] = /checks: \d+ open findings \((\d+) new, (\d+) resolved;/.exec(reparsed.out)!.map(Number);
    expect(added! + resolved!).toBeGreaterThan(0);
    // What the run re-checked is all a full re-check finds.
    const full = await runCli([...args, '--full'], { cwd: dir, now });
    expect(full.out).toMatch(/checks: \d+ open findings \(0 new, 0 resolved;/);

    // A new parser (as after an upgrade) and English's redirect file changed again: English's pages are re-stored as
    // changed (their redirect rows are), and their current versions read again by this parser all the same.
    const dbFile = path.join(dir, 'mdn.db');
    const versionsOf = () => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return db.prepare('SELECT document_id, run_id, content_hash, sections_json FROM document_versions ORDER BY 1, 2').all();
      } finally {
        db.close();
      }
    };
    const versions = versionsOf();
    expect(versions.length).toBeGreaterThan(10);
    const db = new Database(dbFile);
    db.prepare('UPDATE runs SET parse_key = ?').run('0123456789abcdef');
    db.prepare("UPDATE document_versions SET sections_json = '[]'").run();
    db.close();
    fs.appendFileSync(redirects, '/en-US/docs/Old/Page\t/en-US/docs/Web/HTML\n');
    const evenLater = new Date(Date.now() + 7_200_000);
    fs.utimesSync(redirects, evenLater, evenLater);
    const upgraded = await runCli(args, { cwd: dir, now });
    expect(upgraded.code, upgraded.err).toBe(0);
    expect(upgraded.out).toContain('every file parsed again (the parser or its limits changed since the last run)');
    expect(versionsOf()).toEqual(versions);
  }, 120_000);

  it('says so when two versions take turns on one index (each run parses every file again)', async () => {
    const root = path.join(dir, 'turns');
    fs.cpSync(SAMPLE, root, { recursive: true });
    const dbFile = path.join(dir, 'turns.db');
    const configFile = path.join(dir, 'turns.config.json');
    fs.writeFileSync(configFile, JSON.stringify({ root, db: dbFile }));
    const args = ['index', '--config', configFile, '--quiet', '--no-checks'];
    expect((await runCli(args, { cwd: dir, now })).code).toBe(0);
    const same = await runCli(args, { cwd: dir, now });
    expect(same.out).not.toContain('every file parsed again');
    // That second run as another version's (a server started before an upgrade): its own key.
    const db = new Database(dbFile);
    db.prepare("UPDATE runs SET parse_key = 'another version' WHERE id = (SELECT max(id) FROM runs)").run();
    db.close();
    const turns = await runCli(args, { cwd: dir, now });
    expect(turns.code, turns.err).toBe(0);
    // This version's run, then the other's, then this one's again: the other is still writing.
    expect(turns.out).toContain('another version or configuration of l10n-drift, the one before it by this one: two take turns on this index');
    expect(turns.out).toMatch(/files: (\d+) seen, \1 parsed/);
  }, 120_000);
});
