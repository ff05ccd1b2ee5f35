import { defineCheck } from './define.ts';
import { brief, canonicalJson } from './lib/text.ts';

/**
 * Frontmatter keys that drive the build (versioning, navigation, page type), never translated:
 * GitHub Docs' list, used when the layout names none (MDN's preset names `page-type`,
 * `browser-compat`, `status`; a config's `frontmatterMustMatch` overrides either).
 */
export const MUST_EQUAL_ENGLISH = ['versions', 'type', 'topics', 'children', 'layout', 'mapTopic', 'showMiniToc', 'miniTocMaxHeadingLevel', 'hidden'];

export default defineCheck({
  id: 'frontmatter-mismatch',
  severity: 'warning',
  docs: "Frontmatter keys that must equal English differ or are missing: the layout's list (MDN: page-type, browser-compat, status; config frontmatterMustMatch overrides it), else versions, type, topics, children, ….",
  messages: {
    differs: 'Frontmatter {{field}} is {{actual}} but English has {{expected}}; copy the English value.',
    missing: 'Frontmatter {{field}} is missing (English has {{expected}}); copy it from English.',
    extra: 'Frontmatter {{field}} ({{actual}}) is not in English any more; remove it.',
  },
  run({ english, translation, site }) {
    if (!english?.frontmatter || !translation?.frontmatter || english.row.kind !== 'page' || translation.row.kind !== 'page') return [];
    const out = [];
    for (const field of site.layout.frontmatterMustMatch ?? MUST_EQUAL_ENGLISH) {
      const e = english.frontmatter[field];
      const t = translation.frontmatter[field];
      const line = translation.frontmatterLines[field] ?? 1;
      if (e === undefined && t === undefined) continue;
      if (t === undefined) out.push({ messageId: 'missing', data: { field, expected: brief(e) }, line, stable: `missing:${field}` });
      else if (e === undefined) out.push({ messageId: 'extra', data: { field, actual: brief(t) }, line, stable: `extra:${field}` });
      else if (englishCanonical(e) !== canonicalJson(t)) out.push({ messageId: 'differs', data: { field, actual: brief(t), expected: brief(e) }, line, stable: `differs:${field}` });
    }
    return out;
  },
});

// Every locale compares with the same English values: their canonical form is worked out once per run.
const canonicalOfEnglish = new WeakMap<object, string>();

function englishCanonical(value: unknown): string {
  if (typeof value !== 'object' || value === null) return canonicalJson(value);
  let json = canonicalOfEnglish.get(value);
  if (json === undefined) canonicalOfEnglish.set(value, (json = canonicalJson(value)));
  return json;
}
