import fs from 'node:fs';
import path from 'node:path';
import type { ClassifiedFile, Layout, LinkKey } from './types.ts';
import { splitTarget } from './link-target.ts';
import { GITHUB_DOCS_FRONTMATTER } from './frontmatter.ts';

/**
 * GitHub Docs: English `content/**\/*.md`, `data/reusables/**\/*.md`, `data/variables/*.yml`;
 * locale L under `translations/L/` with the same sub-paths. Key = path under `content/`
 * without `.md` (`index.md` → its folder); reusables and variables are keyed by the
 * dotted name Liquid uses (`reusables.enterprise-accounts.settings-tab`).
 */
const LOCALE = /^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/;

// `/enterprise/{{ currentVersion }}/…` and `/enterprise/2.22/…` from before versioned URLs.
const LEGACY_ENTERPRISE = /^\/?enterprise\/(?:\{\{\s*currentVersion\s*\}\}|\d+\.\d+|[\w.-]+@[\w.-]+)\//;
// Version prefixes of today's URLs: `/enterprise-server@3.1/…`, `/free-pro-team@latest/…`; and
// `/enterprise-server/…` with no release, which the site redirects to the latest release.
const VERSION_PREFIX = /^\/?(?:(?:enterprise-server|enterprise-cloud|free-pro-team|github-ae)@[\w.]+|enterprise-server)(?=\/|$)/;
// A Liquid condition that only adds a version prefix: `{% ifversion ghec %}/enterprise-server@latest{% endif %}/admin/…`.
const LIQUID_PREFIX = /^\{%-?\s*if(?:version)?\b[^%]*%\}[^{]*\{%-?\s*endif\s*-?%\}/;

// GraphQL reference kinds of developer.github.com/v4/<kind>/<name> and their pages today.
const GRAPHQL_KINDS: Record<string, string> = {
  object: 'objects',
  enum: 'enums',
  input_object: 'input-objects',
  interface: 'interfaces',
  mutation: 'mutations',
  query: 'queries',
  scalar: 'scalars',
  union: 'unions',
};

/**
 * Paths of the retired developer.github.com API docs, which GitHub Docs redirected in
 * code (no redirect_from): `/v3/repos/keys/` → `/rest/reference/repos#keys`,
 * `/v3/guides/x` → `/rest/guides/x`, `/v4/object/repository` → `/graphql/reference/objects#repository`.
 * Candidates are tried in order; the first page that exists wins.
 */
function apiLegacyKeys(urlPath: string): { path: string; anchor: string }[] {
  const m = /^\/v([34])(?:\/(.*))?$/.exec(urlPath);
  if (!m) return [];
  const parts = (m[2] ?? '').split('/').filter(Boolean);
  const [first, second] = parts;
  if (m[1] === '4') {
    if (!first) return [{ path: '/graphql', anchor: '' }];
    const kind = GRAPHQL_KINDS[first];
    if (kind) return [{ path: `/graphql/reference/${kind}`, anchor: second ?? '' }];
    return [
      { path: `/graphql/${parts.join('/')}`, anchor: '' },
      { path: `/graphql/overview/${parts.join('/')}`, anchor: '' },
    ];
  }
  if (!first) return [{ path: '/rest', anchor: '' }];
  const rest = parts.join('/');
  return [
    { path: `/rest/reference/${first}`, anchor: parts[parts.length - 1] !== first ? parts[parts.length - 1]! : '' },
    { path: `/rest/${rest}`, anchor: '' },
    { path: `/rest/overview/${rest}`, anchor: '' },
    { path: `/rest/guides/${rest}`, anchor: '' },
  ];
}

function toKey(urlPath: string): string {
  return urlPath
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.md$/, '')
    .replace(/\/index$/, '');
}

export const githubDocs: Layout = {
  name: 'github-docs',
  siteUrl: () => 'https://docs.github.com',
  // Translations lived beside English (translations/<locale>/) in the one repository.
  repositoryUrl: 'https://github.com/github/docs/blob/main',
  sourceLocale: 'en',
  frontmatter: GITHUB_DOCS_FRONTMATTER,
  // lib/pages.js loads English's pages, then "matching pages in other languages": a translation at English's path only.
  servesOnlyEnglishKeys: true,
  // The products of data/versions (lib/all-versions.js) in 2021: GitHub.com, Enterprise Server, GitHub AE.
  versionNames: ['fpt', 'ghes', 'ghae'],
  // docs.github.com opens on GitHub.com's docs (free-pro-team@latest before the 2021 short names).
  defaultVersion: { name: 'fpt', aliases: ['free-pro-team@latest'] },
  // {{ … }} here is Liquid, not a macro: macro-mismatch has nothing to compare.
  checksOff: { 'macro-mismatch': 'GitHub Docs has no macros: its `{{ … }}` are Liquid output, compared by liquid-mismatch.' },

  discoverLocales(root) {
    const dir = path.join(root, 'translations');
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && LOCALE.test(e.name))
      .map((e) => e.name)
      .sort();
  },

  localeRoot(root, locale) {
    return locale === 'en' ? root : path.join(root, 'translations', locale);
  },

  // English lives at the site root beside translations/: walking only these never enters it.
  walkFolders: ['content', 'data/reusables', 'data/variables'],

  classify(rel): ClassifiedFile | null {
    // README.md files describe a folder to contributors: lib/page-data.js builds no page from them.
    if (rel.endsWith('/README.md')) return null;
    if (rel.startsWith('content/') && rel.endsWith('.md')) {
      const inner = rel.slice('content/'.length, -'.md'.length);
      const key = inner === 'index' ? '' : inner.replace(/\/index$/, '');
      return { kind: 'page', key };
    }
    if (rel.startsWith('data/reusables/') && rel.endsWith('.md')) {
      return { kind: 'reusable', key: 'reusables.' + rel.slice('data/reusables/'.length, -'.md'.length).replaceAll('/', '.') };
    }
    if (rel.startsWith('data/variables/') && /\.ya?ml$/.test(rel)) {
      return {
        kind: 'variables',
        key:
          'variables.' +
          rel
            .slice('data/variables/'.length)
            .replace(/\.ya?ml$/, '')
            .replaceAll('/', '.'),
      };
    }
    return null;
  },

  keysFromPaths: true,

  keyOf(classified) {
    return classified.key;
  },

  redirectsOf(frontmatter) {
    const list = frontmatter?.redirect_from;
    const entries = Array.isArray(list) ? list : typeof list === 'string' ? [list] : [];
    return entries.filter((e): e is string => typeof e === 'string').map((e) => toKey(splitTarget(e.trim()).pathPart));
  },

  linkKeys(target): LinkKey[] {
    let t = target.trim();
    const liquidPrefix = LIQUID_PREFIX.exec(t);
    if (liquidPrefix) t = t.slice(liquidPrefix[0].length);
    // `/assets/…` images and `/public/…` downloads (middleware/index.js serves data/graphql there) are files, not pages.
    if (!t.startsWith('/') || t.startsWith('//') || t.startsWith('/assets/') || t.startsWith('/public/')) return [];
    const { pathPart, anchor } = splitTarget(t);
    const out: LinkKey[] = [];
    const add = (p: string, legacy: boolean) => {
      const key = toKey(p);
      if (!out.some((o) => o.key === key)) out.push({ key, legacy, anchor });
    };
    const unversioned = pathPart.replace(VERSION_PREFIX, '');
    add(unversioned, false);
    if (LEGACY_ENTERPRISE.test(unversioned)) {
      // GitHub Docs served these by dropping the version segment.
      const enterprise = '/enterprise/' + unversioned.replace(LEGACY_ENTERPRISE, '');
      add(enterprise, true);
      const withoutGuides = enterprise.replace(/^\/enterprise\/admin\/guides\//, '/enterprise/admin/');
      add(withoutGuides, true);
    }
    // `/enterprise/admin/…` (with no release, or once the legacy rule dropped it) is the admin
    // docs at `/admin/…`: a page, or an English redirect_from entry the site then follows.
    for (const o of [...out]) {
      if (!/^enterprise\/admin(?:\/|$)/.test(o.key)) continue;
      const admin = o.key.slice('enterprise/'.length);
      add(admin, true);
      add(admin.replace(/^admin\/guides\//, 'admin/'), true);
    }
    // `/admin/…` with no version is the Enterprise Server admin docs, whose old paths English
    // lists as `/enterprise/admin/…` redirect_from entries.
    if (/^\/admin\//.test(unversioned)) {
      add('/enterprise' + unversioned, true);
      if (unversioned.startsWith('/admin/guides/')) add('/enterprise' + unversioned.replace('/admin/guides/', '/admin/'), true);
    }
    // The Desktop guides of help.github.com: `/desktop/guides/x` is served as `/desktop/x`, often an English redirect_from entry.
    if (/^\/desktop\/guides\//.test(unversioned)) add(unversioned.replace(/^\/desktop\/guides\//, '/desktop/'), true);
    // Every admin page also answered to its old `/admin/guides/…` path.
    if (/^\/(?:enterprise\/)?admin\/guides\//.test(unversioned)) add(unversioned.replace('/admin/guides/', '/admin/'), true);
    // `/enterprise/{{ currentVersion }}/user/X` (and `/enterprise/user/X` once the version is gone) was the user docs at X.
    const user = /^\/enterprise\/(?:(?:\{\{\s*currentVersion\s*\}\}|\d+\.\d+|[\w.-]+@[\w.-]+)\/)?user(\/.*)?$/.exec(unversioned);
    if (user) add(user[1] ?? '/', true);
    for (const c of apiLegacyKeys(unversioned)) {
      const key = toKey(c.path);
      if (!out.some((o) => o.key === key)) out.push({ key, legacy: true, anchor: anchor || c.anchor });
    }
    return out;
  },

  urlOf(key) {
    return '/' + key;
  },

  neutralTerms:
    /\bGitHub(?:\s+(?:Enterprise|Server|Cloud|Connect|Actions|Packages|Pages|Desktop|CLI|AE|Team|Free|Pro|Apps?|Marketplace|Sponsors|Codespaces|Discussions|Advanced Security|Support))*\b|\b(?:GitHub\.com|OAuth Apps?|Dependabot|CodeQL|Git LFS)\b/g,
};
