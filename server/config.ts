import fs from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { configureLayout, layouts } from './layouts/index.ts';
import type { Layout } from './layouts/types.ts';
import type { ExcludeRule } from './checks/lib/exclude.ts';
import { DEFAULT_LIMITS } from './indexer/limits.ts';

export const CONFIG_FILE = 'l10n-drift.config.json';

const Severity = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]);
const ExcludeEntry = Type.Union([
  Type.String({ minLength: 1, description: 'Glob over page keys (`blog/**`): no check reports these pages' }),
  Type.Object(
    {
      glob: Type.String({ minLength: 1, description: 'Glob over page keys: `**` any folders, `*` within one folder, `{a,b}` either' }),
      checks: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true, description: 'Only these checks (default: all)' })),
      locales: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true, description: 'Only these locales (default: all)' })),
      reason: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
]);

const CheckSetting = Type.Union([
  Type.Literal('off'),
  Severity,
  Type.Object(
    {
      enabled: Type.Optional(Type.Boolean()),
      severity: Type.Optional(Severity),
      locales: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Literal('off'), Severity]))),
    },
    { additionalProperties: false },
  ),
]);

export const ConfigSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    layout: Type.Optional(Type.String({ description: 'Site layout preset' })),
    root: Type.Optional(Type.String({ minLength: 1, description: 'Site root, relative to the config file' })),
    sourceRoot: Type.Optional(
      Type.String({ minLength: 1, description: 'English source root when it is another repository than root (MDN: mdn/content beside translated-content)' }),
    ),
    sourceRepository: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Git work tree or bare git directory of the English source, where l10n.sourceCommit is resolved (default: sourceRoot)',
      }),
    ),
    frontmatterMustMatch: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        uniqueItems: true,
        description: "Frontmatter keys a translation must copy from English (overrides the layout's list)",
      }),
    ),
    frontmatter: Type.Optional(
      Type.Object(
        {
          mustMatch: Type.Optional(
            Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true, description: 'Keys the build reads from the translation that must equal English' }),
          ),
          inherited: Type.Optional(
            Type.Array(Type.String({ minLength: 1 }), {
              uniqueItems: true,
              description: "Keys the site's build takes from the English page (never missing from a translation)",
            }),
          ),
          translated: Type.Optional(
            Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true, description: 'Keys that are translated text (untranslated-field)' }),
          ),
          content: Type.Optional(
            Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true, description: 'Keys readers see as page content, copied from English' }),
          ),
          releaseRanges: Type.Optional(
            Type.Array(Type.String({ minLength: 1 }), {
              uniqueItems: true,
              description: "Keys whose map values are release ranges (GitHub Docs versions): lower bounds every documented release passes read as '*'",
            }),
          ),
          releases: Type.Optional(
            Type.Array(Type.String({ pattern: '^\\d+\\.\\d+$' }), {
              uniqueItems: true,
              description:
                "The releases that exist, as major.minor (GitHub Docs: GitHub Enterprise Server 2.0 … 2.22, 3.0, …): release ranges and version conditions compare by the listed releases they admit, so '>=2.23' is '>=3.0'",
            }),
          ),
          valueAliases: Type.Optional(
            Type.Record(Type.String({ minLength: 1 }), Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 })), {
              description:
                "Per key: names inside its map value that the build reads as one (old name → current name), e.g. GitHub Docs' versions: free-pro-team → fpt",
            }),
          ),
        },
        { additionalProperties: false, description: "Overrides the layout's frontmatter lists" },
      ),
    ),
    served: Type.Optional(
      Type.Array(Type.String({ minLength: 1, pattern: '^/' }), {
        uniqueItems: true,
        description:
          'URL paths (globs: * within a folder, ** across folders; no language prefix) the site serves from files not in this checkout, e.g. a content-only copy: links to them are not broken (hugo layout)',
      }),
    ),
    siteUrl: Type.Optional(
      Type.String({ pattern: '^https?://', description: "Origin of the live site (the article view links each page there); default: the layout preset's" }),
    ),
    repositoryUrl: Type.Optional(
      Type.String({
        pattern: '^https?://',
        description: "URL a file's path is appended to, to open it in its repository (e.g. https://github.com/o/r/blob/main)",
      }),
    ),
    sourceRepositoryUrl: Type.Optional(
      Type.String({ pattern: '^https?://', description: 'The same for the English files when they have their own root (mdn: sourceRoot)' }),
    ),
    db: Type.Optional(Type.String({ minLength: 1, description: 'SQLite file, relative to the config file' })),
    locales: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$' }), { uniqueItems: true })),
    workers: Type.Optional(Type.Integer({ minimum: 0, maximum: 64 })),
    limits: Type.Optional(
      Type.Object(
        {
          maxFileBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
          maxSections: Type.Optional(Type.Integer({ minimum: 1 })),
          maxLineLength: Type.Optional(Type.Integer({ minimum: 1000 })),
          maxFrontmatterBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
        },
        { additionalProperties: false },
      ),
    ),
    checks: Type.Optional(Type.Record(Type.String(), CheckSetting)),
    exclude: Type.Optional(
      Type.Array(ExcludeEntry, { description: 'Pages no check (or only the named checks, locales) reports: site-wide, per check, per locale' }),
    ),
    excludePreset: Type.Optional(Type.Boolean({ description: "false: drop the layout preset's exclusions (generated references)" })),
    server: Type.Optional(
      Type.Object(
        {
          host: Type.Optional(Type.String()),
          port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
          requireTokenForReads: Type.Optional(Type.Boolean()),
          allowedHosts: Type.Optional(
            Type.Array(Type.String({ minLength: 1, pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$' }), {
              uniqueItems: true,
              description: 'Host names (any port) or host:port the server answers for, besides localhost, 127.0.0.1, [::1] and server.host',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    claims: Type.Optional(Type.Object({ expiryDays: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) }, { additionalProperties: false })),
    report: Type.Optional(Type.Object({ timeZone: Type.Optional(Type.String()) }, { additionalProperties: false })),
    history: Type.Optional(
      Type.Object(
        {
          skipKeyword: Type.Optional(
            Type.String({ description: 'Text in an English commit subject that marks it cosmetic (no translation update needed); "" turns it off' }),
          ),
          skipTrailer: Type.Optional(
            Type.String({
              pattern: '^([A-Za-z0-9-]+:.*)?$',
              description: 'Commit trailer "Token: value" that marks an English commit cosmetic; "" turns it off',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type ConfigFile = Static<typeof ConfigSchema>;
export type CheckSettingValue = Static<typeof CheckSetting>;

export interface Config {
  /** Folder the config's relative paths are resolved against. */
  baseDir: string;
  configFile: string | null;
  layout: Layout;
  root: string;
  /** English source root when it is not inside root (MDN); null when English lives under root. */
  sourceRoot: string | null;
  /** Git repository (work tree or bare) of the English source, for sourceCommit; null when root's own. */
  sourceRepository: string | null;
  db: string;
  /** Where pages and files are seen (config, else the layout preset; null when neither knows). */
  links: { siteUrl: string | null; repositoryUrl: string | null; sourceRepositoryUrl: string | null };
  /** Translation locales to index; null for every locale found. */
  locales: string[] | null;
  /** Parser worker threads; 0 parses on the main thread. */
  workers: number | null;
  limits: { maxFileBytes: number; maxSections: number; maxLineLength: number; maxFrontmatterBytes: number };
  checks: Record<string, CheckSettingValue>;
  /** Exclusions of the config file, added to the layout preset's. */
  exclude: ExcludeRule[];
  /** False when the config drops the layout preset's exclusions. */
  excludePreset: boolean;
  server: { host: string; port: number; requireTokenForReads: boolean; allowedHosts: string[] };
  claims: { expiryDays: number };
  report: { timeZone: string };
  /** How writers mark an English commit cosmetic for stale detection (server/history/skip.ts). */
  history: { skipKeyword: string; skipTrailer: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * A folder as git names it: git prints the real path of a work tree, and paths relative
 * to it from a root reached through a symbolic link point outside the repository. A
 * missing folder is left as given (indexing says so).
 */
function realFolder(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

export interface ConfigOverrides {
  config?: string;
  root?: string;
  db?: string;
  cwd?: string;
}

/** Reads l10n-drift.config.json (or the given file), validates it and applies CLI overrides. */
export function loadConfig(overrides: ConfigOverrides = {}): Config {
  const cwd = overrides.cwd ?? process.cwd();
  const explicit = overrides.config ? path.resolve(cwd, overrides.config) : null;
  const implicit = path.join(cwd, CONFIG_FILE);
  const file = explicit ?? (fs.existsSync(implicit) ? implicit : null);
  let raw: unknown = {};
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`Cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`Config ${file} is not valid JSON: ${(err as Error).message}`);
    }
  }
  return resolveConfig(raw, file ? path.dirname(file) : cwd, file, overrides, cwd);
}

/** What a config was resolved from: enough to resolve the same config in another thread (`configSource`). */
export interface ConfigSource {
  raw: unknown;
  baseDir: string;
  file: string | null;
  overrides: ConfigOverrides;
  cwd: string;
}

const sources = new WeakMap<Config, ConfigSource>();

/**
 * The inputs `config` was resolved from (structured-cloneable: a worker thread resolves the same
 * config from them, since a layout's functions cannot cross threads); null for a config made
 * another way (a copy with fields changed).
 */
export function configSource(config: Config): ConfigSource | null {
  return sources.get(config) ?? null;
}

export function resolveConfig(raw: unknown, baseDir: string, file: string | null = null, overrides: ConfigOverrides = {}, cwd = baseDir): Config {
  const config = resolveConfigFrom(raw, baseDir, file, overrides, cwd);
  sources.set(config, { raw, baseDir, file, overrides: { ...overrides }, cwd });
  return config;
}

function resolveConfigFrom(raw: unknown, baseDir: string, file: string | null, overrides: ConfigOverrides, cwd: string): Config {
  const where = file ?? 'config';
  if (!Value.Check(ConfigSchema, raw)) {
    const first = Value.Errors(ConfigSchema, raw).First();
    const field = first?.path ? first.path.replace(/^\//, '').replaceAll('/', '.') : '(root)';
    throw new ConfigError(`${where}: field "${field}" ${first?.message ?? 'is invalid'}`);
  }
  const c = raw as ConfigFile;
  const layoutName = c.layout ?? 'github-docs';
  if (!layouts[layoutName]) {
    throw new ConfigError(`${where}: field "layout" must be one of ${Object.keys(layouts).join(', ')} (got "${layoutName}")`);
  }
  const root = realFolder(overrides.root ? path.resolve(cwd, overrides.root) : path.resolve(baseDir, c.root ?? 'content/license-sync'));
  const sourceRoot = c.sourceRoot ? realFolder(path.resolve(baseDir, c.sourceRoot)) : null;
  if (sourceRoot && layoutName !== 'mdn') {
    throw new ConfigError(`${where}: field "sourceRoot" is only used by the mdn layout (the ${layoutName} layout keeps English under root)`);
  }
  if (c.sourceRepository && !sourceRoot) {
    throw new ConfigError(`${where}: field "sourceRepository" needs "sourceRoot" (the English source it holds)`);
  }
  const sourceRepository = c.sourceRepository ? realFolder(path.resolve(baseDir, c.sourceRepository)) : sourceRoot;
  const db = overrides.db ? path.resolve(cwd, overrides.db) : path.resolve(baseDir, c.db ?? '.l10n-drift/drift.db');
  const layout = configureLayout(layoutName, {
    root,
    ...(sourceRoot ? { sourceRoot } : {}),
    ...(c.frontmatterMustMatch ? { frontmatterMustMatch: c.frontmatterMustMatch } : {}),
    ...(c.frontmatter ? { frontmatter: c.frontmatter } : {}),
    ...(c.served ? { served: c.served } : {}),
  });
  const trim = (u: string | null | undefined) => (u ? u.replace(/\/+$/, '') : null);
  const repositoryUrl = trim(c.repositoryUrl ?? layout.repositoryUrl);
  return {
    baseDir,
    configFile: file,
    layout,
    root,
    sourceRoot,
    sourceRepository,
    db,
    links: {
      // The site's origin is read lazily (Hugo: hugo.toml), so a preset's is asked when a page is shown.
      get siteUrl() {
        return trim(c.siteUrl ?? layout.siteUrl?.());
      },
      repositoryUrl,
      sourceRepositoryUrl: trim(c.sourceRepositoryUrl ?? layout.sourceRepositoryUrl) ?? (sourceRoot ? null : repositoryUrl),
    },
    locales: c.locales ?? null,
    workers: c.workers ?? null,
    limits: { ...DEFAULT_LIMITS, ...(c.limits ?? {}) },
    checks: c.checks ?? {},
    exclude: (c.exclude ?? []).map((e) => (typeof e === 'string' ? { glob: e } : e)),
    excludePreset: c.excludePreset ?? true,
    server: {
      host: c.server?.host ?? '127.0.0.1',
      port: c.server?.port ?? 4173,
      requireTokenForReads: c.server?.requireTokenForReads ?? false,
      allowedHosts: c.server?.allowedHosts ?? [],
    },
    claims: { expiryDays: c.claims?.expiryDays ?? 14 },
    report: { timeZone: c.report?.timeZone ?? 'UTC' },
    history: { skipKeyword: c.history?.skipKeyword ?? '[l10n skip]', skipTrailer: c.history?.skipTrailer ?? 'L10n-Drift: cosmetic' },
  };
}
