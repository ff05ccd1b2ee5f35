import { githubDocs } from './github-docs.ts';
import type { Layout } from './types.ts';

export const layouts: Record<string, Layout> = {
  'github-docs': githubDocs,
};

export function getLayout(name: string): Layout {
  const layout = layouts[name];
  if (!layout) throw new Error(`Unknown layout "${name}" (known: ${Object.keys(layouts).join(', ')})`);
  return layout;
}

export type { Layout } from './types.ts';
