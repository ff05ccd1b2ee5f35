import { malformedSourceCommit, sourceCommitOf } from '../history/source-commit.ts';
import type { BaseUnknownReason } from './define.ts';
import { defineCheck, type CheckFinding } from './define.ts';
import { baseData, changesSinceBase } from './stale-translation.ts';

/** Why the base is unknown, as the message says it. */
export const BASE_UNKNOWN_REASONS: Record<BaseUnknownReason, string> = {
  'no-git-history': 'the site is not a git work tree and the index has not seen this translation change',
  'not-committed': 'the translation is not committed and the index has not seen it change',
  'no-source-commit': 'the translation names no l10n.sourceCommit',
  'no-source-repository': 'source repository not configured',
  'malformed-source-commit': 'its source-commit entry is malformed',
  'unknown-commit': 'its sourceCommit is not a commit in the English history',
  'before-history': 'the translation is older than the history (last changed in its first commit)',
  'data-file': 'stale detection compares pages and reusables section by section, and a data file (variables) has no sections',
};

export default defineCheck({
  id: 'base-unknown',
  severity: 'info',
  docs: 'No English version is known as the one the translation was made from (with the reason), so it cannot be called up to date; malformed or unknown source-commit entries.',
  messages: {
    baseUnknown:
      'No English base is known for this translation: {{reasonText}}. It may be stale without showing it; review it against English, then complete a claim or set l10n.sourceCommit to the English commit it matches.',
    noSourceRepository:
      'No English base is known for this translation: source repository not configured. Its l10n.sourceCommit ({{sourceCommit}}) names a commit of the English source repository, which stale detection reads from a git clone of it: set "sourceRepository" in l10n-drift.config.json to that clone (a work tree or a bare git directory; without it, "sourceRoot" is used when it is a git work tree), then re-index.',
    unknownSourceCommit: 'sourceCommit {{baseRef}} is not a commit in the English history; set it to the English commit this translation was made from.',
    malformedSourceCommit: 'Malformed source-commit entry "{{entry}}": no tool reads it. Did you mean "{{meant}}"?',
  },
  run({ english, translation, site, locale, key }): CheckFinding<'base-unknown'>[] {
    if (!english || !translation) return [];
    const out: CheckFinding<'base-unknown'>[] = [];
    const malformed = malformedSourceCommit(translation.frontmatter);
    if (malformed) {
      out.push({
        messageId: 'malformedSourceCommit',
        data: { entry: malformed.entry, meant: malformed.meant },
        severity: 'warning',
        line: translation.frontmatterLines[malformed.key] ?? null,
        stable: `malformed-source-commit:${malformed.entry}`,
      });
    }
    const base = site.staleBase(locale, key);
    // A translated data file is counted as translated, and no base is looked for: say so, never leave it unexplained.
    if (!base && translation.row.kind === 'variables' && english.row.kind === 'variables') {
      out.push({
        messageId: 'baseUnknown',
        data: { baseState: 'unknown', baseReason: 'data-file', reasonText: BASE_UNKNOWN_REASONS['data-file'] },
        line: null,
        stable: 'base-unknown',
      });
      return out;
    }
    if (!base || base.baseState !== 'unknown') return out;
    if (base.problem) {
      out.push({
        messageId: 'unknownSourceCommit',
        data: { ...baseData(base), problem: base.problem },
        severity: 'warning',
        stable: `source-commit:${base.ref}`,
        line: translation.frontmatterLines.l10n ?? translation.frontmatterLines.sourceCommit ?? null,
      });
      return out;
    }
    // English changes after the oldest version history has are certainly missing: stale-translation reports them.
    if (changesSinceBase(english, translation, base, site.layout.frontmatter)) return out;
    const reason = base.reason ?? 'no-git-history';
    if (reason === 'no-source-repository') {
      out.push({
        messageId: 'noSourceRepository',
        data: { ...baseData(base), sourceCommit: sourceCommitOf(translation.frontmatter), reasonText: BASE_UNKNOWN_REASONS[reason] },
        line: translation.frontmatterLines.l10n ?? translation.frontmatterLines.sourceCommit ?? null,
        stable: 'base-unknown',
      });
      return out;
    }
    out.push({
      messageId: 'baseUnknown',
      data: { ...baseData(base), baseReason: reason, reasonText: BASE_UNKNOWN_REASONS[reason] },
      line: null,
      stable: 'base-unknown',
    });
    return out;
  },
});
