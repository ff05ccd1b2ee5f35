import type { SectionRow } from '../shared/documents.ts';
import { compareSections, type ChangeKind, type HistorySection, type SectionChange } from '../history/compare.ts';
import { fieldChanges, type FieldChange } from '../history/fields.ts';
import type { FrontmatterSemantics } from '../layouts/types.ts';
import { defineCheck, type StaleBase, type CheckFinding } from './define.ts';
import type { CheckDocument, Severity } from './types.ts';

const historyOf = new WeakMap<SectionRow[], HistorySection[]>();

/**
 * Current English sections in the shape history keeps, one list per English page (every
 * locale's translation compares with the same one). A section's source is read when a
 * comparison needs it, for changed sections only: most sections of most pages are the same.
 */
export function historySections(rows: SectionRow[]): HistorySection[] {
  let out = historyOf.get(rows);
  if (!out) historyOf.set(rows, (out = rows.map((s) => new RowSection(s))));
  return out;
}

/**
 * A section row read as a HistorySection: one small object per section, its fields read
 * through (an object literal with a `source` getter cost three objects per section, ~23 MB
 * of the memo on MDN's English).
 */
class RowSection implements HistorySection {
  constructor(private readonly row: SectionRow) {}
  get ordinal(): number {
    return this.row.ordinal;
  }
  get level(): number {
    return this.row.level;
  }
  get heading(): string {
    return this.row.heading;
  }
  get anchor(): string {
    return this.row.anchor;
  }
  get textHash(): string {
    return this.row.text_hash;
  }
  get skeletonHash(): string {
    return this.row.skeleton_hash;
  }
  get source(): string {
    return this.row.source;
  }
}

// Steps and code are what readers follow and copy: a translation that shows old ones
// gives wrong instructions. Prose drifts; Liquid and link changes are the smallest.
const SEVERITY_OF: Record<ChangeKind, Severity> = {
  procedure: 'error',
  code: 'error',
  text: 'warning',
  heading: 'warning',
  liquid: 'info',
  links: 'info',
};
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The severity a set of English section changes deserves. */
export function staleSeverity(changes: SectionChange[]): Severity {
  let worst: Severity = 'info';
  for (const c of changes) {
    const s: Severity = c.status === 'changed' ? SEVERITY_OF[c.kinds[0]!] : c.kinds[0] === 'procedure' || c.kinds[0] === 'code' ? 'error' : 'warning';
    if (RANK[s] > RANK[worst]) worst = s;
  }
  return worst;
}

function label(c: SectionChange): string {
  const name = c.level === 0 ? '(introduction)' : c.heading;
  return c.status === 'changed' ? name : `${name} (${c.status})`;
}

/** Orders stale findings by how far behind they are: commits, then days, then size. */
export function compareStaleness(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const n = (v: unknown) => (typeof v === 'number' ? v : -1);
  return n(b.commitsBehind) - n(a.commitsBehind) || n(b.daysBehind) - n(a.daysBehind) || n(b.wordsChanged) - n(a.wordsChanged);
}

/** What every stale-translation and base-unknown finding says about the base. */
export function baseData(base: StaleBase) {
  return {
    baseSource: base.source,
    baseRef: base.ref,
    baseDate: base.date,
    commitsBehind: base.commitsBehind,
    daysBehind: base.daysBehind,
    baseState: base.baseState,
    baseReason: base.reason ?? null,
    uncommitted: base.uncommitted ?? false,
  };
}

export default defineCheck({
  id: 'stale-translation',
  severity: 'warning',
  docs: 'English changed since the version the translation was made from: which sections, how many commits and days behind.',
  messages: {
    stale:
      'English changed since this translation was made ({{baseSource}} base {{baseRef}}): {{changedCount}} section(s) to update ({{changedSections}}), {{commitsBehind}} commit(s) and {{daysBehind}} day(s) behind. Update these sections from the English diff.',
    fields:
      'English changed {{changedFields}} since this translation was made ({{baseSource}} base {{baseRef}}), {{commitsBehind}} commit(s) and {{daysBehind}} day(s) behind. Update the translated frontmatter from English.',
    behind:
      'English changed {{commitsBehind}} time(s) since this translation was made ({{baseSource}} base {{baseRef}}), but the old English version is not available to compare sections. Review the page against English.',
  },
  run({ english, translation, site, locale, key }): CheckFinding<'stale-translation'>[] {
    if (!english || !translation) return [];
    const base = site.staleBase(locale, key);
    const missed = base ? changesSinceBase(english, translation, base, site.layout.frontmatter) : null;
    if (!base || !missed) return [];
    if (missed === 'behind') {
      return [
        {
          messageId: 'behind',
          data: { ...baseData(base), changedSections: [], changedCount: null, wordsChanged: null, sections: [], fields: [] },
          stable: 'stale',
        },
      ];
    }
    const { sections: changes, fields } = missed;
    return [
      {
        // Only frontmatter readers see changed (a retitled page): a message of its own.
        messageId: changes.length === 0 ? 'fields' : 'stale',
        data: {
          ...baseData(base),
          changedSections: changes.map(label),
          changedCount: changes.length,
          wordsChanged: changes.reduce((n, c) => n + c.wordsChanged, 0),
          sections: changes,
          fields,
          changedFields: fields.map((f) => f.field),
        },
        severity: changes.length === 0 ? FIELDS_SEVERITY : staleSeverity(changes),
        line: null,
        // One finding per article: new English edits update it rather than open another.
        stable: 'stale',
      },
    ];
  },
});

// A title, short title or intro is what readers see first (navigation, search, the page head): a warning, like prose.
const FIELDS_SEVERITY: Severity = 'warning';

/**
 * The English changes a translation misses: its changed sections and content fields,
 * `behind` when English changed but the base version cannot be compared, null when nothing
 * is known to be missing (up to date, or a base that names no English version: the
 * base-unknown check's).
 */
export function changesSinceBase(
  english: CheckDocument,
  translation: CheckDocument,
  base: StaleBase,
  semantics: FrontmatterSemantics,
): { sections: SectionChange[]; fields: FieldChange[] } | 'behind' | null {
  if (base.problem) return null;
  if (!base.sections) return base.commitsBehind ? 'behind' : null;
  // Built only if English moved a link in a changed section (most translations are not behind at all).
  let targets: Set<string> | null = null;
  const translationTargets = { has: (target: string) => (targets ??= new Set(translation.links.map((l) => l.target))).has(target) };
  const sections = compareSections(base.sections, historySections(english.sections), translationTargets);
  const fields = fieldChanges(base.fields, english.frontmatter, semantics);
  return sections.length > 0 || fields.length > 0 ? { sections, fields } : null;
}
