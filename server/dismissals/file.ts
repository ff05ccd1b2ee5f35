import fs from 'node:fs';
import path from 'node:path';

/** The repository's dismissals, at the site root: reviewed like code, honoured by CI (`check`) and the dashboard alike. */
export const DISMISSALS_FILE = '.l10n-drift-dismissed.json';
export const DISMISSAL_KINDS = ['false-alarm', 'wont-fix', 'later'] as const;
export type DismissalKind = (typeof DISMISSAL_KINDS)[number];

/** One entry of the file: which finding (fingerprint) showing what (digest), why, and who said so. */
export interface FileDismissal {
  locale: string;
  key: string;
  check: string;
  fingerprint: string;
  digest: string;
  kind: DismissalKind;
  reason: string;
  by: string;
}

export class DismissalsFileError extends Error {}

const FINGERPRINT = /^[0-9a-f]{24}$/;
const DIGEST = /^[A-Za-z0-9+/]{27}=$/;
const FIELDS = ['locale', 'key', 'check', 'fingerprint', 'digest', 'kind', 'reason', 'by'] as const;

export function dismissalsFileOf(root: string): string {
  return path.join(root, DISMISSALS_FILE);
}

/** Checks a parsed file; every error names the file, the entry (index and fingerprint) and the field. */
export function parseDismissals(text: string, file: string): FileDismissal[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DismissalsFileError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new DismissalsFileError(`${file}: expected an object {"version": 1, "dismissals": [...]}`);
  const top = data as Record<string, unknown>;
  if (top.version !== 1) throw new DismissalsFileError(`${file}: "version" must be 1 (got ${JSON.stringify(top.version)})`);
  for (const k of Object.keys(top)) if (k !== 'version' && k !== 'dismissals') throw new DismissalsFileError(`${file}: unknown field "${k}"`);
  if (!Array.isArray(top.dismissals)) throw new DismissalsFileError(`${file}: "dismissals" must be an array`);
  const seen = new Map<string, number>();
  return top.dismissals.map((entry: unknown, i: number): FileDismissal => {
    const at = (why: string, e?: Record<string, unknown>) => {
      const fp = e && typeof e.fingerprint === 'string' ? ` (fingerprint ${e.fingerprint})` : '';
      return new DismissalsFileError(`${file}: dismissals[${i}]${fp}: ${why}`);
    };
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw at('expected an object');
    const e = entry as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!(FIELDS as readonly string[]).includes(k)) throw at(`unknown field "${k}" (fields: ${FIELDS.join(', ')})`, e);
    for (const k of FIELDS) {
      if (typeof e[k] !== 'string' || (e[k] as string).trim() === '') throw at(`"${k}" must be a non-empty string`, e);
    }
    if (!FINGERPRINT.test(e.fingerprint as string)) throw at('"fingerprint" must be 24 lowercase hex digits', e);
    if (!DIGEST.test(e.digest as string)) throw at('"digest" must be the 28-character digest the finding shows (l10n-drift dismiss --to-file writes it)', e);
    if (!(DISMISSAL_KINDS as readonly string[]).includes(e.kind as string))
      throw at(`"kind" must be one of ${DISMISSAL_KINDS.join(', ')} (got "${e.kind}")`, e);
    const before = seen.get(e.fingerprint as string);
    if (before !== undefined) throw at(`fingerprint already dismissed by dismissals[${before}]`, e);
    seen.set(e.fingerprint as string, i);
    return Object.fromEntries(FIELDS.map((k) => [k, e[k]])) as unknown as FileDismissal;
  });
}

/** The file's entries, or [] when the site has none. */
export function readDismissalsFile(root: string): FileDismissal[] {
  const file = dismissalsFileOf(root);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return parseDismissals(text, file);
}

/** Adds or replaces (by fingerprint) one entry, keeping the others in order; writes with a trailing newline for diffs. */
export function writeDismissalToFile(root: string, entry: FileDismissal): string {
  const file = dismissalsFileOf(root);
  const entries = readDismissalsFile(root).filter((e) => e.fingerprint !== entry.fingerprint);
  entries.push(entry);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ version: 1, dismissals: entries }, null, 2) + '\n');
  fs.renameSync(tmp, file);
  return file;
}

/** Removes one entry by fingerprint; false when it had none. */
export function removeDismissalFromFile(root: string, fingerprint: string): boolean {
  const file = dismissalsFileOf(root);
  const entries = readDismissalsFile(root);
  const kept = entries.filter((e) => e.fingerprint !== fingerprint);
  if (kept.length === entries.length) return false;
  fs.writeFileSync(file, JSON.stringify({ version: 1, dismissals: kept }, null, 2) + '\n');
  return true;
}

/** Keeps a connection's copy of the file current: reloads when its size or mtime changed (one stat per call). */
export class DismissalsFileWatch {
  #stamp = '';
  constructor(
    private readonly root: string,
    private readonly load: (entries: FileDismissal[]) => void,
  ) {}

  /** Throws DismissalsFileError on a bad file (the previous entries stay loaded). */
  refresh(): void {
    let stamp = 'none';
    try {
      const st = fs.statSync(dismissalsFileOf(this.root));
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (stamp === this.#stamp) return;
    this.load(stamp === 'none' ? [] : readDismissalsFile(this.root));
    this.#stamp = stamp;
  }
}
