/**
 * `npx tsx scripts/findings-dump.ts dump DB OUT` writes the open findings of an indexed
 * database, one per line, sorted: check, locale, fingerprint, message id and a digest of
 * what the finding says (message, data, line, section; the start and end times of the
 * database's own index runs read as the run's number).
 * `npx tsx scripts/findings-dump.ts compare A B` compares two dumps: counts per check and
 * locale, and the fingerprints only one side has or whose finding says something else.
 * Exit code 0 when the dumps are identical, 1 when they differ.
 *
 * It proves a refactoring changed no finding: index the same tree with the old code and the
 * new one, dump each database, compare (issue 22, "behaviour unchanged").
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

interface Line {
  check: string;
  locale: string;
  fingerprint: string;
  messageId: string;
  digest: string;
}

export function dump(dbPath: string, out: string): number {
  if (!fs.existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const rows = db
    .prepare('SELECT check_id, locale, fingerprint, message_id, message, data_json, line, section FROM findings WHERE resolved_run IS NULL')
    .raw()
    .all() as [string, string, string, string, string, string, number | null, number | null][];
  // When each index run started is when it was run, not what it found (an index base's date):
  // the digest reads it as the run's number, so two indexes of one tree compare equal.
  const runs = db.prepare('SELECT id, started_at, finished_at FROM runs').raw().all() as [number, string, string | null][];
  db.close();
  const runTimes = new Map<string, string>();
  for (const [id, started, finished] of runs) {
    runTimes.set(started, `run ${id} start`);
    if (finished) runTimes.set(finished, `run ${id} end`);
  }
  const normalize = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (t) => runTimes.get(t) ?? t);
  const lines = rows.map(([check, locale, fp, messageId, message, data, line, section]) => {
    const digest = crypto.hash('sha1', `${normalize(message)}\0${normalize(data)}\0${line ?? ''}\0${section ?? ''}`, 'hex').slice(0, 16);
    return `${check}\t${locale}\t${fp}\t${messageId}\t${digest}`;
  });
  lines.sort();
  fs.writeFileSync(out, lines.join('\n') + (lines.length ? '\n' : ''));
  return lines.length;
}

function read(file: string): Line[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l, i) => {
      const [check, locale, fingerprint, messageId, digest] = l.split('\t');
      if (!check || !locale || !fingerprint || !messageId || !digest) throw new Error(`${file}:${i + 1}: not a findings dump line`);
      return { check, locale, fingerprint, messageId, digest };
    });
}

function counts(lines: Line[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines) m.set(`${l.check}\t${l.locale}`, (m.get(`${l.check}\t${l.locale}`) ?? 0) + 1);
  return m;
}

export function compare(a: string, b: string, log: (s: string) => void): boolean {
  const left = read(a);
  const right = read(b);
  const ca = counts(left);
  const cb = counts(right);
  const groups = [...new Set([...ca.keys(), ...cb.keys()])].sort();
  log(`check\tlocale\t${a}\t${b}`);
  for (const g of groups) log(`${g}\t${ca.get(g) ?? 0}\t${cb.get(g) ?? 0}${ca.get(g) === cb.get(g) ? '' : '\t<- differs'}`);
  log(`total\t\t${left.length}\t${right.length}`);
  const byFp = (lines: Line[]) => new Map(lines.map((l) => [l.fingerprint, l]));
  const ma = byFp(left);
  const mb = byFp(right);
  let onlyA = 0;
  let onlyB = 0;
  let changed = 0;
  const examples: string[] = [];
  for (const [fp, l] of ma) {
    const r = mb.get(fp);
    if (!r) (onlyA++, examples.length < 20 && examples.push(`only in ${a}: ${l.check} ${l.locale} ${fp}`));
    else if (r.messageId !== l.messageId || r.digest !== l.digest || r.check !== l.check || r.locale !== l.locale)
      (changed++, examples.push(`says something else: ${l.check} ${l.locale} ${fp}`));
  }
  for (const [fp, l] of mb) if (!ma.has(fp)) (onlyB++, examples.length < 40 && examples.push(`only in ${b}: ${l.check} ${l.locale} ${fp}`));
  for (const e of examples.slice(0, 40)) log(e);
  const same = onlyA === 0 && onlyB === 0 && changed === 0;
  log(same ? `identical: ${left.length} findings` : `different: ${onlyA} only in the first, ${onlyB} only in the second, ${changed} changed`);
  return same;
}

function main(): void {
  const [command, x, y] = process.argv.slice(2);
  if (command === 'dump' && x && y) {
    console.log(`${dump(x, y)} open findings written to ${y}`);
  } else if (command === 'compare' && x && y) {
    process.exitCode = compare(x, y, (s) => console.log(s)) ? 0 : 1;
  } else {
    console.error('usage: findings-dump.ts dump DB OUT | compare DUMP_A DUMP_B');
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
