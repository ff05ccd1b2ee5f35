import { catFiles } from './git.ts';

/** How writers mark an English commit "no translation update needed" (config `history`). */
export interface SkipRule {
  /** Text in the commit subject, matched case-insensitively (default `[l10n skip]`). */
  keyword: string;
  /** A trailer `Token: value` in the message's last paragraph (default `L10n-Drift: cosmetic`). */
  trailer: string;
}

export const DEFAULT_SKIP: SkipRule = { keyword: '[l10n skip]', trailer: 'L10n-Drift: cosmetic' };

/** A commit a writer marked cosmetic: its sha and subject. */
export interface CosmeticCommit {
  ref: string;
  subject: string;
}

/** The message of a raw commit object (what follows the headers), or null. */
function messageOf(commit: Buffer): string | null {
  const text = commit.toString('utf8');
  const end = text.indexOf('\n\n');
  return end < 0 ? null : text.slice(end + 2);
}

/** Whether a commit message marks the commit cosmetic under `rule`. */
export function isCosmetic(message: string, rule: SkipRule): boolean {
  const lines = message.replace(/\r\n/g, '\n').trimEnd().split('\n');
  const subject = lines[0] ?? '';
  if (rule.keyword !== '' && subject.toLowerCase().includes(rule.keyword.toLowerCase())) return true;
  const colon = rule.trailer.indexOf(':');
  if (colon < 0) return false;
  const token = rule.trailer.slice(0, colon).trim().toLowerCase();
  const value = rule.trailer
    .slice(colon + 1)
    .trim()
    .toLowerCase();
  // Trailers live in the last paragraph of a message that has a body.
  const lastBlank = lines.lastIndexOf('');
  if (lastBlank < 0) return false;
  return lines.slice(lastBlank + 1).some((line) => {
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    return m !== null && m[1]!.toLowerCase() === token && m[2]!.trim().toLowerCase() === value;
  });
}

/** The commits among `shas` marked cosmetic, read in one `git cat-file --batch`. */
export async function cosmeticCommits(top: string, shas: string[], rule: SkipRule): Promise<Map<string, CosmeticCommit>> {
  const out = new Map<string, CosmeticCommit>();
  if (shas.length === 0) return out;
  for (const [sha, body] of await catFiles(top, shas)) {
    const message = body ? messageOf(body) : null;
    if (message !== null && isCosmetic(message, rule)) out.set(sha, { ref: sha, subject: message.split('\n')[0]!.trim() });
  }
  return out;
}
