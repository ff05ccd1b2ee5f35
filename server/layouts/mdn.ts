import fs from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../indexer/read-file.ts';
import { MDN_FRONTMATTER, frontmatterSemantics } from './frontmatter.ts';
import { MDN_MACRO_ARGS, mdnMacroLink } from './mdn-macros.ts';
import type { ClassifiedFile, Layout, LayoutOptions, LayoutPreset, LinkKey, RedirectTable } from './types.ts';

/**
 * MDN Web Docs: English `files/en-us/**\/index.md` (mdn/content), locale L under
 * `files/<l>/` (mdn/translated-content, lower-case folders: ja, fr, zh-cn, pt-br …).
 * Key = frontmatter `slug`, lower-cased: MDN URLs are case-insensitive, and the folder
 * path is only the lower-cased slug. Redirects live in `files/<locale>/_redirects.txt`.
 */
const SOURCE = 'en-us';
const LOCALE_DIR = /^[a-z]{2,3}(?:-[a-z]{2,4})?$/;
// `/en-US/docs/Web/API`, `https://developer.mozilla.org/es/docs/Web`: the slug after `docs/`.
const DOCS_URL = /^(?:https?:\/\/developer\.mozilla\.org)?\/([A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?)\/docs\/([^?#]*)(?:\?[^#]*)?(?:#(.*))?$/;

/** `/es/docs/Web/JavaScript/Reference/Global_Objects/Array` → `Web/JavaScript/Reference/Global_Objects/Array` (case kept); null when not a docs URL. */
export function slugOfUrl(url: string): { slug: string; anchor: string } | null {
  const m = DOCS_URL.exec(url.trim());
  if (!m) return null;
  let slug = m[2]!.replace(/\/+$/, '');
  try {
    // decodeURIComponent: `/en-US/docs/CSS/%3Avalid` is `CSS/:valid` (decodeURI keeps `%3A`), as MDN's server reads it.
    slug = decodeURIComponent(slug);
  } catch {
    /* keep it as written: a malformed escape is still a name */
  }
  return { slug, anchor: m[3] ?? '' };
}

export function keyOfSlug(slug: string): string {
  return slug
    .trim()
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase();
}

/**
 * Parses `_redirects.txt` (`FROM<TAB>TO`, one per line) and follows chains so every
 * old key names its final page. A chain that comes back to itself is a loop: reported,
 * and none of its entries is used.
 */
export function parseRedirects(text: string, file: string): { byTarget: Map<string, string[]>; problems: RedirectTable['problems']; external: Set<string> } {
  const next = new Map<string, string>();
  const lineOf = new Map<string, number>();
  const external = new Set<string>();
  const problems: RedirectTable['problems'] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#')) return;
    const [fromUrl, toUrl, ...rest] = line.split('\t');
    const from = fromUrl ? slugOfUrl(fromUrl) : null;
    const to = toUrl ? slugOfUrl(toUrl) : null;
    if (rest.length > 0 || !from || !toUrl) {
      problems.push({ path: file, line: i + 1, message: `Not a FROM<TAB>TO redirect line: ${line.slice(0, 120)}` });
      return;
    }
    const fromKey = keyOfSlug(from.slug);
    // External targets (`https://github.com/…`) leave the site: nothing to follow, but the old URL works.
    if (!to) {
      if (!next.has(fromKey)) external.add(fromKey);
      return;
    }
    if (next.has(fromKey)) return; // MDN uses the first entry.
    next.set(fromKey, keyOfSlug(to.slug));
    lineOf.set(fromKey, i + 1);
  });

  const final = new Map<string, string | null>();
  const resolve = (start: string): string | null => {
    const seen: string[] = [];
    let key = start;
    while (next.has(key)) {
      if (final.has(key)) {
        const known = final.get(key)!;
        for (const k of seen) final.set(k, known);
        return known;
      }
      if (seen.includes(key)) {
        const loop = [...seen.slice(seen.indexOf(key)), key];
        problems.push({ path: file, line: lineOf.get(key) ?? 0, message: `Redirect loop: ${loop.join(' → ')}` });
        for (const k of seen) final.set(k, null);
        return null;
      }
      seen.push(key);
      key = next.get(key)!;
    }
    for (const k of seen) final.set(k, key);
    return key;
  };
  const byTarget = new Map<string, string[]>();
  for (const from of next.keys()) {
    const to = resolve(from);
    if (to === null || to === from) continue;
    const list = byTarget.get(to);
    if (list) list.push(from);
    else byTarget.set(to, [from]);
  }
  return { byTarget, problems, external };
}

export function createMdn(options: LayoutOptions = {}): Layout {
  const sourceRoot = options.sourceRoot;
  const localeDir = (root: string, locale: string) =>
    locale === SOURCE && sourceRoot ? path.join(sourceRoot, 'files', SOURCE) : path.join(root, 'files', locale);

  // Off-site redirect keys per locale, read from its `_redirects.txt` when a check first asks.
  const offSite = new Map<string, Set<string>>();
  const offSiteOf = (locale: string): Set<string> => {
    let set = offSite.get(locale);
    if (set) return set;
    set = new Set();
    if (options.root) {
      const file = path.join(localeDir(options.root, locale), '_redirects.txt');
      try {
        const text = options.readFile ? options.readFile(file)?.toString('utf8') : fs.readFileSync(file, 'utf8');
        if (text !== undefined) set = parseRedirects(text, file).external;
      } catch {
        /* no redirect file: nothing leaves the site */
      }
    }
    offSite.set(locale, set);
    return set;
  };

  return {
    name: 'mdn',
    siteUrl: () => 'https://developer.mozilla.org',
    // English (content) and the translations (translated-content) are two repositories.
    repositoryUrl: 'https://github.com/mdn/translated-content/blob/main',
    sourceRepositoryUrl: 'https://github.com/mdn/content/blob/main',
    offSite: (key, locale) => offSiteOf(SOURCE).has(key) || (locale !== undefined && locale !== SOURCE && offSiteOf(locale).has(key)),
    sourceLocale: SOURCE,
    // translated-content files a translation under `conflicting/` + the slug of the English page that
    // took its place, with `_<md5>` when two were displaced (ru `conflicting/…/String_6fa58bba…` for Web/API/DOMString).
    setAsideFor: (key) => /^conflicting\/(.+?)(?:_[0-9a-f]{32})?$/.exec(key)?.[1],
    macros: 'kumascript',
    // translated-content's l10n.sourceCommit names mdn/content commits.
    sourceCommits: 'source-repository',
    frontmatter: frontmatterSemantics(MDN_FRONTMATTER, options),
    macroLink: mdnMacroLink,
    macroArgs: MDN_MACRO_ARGS,
    checksOff: {
      'liquid-mismatch': "MDN has no Liquid: its {% … %} are Django and Jinja templates quoted in tutorials' code (0 right of 5 sampled on es)",
      'liquid-syntax': 'MDN has no Liquid: a {% if %} quoted in a code span is no broken tag (0 right of 1 sampled on es)',
      'untranslated-field':
        'MDN titles keep API, HTTP status and error-message names in English ("Channel Messaging API", "400 Bad Request", "SyntaxError: missing } after property list"): 6 right of 10 sampled on ko, 6 of 10 on es',
    },
    // Product and technology names every locale keeps ("Google Chrome", "WebGL"): not English text.
    neutralTerms:
      /\b(?:Google Chrome|Chrome|Chromium|Firefox|Mozilla|Safari|WebKit|Opera|Microsoft Edge|Internet Explorer|Node\.js|MDN|JavaScript|WebGL|WebGPU|WebAssembly|WebRTC|WebSocket|WebXR|WebVR|HTML5?|CSS3?|SVG|HTTPS?|DOM|JSON|XML|XPath|XSLT|API)\b/g,

    discoverLocales(root) {
      const dir = path.join(root, 'files');
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && e.name !== SOURCE && LOCALE_DIR.test(e.name))
        .map((e) => e.name)
        .sort();
    },

    localeRoot: localeDir,

    pathRoot(root, locale) {
      return locale === SOURCE && sourceRoot ? sourceRoot : root;
    },

    classify(rel): ClassifiedFile | null {
      if (rel !== 'index.md' && !rel.endsWith('/index.md')) return null;
      // Until the frontmatter is read, the folder (the lower-cased slug) stands in for the key.
      return { kind: 'page', key: rel.slice(0, -'index.md'.length).replace(/\/$/, '').toLowerCase() };
    },

    keyOf(classified, frontmatter) {
      const slug = frontmatter?.slug;
      if (typeof slug !== 'string' || !slug.trim()) return classified.key;
      return keyOfSlug(slug);
    },

    redirectsOf() {
      return [];
    },

    formerKeysOf(frontmatter) {
      const original = frontmatter?.original_slug;
      if (typeof original !== 'string' || !original.trim()) return [];
      return [keyOfSlug(original)];
    },

    readRedirects(root, locale) {
      const file = path.join(localeDir(root, locale), '_redirects.txt');
      // Not followed when a link, not read when a FIFO (read-file.ts): as if missing.
      const bytes = (options.readFile ?? readRegularFile)(file);
      if (!bytes) return { files: [], byTarget: new Map(), problems: [] };
      const text = bytes.toString('utf8');
      const parsed = parseRedirects(text, file);
      return { files: [file], byTarget: parsed.byTarget, problems: parsed.problems };
    },

    linkKeys(target): LinkKey[] {
      // `/docs/Web/SVG/Attribute/Events` (no locale): MDN sends it to the reader's locale, the same page.
      const m = slugOfUrl(target) ?? (target.startsWith('/docs/') ? slugOfUrl(`/en-US${target}`) : null);
      if (!m || !m.slug) return [];
      return [{ key: keyOfSlug(m.slug), legacy: false, anchor: m.anchor }];
    },

    // Keys are lower-cased slugs; a URL shows the slug as the page's stored frontmatter writes it
    // (its `slug`, or the `original_slug` of a translation filed under that key before).
    urlFromFrontmatter: true,
    urlOf(key, frontmatter) {
      return `/en-US/docs/${spelledSlug(key, frontmatter) ?? key}`;
    },
  };
}

/** The frontmatter's `slug` (else `original_slug`) as written, when it is `key` (keys are slugs lower-cased). */
function spelledSlug(key: string, frontmatter: Record<string, unknown> | null | undefined): string | undefined {
  for (const field of ['slug', 'original_slug']) {
    const value = frontmatter?.[field];
    if (typeof value === 'string' && keyOfSlug(value) === key) return value.trim().replace(/^\/+|\/+$/g, '');
  }
  return undefined;
}

export const mdn: LayoutPreset = {
  name: 'mdn',
  detect(dir) {
    return (
      fs.existsSync(path.join(dir, 'files')) &&
      fs.readdirSync(path.join(dir, 'files')).some((d) => LOCALE_DIR.test(d) && fs.existsSync(path.join(dir, 'files', d, '_redirects.txt')))
    );
  },
  create: createMdn,
};
