import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GITHUB_DOCS_FRONTMATTER, frontmatterSemantics } from './frontmatter.ts';
import { githubDocs } from './github-docs.ts';
import { hugo } from './hugo.ts';
import { mdn } from './mdn.ts';
import type { Layout, LayoutOptions, LayoutPreset } from './types.ts';

const githubDocsPreset: LayoutPreset = {
  name: 'github-docs',
  detect: (dir) => fsExists(dir, 'content') && (fsExists(dir, 'translations') || fsExists(dir, 'data/reusables')),
  // One English tree with translations inside it: only the frontmatter lists are configurable.
  create: (options) =>
    options.frontmatter || options.frontmatterMustMatch ? { ...githubDocs, frontmatter: frontmatterSemantics(GITHUB_DOCS_FRONTMATTER, options) } : githubDocs,
};

/** Presets in detection order: the most specific folder shape first. */
export const presets: LayoutPreset[] = [mdn, hugo, githubDocsPreset];

/** Each preset with its default options (parser threads look layouts up by name). */
export const layouts: Record<string, Layout> = Object.fromEntries(presets.map((p) => [p.name, p.create({})]));

export function getLayout(name: string): Layout {
  const layout = layouts[name];
  if (!layout) throw new Error(`Unknown layout "${name}" (known: ${Object.keys(layouts).join(', ')})`);
  return layout;
}

/** A preset bound to a config's options (source root, frontmatter keys). */
export function configureLayout(name: string, options: LayoutOptions): Layout {
  const preset = presets.find((p) => p.name === name);
  if (!preset) throw new Error(`Unknown layout "${name}" (known: ${Object.keys(layouts).join(', ')})`);
  return preset.create(options);
}

/** The preset whose folder shape `dir` has, or null. */
export function detectLayout(dir: string): LayoutPreset | null {
  return presets.find((p) => p.detect(dir)) ?? null;
}

function fsExists(dir: string, rel: string): boolean {
  return existsSync(join(dir, rel));
}

export type { Layout, LayoutOptions, LayoutPreset } from './types.ts';
