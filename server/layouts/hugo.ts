import fs from 'node:fs';
import path from 'node:path';
import type { ClassifiedFile, Layout, LayoutOptions, LayoutPreset, LinkKey } from './types.ts';
import { splitTarget } from './link-target.ts';
import { HUGO_FRONTMATTER, frontmatterSemantics } from './frontmatter.ts';

/**
 * Hugo multilingual sites by content directory (the Kubernetes website): English
 * `content/en/**.md`, language L under `content/<l>/`. Key = path under the language
 * folder without `.md`; `_index.md` (a section) and `index.md` (a page bundle) are their
 * folder's page. URL = `/` + key + `/`. Redirects: frontmatter `aliases:`.
 * Shortcodes (`{{< … >}}`, `{{% … %}}`) reach the parser as outputs, language-neutral.
 */
const SOURCE = 'en';
const LANG_DIR = /^[a-z]{2,3}(?:-[a-z]{2,4})?$/;

/** `/zh-cn/docs/concepts/` and `/docs/concepts` → `docs/concepts`; languages share one key space. */
function toKey(urlPath: string, languages: ReadonlySet<string>): string {
  const parts = urlPath.split('/').filter(Boolean);
  // Two-letter codes too: a check process may resolve links without walking the site first.
  if (parts.length > 1 && (languages.has(parts[0]!) || /^[a-z]{2}(?:-[a-z]{2,4})?$/.test(parts[0]!))) parts.shift();
  const key = parts.join('/').replace(/\.md$/, '');
  return key.replace(/(?:^|\/)_?index$/, '');
}

export function createHugo(options: LayoutOptions = {}): Layout {
  // Language prefixes of localized URLs; any folder name the site has plus the common ones.
  const languages = new Set<string>([SOURCE]);
  return {
    name: 'hugo',
    sourceLocale: SOURCE,
    macros: 'shortcodes',
    frontmatter: frontmatterSemantics(HUGO_FRONTMATTER, options),

    discoverLocales(root) {
      const dir = path.join(root, 'content');
      if (!fs.existsSync(dir)) return [];
      const found = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && e.name !== SOURCE && LANG_DIR.test(e.name))
        .map((e) => e.name)
        .sort();
      for (const l of found) languages.add(l);
      return found;
    },

    localeRoot(root, locale) {
      return path.join(root, 'content', locale);
    },

    classify(rel): ClassifiedFile | null {
      if (!rel.endsWith('.md')) return null;
      const inner = rel.slice(0, -'.md'.length);
      const key = inner === '_index' || inner === 'index' ? '' : inner.replace(/\/_?index$/, '');
      return { kind: 'page', key };
    },

    keysFromPaths: true,

    keyOf(classified) {
      return classified.key;
    },

    redirectsOf(frontmatter) {
      const list = frontmatter?.aliases;
      const entries = Array.isArray(list) ? list : typeof list === 'string' ? [list] : [];
      return entries
        .filter((e): e is string => typeof e === 'string' && e.trim() !== '')
        .map((e) => toKey(splitTarget(e.trim()).pathPart, languages));
    },

    linkKeys(target): LinkKey[] {
      const t = target.trim();
      const site = /^https?:\/\/kubernetes\.io(\/.*)?$/.exec(t);
      const local = site ? site[1] ?? '/' : t;
      if (!local.startsWith('/') || local.startsWith('//')) return [];
      const { pathPart, anchor } = splitTarget(local);
      // Static files (`/images/…`, `/examples/…yaml`) are no pages.
      if (/\.(?:png|svg|jpe?g|gif|ya?ml|json|txt|sh)$/i.test(pathPart)) return [];
      return [{ key: toKey(pathPart, languages), legacy: false, anchor }];
    },

    urlOf(key) {
      return key ? `/${key}/` : '/';
    },

    // `{#id}` heading anchors and Kubernetes names stay English in every language (`## QoS 类 {#qos-class}`).
    neutralTerms: /\{#[\w.-]+\}|\b(?:Kubernetes|kubectl|kubelet|kube-[a-z-]+|(?:Pod|Deployment|ReplicaSet|StatefulSet|DaemonSet|CronJob|ReplicationController|PodDisruptionBudget|Sidecar|Init)s?)\b/g,
  };
}

export const hugo: LayoutPreset = {
  name: 'hugo',
  detect(dir) {
    const content = path.join(dir, 'content');
    if (!fs.existsSync(path.join(content, SOURCE))) return false;
    // Hugo sites have a site config beside content/; a content/en alone is enough when other languages sit next to it.
    const config = ['hugo.toml', 'hugo.yaml', 'config.toml', 'config.yaml', 'hugo.json', 'config.json'].some((f) => fs.existsSync(path.join(dir, f)));
    return config || fs.readdirSync(content).some((d) => d !== SOURCE && LANG_DIR.test(d) && fs.statSync(path.join(content, d)).isDirectory());
  },
  create: createHugo,
};
