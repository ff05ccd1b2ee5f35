import { defineCheck } from './define.ts';
import { brief, canonicalJson } from './lib/text.ts';

/** Frontmatter keys that drive the build (versioning, navigation, page type), never translated. */
export const MUST_EQUAL_ENGLISH = ['versions', 'type', 'topics', 'children', 'layout', 'mapTopic', 'showMiniToc', 'miniTocMaxHeadingLevel', 'hidden'];

export default defineCheck({
  id: 'frontmatter-mismatch',
  severity: 'warning',
  docs: 'Frontmatter keys that must equal English (versions, type, topics, children, …) differ or are missing.',
  messages: {
    differs: 'Frontmatter {{field}} is {{actual}} but English has {{expected}}; copy the English value.',
    missing: 'Frontmatter {{field}} is missing (English has {{expected}}); copy it from English.',
    extra: 'Frontmatter {{field}} ({{actual}}) is not in English any more; remove it.',
  },
  run({ english, translation }) {
    if (!english?.frontmatter || !translation?.frontmatter || english.row.kind !== 'page' || translation.row.kind !== 'page') return [];
    const out = [];
    for (const field of MUST_EQUAL_ENGLISH) {
      const e = english.frontmatter[field];
      const t = translation.frontmatter[field];
      const line = translation.frontmatterLines[field] ?? 1;
      if (e === undefined && t === undefined) continue;
      if (t === undefined) out.push({ messageId: 'missing', data: { field, expected: brief(e) }, line, stable: `missing:${field}` });
      else if (e === undefined) out.push({ messageId: 'extra', data: { field, actual: brief(t) }, line, stable: `extra:${field}` });
      else if (canonicalJson(e) !== canonicalJson(t)) out.push({ messageId: 'differs', data: { field, actual: brief(t), expected: brief(e) }, line, stable: `differs:${field}` });
    }
    return out;
  },
});
