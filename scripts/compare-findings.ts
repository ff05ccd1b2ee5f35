/**
 * Compares two `l10n-drift check --format json` outputs of the same site (before and after a
 * change): counts per check and locale, findings only one side has (by fingerprint), and
 * findings both have whose message id, severity or data changed.
 *
 *   npx tsx scripts/compare-findings.ts before.json after.json [--check ID,ID] [--show N] [--json FILE]
 *
 * `--show N` prints N removed and N added findings per check (spread evenly over the list, so
 * a hand check sees more than one page); `--json FILE` writes every difference for a script.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface JsonFinding {
  fingerprint: string;
  locale: string;
  key: string;
  path: string;
  line: number | null;
  check: string;
  messageId: string;
  severity: string;
  message: string;
  data: Record<string, unknown>;
}

export interface FindingsDiff {
  counts: { check: string; locale: string; before: number; after: number }[];
  removed: JsonFinding[];
  added: JsonFinding[];
  /** Same fingerprint, other message id, severity or data. */
  changed: { before: JsonFinding; after: JsonFinding; what: string[] }[];
}

export function readFindings(file: string): JsonFinding[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a readable check --format json output (${(err as Error).message})`, { cause: err });
  }
  const findings = (parsed as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) throw new Error(`${file}: no "findings" array; expected the output of \`l10n-drift check --format json\``);
  return findings as JsonFinding[];
}

export function compareFindings(before: JsonFinding[], after: JsonFinding[], checks?: ReadonlySet<string>): FindingsDiff {
  const keep = (f: JsonFinding) => !checks || checks.has(f.check);
  const b = new Map(before.filter(keep).map((f) => [f.fingerprint, f]));
  const a = new Map(after.filter(keep).map((f) => [f.fingerprint, f]));
  const counts = new Map<string, { check: string; locale: string; before: number; after: number }>();
  const count = (f: JsonFinding, side: 'before' | 'after') => {
    const k = `${f.check}\t${f.locale}`;
    let c = counts.get(k);
    if (!c) counts.set(k, (c = { check: f.check, locale: f.locale, before: 0, after: 0 }));
    c[side]++;
  };
  for (const f of b.values()) count(f, 'before');
  for (const f of a.values()) count(f, 'after');
  const changed: FindingsDiff['changed'] = [];
  for (const [fp, x] of b) {
    const y = a.get(fp);
    if (!y) continue;
    const what: string[] = [];
    if (x.messageId !== y.messageId) what.push('messageId');
    if (x.severity !== y.severity) what.push('severity');
    if (JSON.stringify(x.data) !== JSON.stringify(y.data)) what.push('data');
    if (what.length) changed.push({ before: x, after: y, what });
  }
  return {
    counts: [...counts.values()].sort((x, y) => x.check.localeCompare(y.check) || x.locale.localeCompare(y.locale)),
    removed: [...b.values()].filter((f) => !a.has(f.fingerprint)),
    added: [...a.values()].filter((f) => !b.has(f.fingerprint)),
    changed,
  };
}

function spread<T>(list: T[], n: number): T[] {
  if (list.length <= n) return list;
  return Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
    args.splice(i, 2);
    return v;
  };
  const checkList = opt('--check');
  const show = Number(opt('--show') ?? 0);
  const jsonOut = opt('--json');
  if (args.length !== 2 || !Number.isInteger(show) || show < 0) {
    console.error('Usage: compare-findings.ts before.json after.json [--check ID,ID] [--show N] [--json FILE]');
    process.exit(2);
  }
  const diff = compareFindings(readFindings(args[0]!), readFindings(args[1]!), checkList ? new Set(checkList.split(',')) : undefined);
  const byCheck = new Map<string, { before: number; after: number }>();
  for (const c of diff.counts) {
    const t = byCheck.get(c.check) ?? { before: 0, after: 0 };
    t.before += c.before;
    t.after += c.after;
    byCheck.set(c.check, t);
  }
  console.log('check\tlocale\tbefore\tafter');
  for (const c of diff.counts) if (c.before !== c.after) console.log(`${c.check}\t${c.locale}\t${c.before}\t${c.after}`);
  for (const [check, t] of byCheck) console.log(`${check}\t(all)\t${t.before}\t${t.after}`);
  const per = (list: JsonFinding[]) => {
    const m = new Map<string, number>();
    for (const f of list) m.set(f.check, (m.get(f.check) ?? 0) + 1);
    return [...m].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  };
  console.log(`\nremoved (fingerprint only before): ${diff.removed.length} (${per(diff.removed)})`);
  console.log(`added (fingerprint only after): ${diff.added.length} (${per(diff.added)})`);
  console.log(`changed (same fingerprint): ${diff.changed.length} (${per(diff.changed.map((c) => c.after))})`);
  if (show > 0) {
    for (const check of byCheck.keys()) {
      for (const [label, list] of [
        ['REMOVED', diff.removed],
        ['ADDED', diff.added],
      ] as const) {
        for (const f of spread(
          list.filter((x) => x.check === check),
          show,
        ))
          console.log(`\n${label} ${f.check} ${f.path}:${f.line ?? '-'}\n  ${f.message}`);
      }
    }
  }
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(diff, null, 2));
}
