/**
 * A layout's redirect file (MDN's `_redirects.txt`) gives its locale's pages redirect entries their
 * own bytes do not hold: a changed file re-stores the pages, as changed rows (what the checks and
 * base identities re-read), but not as changed content. Stale detection dates a translation by its
 * content (documents.content_run): one line added to es/_redirects.txt once made the 41 es
 * translations of the MDN sample whose base is unknown read as up to date. After the change, the
 * index must say what a cold index of the same files says.
 *
 * Rewriting only the entries that changed, without re-storing the locale, was tried: it missed what
 * an entry to another site changes (such entries belong to no page's rows: one broken link of 217,050
 * on MDN after 300 of English's entries were dropped), which re-storing the locale re-checks.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/mdn-sample');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-cli-redirect-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let clock = Date.parse('2026-04-01T08:00:00Z');
const now = () => new Date((clock += 60_000));

/** The open findings of an index, without the runs that found them, its es rows' run columns and a redirect entry. */
function state(dbFile: string) {
  const db = new Database(dbFile, { readonly: true });
  try {
    return {
      // A base's date is its run's start, which two databases' runs do not share: their run numbers are compared.
      findings: (
        db
          .prepare('SELECT check_id, locale, fingerprint, message, data_json, line, section FROM findings WHERE resolved_run IS NULL ORDER BY fingerprint')
          .all() as { data_json: string }[]
      ).map((f) => ({ ...f, data_json: f.data_json.replace(/"baseDate":"[^"]*",/, '') })),
      es: db.prepare("SELECT key, changed_run, content_run FROM documents WHERE locale = 'es' ORDER BY key").all() as {
        key: string;
        changed_run: number;
        content_run: number;
      }[],
      redirect: db.prepare("SELECT to_key FROM redirects WHERE locale = 'es' AND from_key = 'viejo/pagina'").pluck().get(),
      oldLink: db.prepare("SELECT check_id FROM findings WHERE resolved_run IS NULL AND message LIKE '%/es/docs/Viejo/Pagina%'").pluck().all(),
    };
  } finally {
    db.close();
  }
}

describe('index after a redirect file changed (MDN)', () => {
  it('keeps each page’s content run, says base unknown where a cold index does, and finds what it finds', async () => {
    const root = path.join(dir, 'mdn');
    fs.cpSync(FIXTURE, root, { recursive: true });
    // A translation linking to an address no page or redirect has yet.
    fs.appendFileSync(
      path.join(root, 'files/es/web/javascript/reference/global_objects/array/pop/index.md'),
      '\nVéase [la página vieja](/es/docs/Viejo/Pagina).\n',
    );
    const config = (db: string) => {
      const file = path.join(dir, `${db}.config.json`);
      fs.writeFileSync(file, JSON.stringify({ root, db: path.join(dir, `${db}.db`), layout: 'mdn' }));
      return ['index', '--config', file];
    };
    const first = await runCli(config('incremental'), { cwd: dir, now });
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/es: 41\/50 translated \(0 up to date, 0 stale, 41 base unknown\)/);
    const before = state(path.join(dir, 'incremental.db'));
    expect(before.oldLink).toEqual(['broken-link']);

    // A moved page's old address, added to es's redirect file after the first run.
    const redirects = path.join(root, 'files/es/_redirects.txt');
    fs.appendFileSync(redirects, '/es/docs/Viejo/Pagina\t/es/docs/Web/JavaScript/Reference/Global_Objects/Array/Shift\n');
    const later = new Date(Date.now() + 3_600_000);
    fs.utimesSync(redirects, later, later);
    const second = await runCli(config('incremental'), { cwd: dir, now });
    expect(second.code, second.err).toBe(0);
    // The locale's pages are read again for their entries, and their pairs re-checked.
    expect(second.out).toMatch(/files: 172 seen, 41 parsed, 131 unchanged, 0 added, 0 deleted/);
    expect(second.out).toMatch(/41 of 200 pairs re-checked/);
    expect(second.out).toMatch(/es: 41\/50 translated \(0 up to date, 0 stale, 41 base unknown\)/);
    const after = state(path.join(dir, 'incremental.db'));
    expect(after.redirect).toBe('web/javascript/reference/global_objects/array/shift');
    expect(after.oldLink).toEqual(['outdated-link']);
    // Changed rows, the same content runs.
    expect(after.es.map((d) => d.content_run)).toEqual(before.es.map((d) => d.content_run));
    expect(after.es.every((d) => d.changed_run > d.content_run)).toBe(true);

    // A cold index of the same files says the same.
    const cold = await runCli(config('cold'), { cwd: dir, now });
    expect(cold.code, cold.err).toBe(0);
    expect(cold.out).toMatch(/es: 41\/50 translated \(0 up to date, 0 stale, 41 base unknown\)/);
    expect(after.findings).toEqual(state(path.join(dir, 'cold.db')).findings);
  }, 120_000);
});
