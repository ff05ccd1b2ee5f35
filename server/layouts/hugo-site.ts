import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SiteDataEntry } from './types.ts';

/**
 * What a Hugo site's own files say about its URLs, as read at one time (`current` tells whether
 * the site still says the same): permalink
 * patterns (`[permalinks]` of hugo.toml), page URLs they give (blog posts), redirect rules
 * (`static/_redirects`, Netlify format) and files served from `static/`. Data, not code
 * per site: the hugo layout resolves links with it.
 */
export interface HugoSite {
  /** Section (first folder under a language) → permalink pattern, e.g. blog → `/:section/:year/:month/:day/:slug/`. */
  permalinks: Map<string, string>;
  /** Language codes of `[languages]`: URL prefixes of translations. */
  languages: string[];
  /** URL path (lower case, no language prefix, no slashes around) → page key, for pages a permalink, `slug` or `url` moves. */
  pageAtUrl: Map<string, string>;
  /** Page key → its URL path (`/blog/2025/10/18/wg-policy-spotlight-2025/`), from English first. */
  urlOfKey: Map<string, string>;
  /** Redirect rules in file order. */
  redirects: RedirectRule[];
  /** Where the rules send a URL path: the first match's target, or null. */
  redirect(urlPath: string): string | null;
  /** Whether `static/<rel>` is a file. */
  isStaticFile(rel: string): boolean;
  /**
   * Whether the English content folder serves `<rel>` from a file l10n-drift does not index:
   * a page in another content format Hugo renders (`partners/_index.html` → `/partners/`) or
   * a file published beside the pages (`examples/…/Dockerfile`).
   */
  isContentFile(rel: string): boolean;
  /** `baseURL` of the config (`https://kubernetes.io`), no trailing slash; links to it are the site's own. */
  baseURL: string | null;
  /** Hugo lower-cases page paths and URLs unless `disablePathToLower = true`. */
  lowerCasePaths: boolean;
  /**
   * Hosted on Netlify (`static/_redirects` or `netlify.toml`), whose URL matching ignores case:
   * `/docs/Concepts/` serves `/docs/concepts/`.
   */
  caseInsensitiveUrls: boolean;
  /**
   * Translation files of permalinked sections filed under another name than English's page
   * at the same URL (`blog/_posts/free-katacoda-….md` with English's date and slug): path
   * under the language folder (no `.md`, lower case when paths are) → English's key. A path
   * that two languages file for different URLs is left out: it stays its own page.
   */
  keyAtSameUrl: Map<string, string>;
  /** A digest of the URL data above (permalinks, languages, page URLs, redirect rules, case rules). */
  readonly digest: string;
  /**
   * A digest of the site-wide part of it alone (permalinks, languages, redirect rules, baseURL,
   * case rules): a change there may move any link's resolution. The per-key part is `entries`.
   */
  readonly globalDigest: string;
  /**
   * The per-key part, one entry per URL or key: `pageAtUrl` (the URL key and its page key),
   * `urlOfKey` (the key) and `keyAtSameUrl` (the translation's key and English's), each with the
   * page keys it involves. A check run re-checks what reads those keys when an entry changes.
   */
  entries(): ReadonlyMap<string, SiteDataEntry>;
  /**
   * Whether the site still says what this model was read from, given every site-relative path
   * changed since it was read: hugo.toml / config.toml, `static/_redirects` and `netlify.toml`
   * are stat'ed; of the changed Markdown files, those it reads (English pages, permalinked
   * sections of every language) must give the URL they gave. A folder among the paths, or
   * anything else under `content/` or `static/`, is a change. Forgets which static files exist.
   */
  current(changedPaths: readonly string[]): boolean;
}

export interface RedirectRule {
  /** The rule's `from` split into path segments; `*` (splat) only last, `:name` placeholders anywhere. */
  from: string[];
  to: string;
  status: string;
  line: number;
}

/**
 * The tables of `[permalinks]` (and `[permalinks.page]`) and the names of `[languages.<code>]`:
 * all l10n-drift needs from hugo.toml. A small reader, not a TOML parser (no TOML parser is
 * among the dependencies): `key = "value"` lines under those headers, nothing else.
 */
export function readHugoConfig(text: string): { permalinks: Map<string, string>; languages: string[]; baseURL: string | null; disablePathToLower: boolean } {
  const permalinks = new Map<string, string>();
  const languages: string[] = [];
  let baseURL: string | null = null;
  let disablePathToLower = false;
  let table = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    const header = /^\[([^[\]]+)\]$/.exec(line);
    if (header) {
      table = header[1]!.trim();
      const lang = /^languages\.("?)([A-Za-z-]+)\1$/.exec(table);
      if (lang && !languages.includes(lang[2]!.toLowerCase())) languages.push(lang[2]!.toLowerCase());
      continue;
    }
    if (line.startsWith('[[')) {
      table = '';
      continue;
    }
    if (table === '') {
      const top = /^(baseURL|disablePathToLower)\s*=\s*(?:"([^"]*)"|'([^']*)'|(true|false))/i.exec(line);
      if (top && top[1]!.toLowerCase() === 'baseurl') baseURL = (top[2] ?? top[3] ?? '').replace(/\/+$/, '') || null;
      else if (top) disablePathToLower = top[4] === 'true';
      continue;
    }
    if (table !== 'permalinks' && table !== 'permalinks.page') continue;
    const entry = /^("?)([\w.-]+)\1\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line);
    if (entry) permalinks.set(entry[2]!, entry[3] ?? entry[4] ?? '');
  }
  return { permalinks, languages, baseURL, disablePathToLower };
}

/** Netlify `_redirects`: `from to [status]` per line, `#` comments. */
export function readRedirectRules(text: string): RedirectRule[] {
  const rules: RedirectRule[] = [];
  text.split('\n').forEach((raw, i) => {
    // Comments are whole lines: a `#` inside a rule is an anchor (`kubectl-commands#:splat`).
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [from, to, status = '301'] = line.split(/\s+/);
    if (!from || !to) return;
    rules.push({ from: segments(from), to, status, line: i + 1 });
  });
  return rules;
}

function segments(urlPath: string): string[] {
  return urlPath.split('/').filter(Boolean);
}

/** Where a rule sends `urlPath`, with its splat and placeholders filled in; null when it does not match. */
export function applyRule(rule: RedirectRule, urlPath: string): string | null {
  const parts = segments(urlPath);
  const values = new Map<string, string>();
  // The splat keeps the path's trailing slash (`/zh/docs/home/` → `/zh-cn/docs/home/`).
  const slash = urlPath.endsWith('/') ? '/' : '';
  for (let i = 0; i < rule.from.length; i++) {
    const want = rule.from[i]!;
    if (want === '*' && i === rule.from.length - 1) {
      values.set('splat', parts.slice(i).join('/') + (parts.length > i ? slash : ''));
      return fill(rule.to, values);
    }
    const have = parts[i];
    if (have === undefined) return null;
    if (want.startsWith(':')) values.set(want.slice(1), have);
    else if (want.endsWith('*') && i === rule.from.length - 1) {
      // `kubectl_*`: a splat glued to a prefix.
      if (!have.startsWith(want.slice(0, -1))) return null;
      values.set('splat', [have.slice(want.length - 1), ...parts.slice(i + 1)].join('/') + (parts.length > i + 1 ? slash : ''));
      return fill(rule.to, values);
    } else if (want !== have) return null;
  }
  return parts.length === rule.from.length ? fill(rule.to, values) : null;
}

function fill(to: string, values: Map<string, string>): string {
  return to.replace(/:([A-Za-z]\w*)/g, (m, name: string) => values.get(name) ?? m);
}

/**
 * Hugo's `urlize` as URLs show it: its path sanitizing (`paths.Sanitize`), then lower case.
 * Letters, digits, marks and `. / \\ _ # + ~ - @` stay (a title's `SSL/TLS` stays a slash);
 * anything else is dropped; a run of white space becomes one hyphen, none where the text
 * already has one beside it. So "Kubernetes & the Community" → `kubernetes-the-community`
 * (the `&` goes, the spaces around it make one hyphen) and "A - B" → `a-b`.
 */
export function urlize(text: string): string {
  let out = '';
  let prependHyphen = false;
  let wasHyphen = false;
  for (const ch of text.trim()) {
    if (ch !== ' ' && /^[\p{L}\p{N}\p{M}./\\_#+~@-]$/u.test(ch)) {
      wasHyphen = ch === '-';
      if (prependHyphen && !wasHyphen) out += '-';
      prependHyphen = false;
      out += ch;
    } else if (out.length > 0 && !wasHyphen && /^\s$/u.test(ch)) prependHyphen = true;
  }
  return out.toLowerCase();
}

// Every frontmatter head is read into this one buffer: a site model reads thousands (every
// English page and every blog post of the Kubernetes site, each index or check run).
const headBuffer = Buffer.allocUnsafe(4096);

/** The top-level scalars of a frontmatter block that URLs depend on; null when the file cannot be read. */
function frontmatterHead(file: string): Record<string, string> | null {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      text = headBuffer.toString('utf8', 0, fs.readSync(fd, headBuffer, 0, headBuffer.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
  if (!text.startsWith('---')) return {};
  const out: Record<string, string> = {};
  // Line by line after the opening one, to the closing `---`; only lines that can start a key
  // it wants or close the block are matched (a site model reads thousands of heads a run).
  for (let at = text.indexOf('\n') + 1; at > 0 && at < text.length;) {
    const next = text.indexOf('\n', at);
    const first = text.charCodeAt(at) | 0x20;
    if (first === DASH || first === 0x75 || first === 0x73 || first === 0x64 || first === 0x74 || first === 0x70) {
      const line = next < 0 ? text.slice(at) : text.slice(at, next);
      if (/^---\s*$/.test(line)) break;
      const m = /^(url|slug|date|title|publishDate)\s*:\s*(.*)$/i.exec(line);
      if (m && !(m[1]!.toLowerCase() in out)) out[m[1]!.toLowerCase()] = m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
    }
    at = next + 1;
  }
  return out;
}

// `-` (0x2d) is unchanged by the lower-casing `| 0x20`; u, s, d, t, p start the keys read.
const DASH = 0x2d;

/**
 * The URL a permalink pattern gives a page: `:year/:month/:day` from its frontmatter date,
 * else from a `YYYY-MM-DD-` file name (hugo.toml `[frontmatter] date = ["date", ":filename", …]`,
 * Hugo's default order); `:slug` from frontmatter `slug`, else the title urlized; a
 * frontmatter `url` wins over every pattern. Null when the pattern needs a date the page lacks.
 */
export function permalinkOf(pattern: string, key: string, fm: Record<string, string>): string | null {
  if (fm.url) return `/${segments(fm.url).join('/')}/`;
  const parts = key.split('/');
  const base = parts[parts.length - 1] ?? '';
  const named = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/.exec(base);
  const dated = /^(\d{4})-(\d{2})-(\d{2})/.exec(fm.date ?? fm.publishdate ?? '') ?? named;
  const slug = () => (fm.slug ? urlize(fm.slug) : fm.title ? urlize(fm.title) : urlize(named?.[4] ?? base));
  // Each worked out only when the pattern names it (a site model places every post of every language).
  const values: Record<string, () => string | undefined> = {
    section: () => parts[0],
    sections: () => parts.slice(0, -1).join('/'),
    year: () => dated?.[1],
    month: () => dated?.[2],
    day: () => dated?.[3],
    slug,
    title: () => (fm.title ? urlize(fm.title) : slug()),
    filename: () => base,
    contentbasename: () => base,
    slugorfilename: () => (fm.slug ? urlize(fm.slug) : base),
    slugorcontentbasename: () => (fm.slug ? urlize(fm.slug) : base),
  };
  let missing = false;
  const url = pattern.replace(/:([a-z]+)/g, (m, name: string) => {
    const v = Object.hasOwn(values, name) ? values[name]!() : undefined;
    if (v === undefined) missing = true;
    return v ?? m;
  });
  return missing ? null : url;
}

/** The files outside content/ a site model reads whole: a changed one is a changed model. */
export function hugoSiteFiles(root: string): string[] {
  return ['hugo.toml', 'config.toml', path.join('static', '_redirects'), 'netlify.toml'].map((f) => path.join(root, f));
}

/** Size and mtime of the site files read whole (or their absence): a changed stamp is a changed model. */
function stampOf(files: readonly string[]): string {
  return files
    .map((f) => {
      const st = fs.statSync(f, { throwIfNoEntry: false });
      return st ? `${st.size}:${st.mtimeMs}` : '-';
    })
    .join('\0');
}

/** Content formats Hugo renders as pages besides Markdown (l10n-drift indexes Markdown only). */
const CONTENT_FORMATS = ['.html', '.htm', '.adoc', '.asciidoc', '.org', '.pandoc', '.pdc', '.rst'];

/**
 * The site's URL data (hugo.toml, the files of permalinked sections, English pages' slug and url,
 * static/), read now: a long-lived process asks `current` before each run and reads it again
 * when the site changed.
 */
export function hugoSite(root: string, sourceLanguage: string): HugoSite {
  const siteFiles = hugoSiteFiles(root);
  const stamp = stampOf(siteFiles);
  const configFile = ['hugo.toml', 'config.toml'].map((f) => path.join(root, f)).find((f) => fs.existsSync(f));
  const config = configFile ? readHugoConfig(fs.readFileSync(configFile, 'utf8')) : null;
  const permalinks = config?.permalinks ?? new Map<string, string>();
  const languages = config?.languages ?? [];
  const lowerCasePaths = !(config?.disablePathToLower ?? false);
  const pageAtUrl = new Map<string, string>();
  const urlOfKey = new Map<string, string>();
  // Per path a translation files: the English key at its URL, or null where languages disagree.
  const sameUrl = new Map<string, string | null>();
  const englishKeys = new Set<string>();
  // The URL each Markdown file read gave (files that gave none are left out): what `current` compares.
  const urlOfFile = new Map<string, string>();
  const content = path.join(root, 'content');
  const languageDirs = fs.existsSync(content) ? fs.readdirSync(content).filter((d) => fs.statSync(path.join(content, d)).isDirectory()) : [];
  // English first: its URL is the one a key is shown with.
  languageDirs.sort((a, b) => Number(b === sourceLanguage) - Number(a === sourceLanguage));
  /**
   * The URL a permalink gives the file `rel` of a section (null: none), as Hugo places it;
   * `gone`: what a file that cannot be read gives (its name may still carry a date).
   */
  const permalinkedUrl = (pattern: string, section: string, file: string, rel: string, gone: 'name' | 'none'): { key: string; url: string } | null => {
    const inner = rel.replace(/\.md$/, '');
    if (/(?:^|\/)_index$/.test(inner)) return null;
    const fileKey = `${section}/${inner.replace(/\/index$/, '')}`;
    const key = lowerCasePaths ? fileKey.toLowerCase() : fileKey;
    const head = frontmatterHead(file) ?? (gone === 'name' ? {} : null);
    const url = head ? permalinkOf(pattern, key, head) : null;
    return url ? { key, url } : null;
  };
  for (const [section, pattern] of permalinks) {
    for (const lang of languageDirs) {
      for (const rel of markdownFiles(path.join(content, lang, section))) {
        const file = path.join(content, lang, section, rel);
        const placed = permalinkedUrl(pattern, section, file, rel, 'name');
        if (!placed) continue;
        const { key, url } = placed;
        urlOfFile.set(file, url);
        const noLang = segments(url);
        if (noLang.length > 1 && (languages.includes(noLang[0]!) || noLang[0] === lang)) noLang.shift();
        const urlKey = noLang.join('/').toLowerCase();
        if (lang !== sourceLanguage) {
          const english = pageAtUrl.get(urlKey);
          const paired = english !== undefined && english !== key && !englishKeys.has(key) ? english : null;
          if (!sameUrl.has(key)) sameUrl.set(key, paired);
          else if (sameUrl.get(key) !== paired) sameUrl.set(key, null);
        }
        if (lang === sourceLanguage) englishKeys.add(key);
        if (!pageAtUrl.has(urlKey)) pageAtUrl.set(urlKey, key);
        if (!urlOfKey.has(key)) urlOfKey.set(key, `/${noLang.join('/')}/`);
      }
    }
  }
  // Other English pages: frontmatter `slug` replaces the last segment of the URL (not on a
  // section's _index.md) and `url` the whole path (`docs/contribute/blog/submission.md` with
  // `slug: article-submission` is served at `/docs/contribute/blog/article-submission/`).
  const english = path.join(content, sourceLanguage);
  // The walk of English lists every folder of it: kept, they answer isContentFile without a
  // directory read per link target (a page's own folder name mostly does not exist: an ENOENT each).
  const listings = new Map<string, ReadonlySet<string>>();
  let symlinks = false;
  const keepListing = (dir: string, entries: fs.Dirent[]) => {
    const files = new Set<string>();
    for (const e of entries) {
      if (e.isFile()) files.add(e.name);
      else if (e.isSymbolicLink()) symlinks = true;
    }
    listings.set(dir, files);
  };
  const englishWalked = languageDirs.includes(sourceLanguage);
  /** Where an English page outside permalinked sections is served when its `slug` or `url` moves it (null: at its path). */
  const movedUrl = (file: string, rel: string): { key: string; url: string } | null => {
    const inner = rel.replace(/\.md$/, '');
    if (permalinks.has(inner.split('/')[0]!) || inner === 'index' || inner === '_index') return null;
    const fm = frontmatterHead(file);
    const section = /(?:^|\/)_index$/.test(inner);
    if (!fm || (!fm.url && (!fm.slug || section))) return null;
    const fileKey = inner.replace(/\/_?index$/, '');
    const key = lowerCasePaths ? fileKey.toLowerCase() : fileKey;
    return { key, url: fm.url ? `/${segments(fm.url).join('/')}/` : `/${[...segments(key).slice(0, -1), urlize(fm.slug!)].join('/')}/` };
  };
  for (const rel of englishWalked ? markdownFiles(english, keepListing) : []) {
    const file = path.join(english, rel);
    const moved = movedUrl(file, rel);
    if (!moved) continue;
    const { key, url } = moved;
    urlOfFile.set(file, url);
    const urlKey = segments(url).join('/').toLowerCase();
    if (!pageAtUrl.has(urlKey)) pageAtUrl.set(urlKey, key);
    if (!urlOfKey.has(key)) urlOfKey.set(key, url);
  }
  const keyAtSameUrl = new Map<string, string>();
  for (const [key, english] of sameUrl) if (english !== null) keyAtSameUrl.set(key, english);
  const redirectsFile = path.join(root, 'static', '_redirects');
  const redirects = fs.existsSync(redirectsFile) ? readRedirectRules(fs.readFileSync(redirectsFile, 'utf8')) : [];
  // Most rules are literal paths: looked up by path; the few with a splat or placeholder are tried in order.
  const literal = new Map<string, RedirectRule>();
  const patterned: RedirectRule[] = [];
  for (const r of redirects) {
    if (r.from.some((p) => p.endsWith('*') || p.startsWith(':'))) patterned.push(r);
    else if (!literal.has(r.from.join('/'))) literal.set(r.from.join('/'), r);
  }
  const staticDir = path.join(root, 'static');
  const staticSeen = new Map<string, boolean>();
  const sourceContent = path.join(content, sourceLanguage);
  const contentSeen = new Map<string, boolean>();
  // One directory listing per folder asked about, not a stat per candidate name (links ask for
  // thousands): the English walk's, where a folder it did not list does not exist (unless a
  // symbolic link, which it does not follow, could lead there: then read).
  const filesIn = (dir: string): ReadonlySet<string> => {
    let files = listings.get(dir);
    if (!files && englishWalked && !symlinks && (dir === english || dir.startsWith(english + path.sep))) listings.set(dir, (files = NO_FILES));
    if (!files) {
      try {
        files = new Set(
          fs
            .readdirSync(dir, { withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => e.name),
        );
      } catch {
        files = new Set();
      }
      listings.set(dir, files);
    }
    return files;
  };
  // Where a rule sends a URL path: the same for every link to it (pages link to the same few thousand paths).
  const redirected = new Map<string, string | null>();
  const redirectOf = (urlPath: string): string | null => {
    const exact = literal.get(segments(urlPath).join('/'));
    const found = exact ? { rule: exact, to: applyRule(exact, urlPath) } : null;
    for (const r of patterned) {
      if (found && r.line > found.rule.line) break;
      const to = applyRule(r, urlPath);
      if (to !== null) return to;
    }
    return found?.to ?? null;
  };
  const caseInsensitiveUrls = fs.existsSync(redirectsFile) || fs.existsSync(path.join(root, 'netlify.toml'));
  const baseURL = config?.baseURL ?? null;
  const global = [[...permalinks], languages, redirects.map((r) => [r.from, r.to, r.status]), baseURL, lowerCasePaths, caseInsensitiveUrls];
  const globalDigest = crypto.createHash('sha1').update(JSON.stringify(global)).digest('base64');
  const digest = crypto
    .createHash('sha1')
    .update(JSON.stringify([global, [...pageAtUrl], [...urlOfKey], [...keyAtSameUrl]]))
    .digest('base64');
  let entries: Map<string, SiteDataEntry> | null = null;
  /** The URL the Markdown file at site-relative `rel` gives now, as the model reads it ('' for none); null: not a file the model reads. */
  const urlNow = (rel: string): string | null => {
    const parts = rel.split('/');
    if (parts[0] !== 'content' || parts.length < 4 || !rel.endsWith('.md')) return null;
    const lang = parts[1]!;
    const section = parts[2]!;
    const file = path.join(root, ...parts);
    const inSection = parts.slice(3).join('/');
    const pattern = permalinks.get(section);
    if (pattern !== undefined) return languageDirs.includes(lang) ? (permalinkedUrl(pattern, section, file, inSection, 'none')?.url ?? '') : null;
    if (lang !== sourceLanguage) return '';
    return movedUrl(file, parts.slice(2).join('/'))?.url ?? '';
  };
  const site: HugoSite = {
    permalinks,
    languages,
    pageAtUrl,
    urlOfKey,
    redirects,
    redirect(urlPath) {
      let to = redirected.get(urlPath);
      if (to === undefined) redirected.set(urlPath, (to = redirectOf(urlPath)));
      return to;
    },
    baseURL,
    lowerCasePaths,
    caseInsensitiveUrls,
    keyAtSameUrl,
    digest,
    globalDigest,
    entries() {
      if (!entries) {
        entries = new Map();
        for (const [urlKey, key] of pageAtUrl) entries.set(`page-at:${urlKey}`, { value: key, keys: urlKey === key ? [key] : [urlKey, key] });
        for (const [key, url] of urlOfKey) entries.set(`url-of:${key}`, { value: url, keys: [key] });
        for (const [key, english] of keyAtSameUrl) entries.set(`same-url:${key}`, { value: english, keys: [key, english] });
      }
      return entries;
    },
    current(changedPaths) {
      staticSeen.clear();
      if (stampOf(siteFiles) !== stamp) return false;
      for (const p of changedPaths) {
        const rel = p
          .split(path.sep)
          .join('/')
          .replace(/^\/+|\/+$/g, '');
        const parts = rel.split('/');
        if (parts[0] === 'static') return false;
        if (parts[0] !== 'content') continue;
        // A language folder, or a file or folder the model may read: its URL must be the one it gave.
        if (parts.length < 3) return false;
        const now = urlNow(rel);
        if (now === null) {
          // Not a Markdown page: a folder (its files came or went) under English (isContentFile's listings) or a permalinked section.
          if (parts[1] === sourceLanguage || permalinks.has(parts[2]!)) return false;
          continue;
        }
        if (now !== (urlOfFile.get(path.join(root, ...parts)) ?? '')) return false;
      }
      return true;
    },
    isContentFile(rel) {
      let known = contentSeen.get(rel);
      if (known === undefined) {
        const bare = path.join(sourceContent, rel).replace(/[\\/]+$/, '');
        const home = bare === sourceContent;
        const inside = home || bare.startsWith(sourceContent + path.sep);
        // Pages Hugo renders from other content formats, and any non-Markdown file it publishes as is:
        // `bare` itself or `bare.html`… beside it (its folder's listing), `bare/_index.html`… in it.
        if (!inside) known = false;
        else {
          const beside = home ? null : filesIn(path.dirname(bare));
          const name = path.basename(bare);
          known =
            (beside !== null && !bare.endsWith('.md') && beside.has(name)) ||
            CONTENT_FORMATS.some((ext) => beside?.has(`${name}${ext}`) || filesIn(bare).has(`_index${ext}`) || filesIn(bare).has(`index${ext}`));
        }
        contentSeen.set(rel, known);
      }
      return known;
    },
    isStaticFile(rel) {
      let known = staticSeen.get(rel);
      if (known === undefined) {
        const abs = path.join(staticDir, rel);
        // Netlify serves `x.html` at `/x` and `x/index.html` at `/x/` too.
        const file = (p: string) => p.startsWith(staticDir + path.sep) && (fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false);
        const bare = abs.replace(/[\\/]+$/, '');
        known = file(abs) || file(`${bare}.html`) || file(path.join(bare, 'index.html'));
        staticSeen.set(rel, known);
      }
      return known;
    },
  };
  return site;
}

const NO_FILES: ReadonlySet<string> = new Set();

/** The Markdown files under `dir` (relative paths); `listed` sees each folder's entries as read. */
function markdownFiles(dir: string, listed?: (dir: string, entries: fs.Dirent[]) => void): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    const abs = path.join(dir, rel);
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    listed?.(abs, entries);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.md')) out.push(r);
    }
  };
  walk('');
  return out;
}
