import type { FrontmatterSemantics, LayoutOptions } from './types.ts';

/**
 * Every GitHub Enterprise Server release, oldest first: 2.0 … 2.22, then 3.0 (2.23 was never
 * released under that number: it shipped as 3.0, so `>=2.23` and `>=3.0` reach the same readers).
 * Source: github/docs `src/ghes-releases/lib/enterprise-dates.json` (commit 051718f297e1, one
 * entry per release with its release date; 3.19 released 2025-12-02) and the `supported` /
 * `deprecated` lists of `src/versions/lib/enterprise-server-releases.js` (commit 028f1daf17e8),
 * which list no 2.23. The 11.10 release before 2.0 is left out (three-part numbers, no page
 * condition names it); 3.20 and later have planned dates only in that file. A config extends
 * the list with `frontmatter.releases`.
 */
export const GHES_RELEASES: readonly string[] = [...Array.from({ length: 23 }, (_, i) => `2.${i}`), ...Array.from({ length: 20 }, (_, i) => `3.${i}`)];

/** GitHub Docs: keys that drive the build (versioning, navigation, page type), never translated. */
export const GITHUB_DOCS_FRONTMATTER: FrontmatterSemantics = {
  mustMatch: ['versions', 'type', 'topics', 'children', 'layout', 'mapTopic', 'showMiniToc', 'miniTocMaxHeadingLevel', 'hidden'],
  inherited: [],
  translated: ['title', 'shortTitle', 'intro', 'permissions'],
  content: [],
  // The pre-2021 version names translations keep: lib/get-applicable-versions.js matches a
  // `versions` entry by plan or by short name (`relevantVersion.plan === plan || relevantVersion.shortName === plan`).
  valueAliases: { versions: { 'free-pro-team': 'fpt', 'enterprise-server': 'ghes', 'github-ae': 'ghae' } },
  // A page is built for the documented releases its range admits: `>=2.21` and `*` are the same once 2.22 is the oldest.
  releaseRanges: ['versions'],
  releases: GHES_RELEASES,
};

/**
 * MDN: the build merges the English page's metadata into each translation, and
 * translated-content's guidelines keep only `title`, `short-title`, `slug` and
 * `l10n.sourceCommit` in a translation (its linter removes the rest).
 */
export const MDN_FRONTMATTER: FrontmatterSemantics = {
  mustMatch: [],
  inherited: ['page-type', 'browser-compat', 'status', 'spec-urls'],
  translated: ['title', 'short-title'],
  content: [],
};

/**
 * Hugo (Kubernetes): `content_type` picks the page template and `_build` whether it is
 * rendered; feature-gate pages keep their lifecycle in `stages`, which readers see as a table.
 */
export const HUGO_FRONTMATTER: FrontmatterSemantics = {
  mustMatch: ['content_type', '_build'],
  inherited: [],
  translated: ['title', 'linkTitle', 'description'],
  content: ['stages'],
};

/** A preset's lists with a config's overrides applied (`frontmatterMustMatch` is the older name of `frontmatter.mustMatch`). */
export function frontmatterSemantics(preset: FrontmatterSemantics, options: LayoutOptions): FrontmatterSemantics {
  const o = options.frontmatter ?? {};
  return {
    mustMatch: o.mustMatch ?? options.frontmatterMustMatch ?? preset.mustMatch,
    inherited: o.inherited ?? preset.inherited,
    translated: o.translated ?? preset.translated,
    content: o.content ?? preset.content,
    ...(preset.valueAliases || options.frontmatter?.valueAliases ? { valueAliases: options.frontmatter?.valueAliases ?? preset.valueAliases } : {}),
    ...(preset.releaseRanges || options.frontmatter?.releaseRanges ? { releaseRanges: options.frontmatter?.releaseRanges ?? preset.releaseRanges } : {}),
    ...(preset.releases || options.frontmatter?.releases ? { releases: options.frontmatter?.releases ?? preset.releases } : {}),
  };
}
