import fs from 'node:fs';
import path from 'node:path';
import type { ClassifiedFile, Layout, LayoutOptions, LayoutPreset, LinkKey } from './types.ts';
import { splitTarget } from './link-target.ts';
import { hugoSite, type HugoSite } from './hugo-site.ts';

/**
 * Hugo multilingual sites by content directory (the Kubernetes website): English
 * `content/en/**.md`, language L under `content/<l>/`. Key = path under the language
 * folder without `.md`; `_index.md` (a section) and `index.md` (a page bundle) are their
 * folder's page. URL = `/` + key + `/`, or what a `[permalinks]` pattern of hugo.toml gives
 * (blog posts: `/blog/:year/:month/:day/:slug/`). Redirects: frontmatter `aliases:` and the
 * rules of `static/_redirects`; files under `static/` are link targets but no pages.
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

function safeDecode(urlPath: string): string {
  try {
    return decodeURI(urlPath);
  } catch {
    return urlPath;
  }
}

// A link to a file (`/images/x.png`, `/docs/reference/generated/kubectl/kubectl-commands.html`): no page.
const FILE_EXTENSION = /\.[a-z][a-z0-9]{0,4}$/i;

export function createHugo(options: LayoutOptions = {}): Layout {
  // Language prefixes of localized URLs; any folder name the site has plus the common ones.
  const languages = new Set<string>([SOURCE]);
  let root = options.root ?? null;
  const site = (): HugoSite | null => {
    if (!root) return null;
    const data = hugoSite(root, SOURCE);
    for (const l of data.languages) languages.add(l);
    return data;
  };
  /** The page a URL path names: a permalinked page (blog post) or the key of its path. */
  const pageKey = (urlPath: string): string => {
    const key = toKey(urlPath, languages);
    return site()?.pageAtUrl.get(key.toLowerCase()) ?? key;
  };
  return {
    name: 'hugo',
    sourceLocale: SOURCE,
    macros: 'shortcodes',
    checksOff: {
      'liquid-syntax': 'Hugo sites have no Liquid: `{{< … >}}` and `{{% … %}}` are shortcodes and `{{/* … */}}` is a template comment, none of which Liquid parses.',
      'liquid-mismatch': 'Hugo sites have no Liquid references or version conditions to compare; shortcodes are compared by macro-mismatch.',
    },
    yamlDuplicateKeys: 'last-wins',
    ...(options.frontmatterMustMatch ? { frontmatterMustMatch: options.frontmatterMustMatch } : {}),

    discoverLocales(siteRoot) {
      root ??= siteRoot;
      const dir = path.join(siteRoot, 'content');
      if (!fs.existsSync(dir)) return [];
      const found = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && e.name !== SOURCE && LANG_DIR.test(e.name))
        .map((e) => e.name)
        .sort();
      for (const l of found) languages.add(l);
      return found;
    },

    localeRoot(siteRoot, locale) {
      root ??= siteRoot;
      return path.join(siteRoot, 'content', locale);
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
      const own = /^https?:\/\/kubernetes\.io(\/.*)?$/.exec(t);
      const local = own ? own[1] ?? '/' : t;
      if (!local.startsWith('/') || local.startsWith('//')) return [];
      const { pathPart, anchor } = splitTarget(local);
      // Files (`/images/…`, `/examples/…yaml`, anything under static/) are no pages.
      const data = site();
      if (FILE_EXTENSION.test(pathPart) && !pathPart.endsWith('.md')) return [];
      if (data?.isStaticFile(safeDecode(pathPart).replace(/^\/+/, ''))) return [];
      const keys: LinkKey[] = [{ key: pageKey(pathPart), legacy: false, anchor }];
      // static/_redirects rules, tried after the page itself (Netlify serves an existing page
      // first unless a rule is forced; a forced rule to the page's own URL changes nothing).
      // A translation's `/zh-cn/docs/x/` is English's `/docs/x/` in the key space: both are tried.
      const written = pathPart.endsWith('/') ? pathPart : `${pathPart}/`;
      const neutral = `/${toKey(pathPart, languages)}/`;
      for (const urlPath of neutral !== written ? [written, neutral] : [written]) {
        const to = data?.redirect(urlPath) ?? null;
        if (to === null) continue;
        if (/^[a-z][a-z0-9+.-]*:/i.test(to) || to.startsWith('//')) return [];
        const { pathPart: toPath, anchor: toAnchor } = splitTarget(to);
        if (FILE_EXTENSION.test(toPath) || data?.isStaticFile(toPath.replace(/^\/+/, ''))) return [];
        keys.push({ key: pageKey(toPath), legacy: true, redirect: true, anchor: toAnchor || anchor });
        break;
      }
      return keys;
    },

    urlOf(key) {
      const permalink = site()?.urlOfKey.get(key);
      if (permalink) return permalink;
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
