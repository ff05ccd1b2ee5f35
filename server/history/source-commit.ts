/**
 * The translation's `l10n.sourceCommit` (MDN) or a top-level `sourceCommit`, and the
 * entries that meant to be one but no tool reads: a typo'd key (`l10:`, `i10n:`,
 * `l10n.sourcecommit`), a bare SHA (`l10n: 1a2b3c…`) or a key without its colon
 * (`l10n: sourceCommit 1a2b3c…`, which YAML reads as one string).
 */

/** A source-commit entry in a form no tool reads, with what it probably meant. */
export interface MalformedSourceCommit {
  /** The entry as written, as a frontmatter path and value: `i10n.sourceCommit: 1a2b3c`. */
  entry: string;
  /** What it probably meant: `l10n.sourceCommit: 1a2b3c`. */
  meant: string;
  /** The frontmatter key it sits under (for the finding's line). */
  key: string;
}

const SHA = /^[0-9a-f]{7,40}$/i;

/** `l10n.sourceCommit` or a top-level `sourceCommit`, when the translation names one. */
export function sourceCommitOf(frontmatter: Record<string, unknown> | null): string | null {
  if (!frontmatter) return null;
  const l10n = frontmatter.l10n as Record<string, unknown> | undefined;
  const value = (l10n && typeof l10n === 'object' ? l10n.sourceCommit : undefined) ?? frontmatter.sourceCommit;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** `sourceCommitOf` on a document's stored frontmatter JSON (parsed only when it can hold one). */
export function sourceCommitOfJson(frontmatterJson: string | null): string | null {
  if (!frontmatterJson || !frontmatterJson.includes('sourceCommit')) return null;
  return sourceCommitOf(JSON.parse(frontmatterJson) as Record<string, unknown>);
}

// A hex run of 7 or more characters: every malformed entry names a commit.
const MAY_NAME_A_COMMIT = /[0-9a-f]{7}/i;

/** `malformedSourceCommit` on stored frontmatter JSON (parsed only when it holds something like a SHA). */
export function malformedSourceCommitOfJson(frontmatterJson: string | null): MalformedSourceCommit | null {
  if (!frontmatterJson || !MAY_NAME_A_COMMIT.test(frontmatterJson)) return null;
  return malformedSourceCommit(JSON.parse(frontmatterJson) as Record<string, unknown>);
}

// Keys a hand or an OCR'd eye makes of `l10n`: l10, i10n, l1On, 110n, L10N, l18n, and the
// transposed ln10 (MDN es Array/keys has it) …
const L10N_LIKE = /^[lI1i|](?:[0-9oO1lI]{1,2}[nN]?|[nN][0-9oO1lI]{1,2})$/;
// `sourcecommit`, `source_commit`, `source-commit`, `sourceComit`, `srcCommit`, `commit` …
const SOURCE_COMMIT_LIKE = /^(?:s(?:ou)?rc?e?[-_ ]?)?comm?it(?:[-_ ]?(?:sha|id))?$/i;

function shaOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) value = String(value);
  return typeof value === 'string' && SHA.test(value.trim()) ? value.trim() : null;
}

/** A malformed source-commit entry, or null when there is none (or a well-formed one). */
export function malformedSourceCommit(frontmatter: Record<string, unknown> | null): MalformedSourceCommit | null {
  if (!frontmatter) return null;
  const meant = (sha: string) => `l10n.sourceCommit: ${sha}`;
  const l10n = frontmatter.l10n;
  if (typeof l10n === 'string' || typeof l10n === 'number') {
    const text = String(l10n).trim();
    const bare = shaOf(text);
    if (bare) return { entry: `l10n: ${text}`, meant: meant(bare), key: 'l10n' };
    // `sourceCommit abc123` or `sourceCommit=abc123`: the key lost its colon.
    const m = /^([A-Za-z_-]+)\s*[=\s]\s*([0-9a-f]{7,40})$/i.exec(text);
    if (m && SOURCE_COMMIT_LIKE.test(m[1]!)) return { entry: `l10n: ${text}`, meant: meant(m[2]!), key: 'l10n' };
  } else if (l10n && typeof l10n === 'object' && !Array.isArray(l10n)) {
    const entries = l10n as Record<string, unknown>;
    if (entries.sourceCommit === undefined) {
      for (const [k, v] of Object.entries(entries)) {
        const sha = shaOf(v);
        if (sha && SOURCE_COMMIT_LIKE.test(k)) return { entry: `l10n.${k}: ${String(v)}`, meant: meant(sha), key: 'l10n' };
      }
    } else if (typeof entries.sourceCommit !== 'string' || !SHA.test(entries.sourceCommit.trim())) {
      // Present but not a commit name: a list, a number YAML made of an all-digit SHA, a sentence.
      const text = JSON.stringify(entries.sourceCommit);
      const sha = shaOf(entries.sourceCommit);
      if (sha) return { entry: `l10n.sourceCommit: ${text}`, meant: `l10n.sourceCommit: "${sha}"`, key: 'l10n' };
    }
  }
  if (sourceCommitOf(frontmatter) !== null) return null;
  for (const [k, v] of Object.entries(frontmatter)) {
    if (k === 'l10n') continue;
    if (L10N_LIKE.test(k)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [inner, value] of Object.entries(v as Record<string, unknown>)) {
          const sha = shaOf(value);
          if (sha && (inner === 'sourceCommit' || SOURCE_COMMIT_LIKE.test(inner)))
            return { entry: `${k}.${inner}: ${String(value)}`, meant: meant(sha), key: k };
        }
      }
      const sha = shaOf(v);
      if (sha) return { entry: `${k}: ${String(v)}`, meant: meant(sha), key: k };
    } else if (k !== 'sourceCommit' && SOURCE_COMMIT_LIKE.test(k) && /source|src/i.test(k)) {
      const sha = shaOf(v);
      if (sha) return { entry: `${k}: ${String(v)}`, meant: meant(sha), key: k };
    }
  }
  return null;
}
