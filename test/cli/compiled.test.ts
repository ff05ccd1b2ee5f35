import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The installed command runs the compiled CLI (dist/cli, built by `npm install` through the
// `prepare` script) while its sources are unchanged, and the TypeScript otherwise. Each test
// works on a copy of the sources (a fresh clone's layout, node_modules linked): it builds,
// edits and rebuilds there, never in the repository.
const REPO = path.resolve(import.meta.dirname, '../..');
const SITE = path.join(REPO, 'content', 'license-sync');

let clone: string;
let work: string;

function run(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(clone, 'scripts', 'l10n-drift.mjs'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, L10N_DRIFT_DEBUG: '1', ...env },
  });
}

function build(): void {
  const r = spawnSync('npm', ['run', '--silent', 'prepare'], { cwd: clone, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/built dist\/cli from \d+ source files/);
}

/** The `checks:` line and the coverage lines, without the timings. */
const summary = (out: string) =>
  out
    .split('\n')
    .filter((l) => /^ {2}(checks:|[a-z]{2}-[A-Z]{2}:)/.test(l))
    .map((l) => l.replace(/ in [\d.]+ s$/, ''));

beforeAll(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-compiled-'));
  clone = path.join(tmp, 'l10n-drift');
  work = path.join(tmp, 'work');
  fs.mkdirSync(work);
  for (const entry of ['server', 'db', 'scripts', 'package.json']) {
    fs.cpSync(path.join(REPO, entry), path.join(clone, entry), { recursive: true });
  }
  fs.symlinkSync(fs.realpathSync(path.join(REPO, 'node_modules')), path.join(clone, 'node_modules'));
  // The dashboard the server serves is the clone's own web/dist (not built by this test).
  fs.mkdirSync(path.join(clone, 'web', 'dist'), { recursive: true });
  fs.writeFileSync(path.join(clone, 'web', 'dist', 'index.html'), '<!doctype html><title>the clone’s dashboard</title>');
  build();
}, 120_000);

afterAll(() => fs.rmSync(path.dirname(clone), { recursive: true, force: true }));

describe('the compiled CLI', () => {
  it('is what a fresh build runs: --version, and an index of the sample site that finds what the TypeScript run finds', () => {
    const version = run(['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toBe(`${(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    expect(version.stderr).toBe('l10n-drift: running the compiled CLI\n');

    const db = path.join(work, 'compiled.db');
    const first = run(['index', '--root', SITE, '--db', db]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^l10n-drift: running the compiled CLI\n/);
    expect(first.stdout).toMatch(/checks: [1-9]\d* open findings \(\d+ new, 0 resolved; \d+ pairs, all checked \(first check run\)\)/);

    // The same sources through tsx on a database of its own: the same findings and coverage.
    const tsDb = path.join(work, 'typescript.db');
    const ts = spawnSync(process.execPath, ['--import', 'tsx', path.join(clone, 'scripts', 'cli.ts'), 'index', '--root', SITE, '--db', tsDb], {
      cwd: clone, // where `--import tsx` resolves
      encoding: 'utf8',
    });
    expect(ts.status, ts.stderr).toBe(0);
    expect(summary(first.stdout)).toEqual(summary(ts.stdout));
    expect(summary(first.stdout).length).toBeGreaterThan(1);

    // Both hash the same sources for the checks' inputs: switching between them re-checks nothing.
    const again = run(['index', '--root', SITE, '--db', tsDb]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/checks: \d+ open findings \(0 new, 0 resolved; 0 of \d+ pairs re-checked\)/);
  }, 120_000);

  // An explicit `workers` also walks in the walk thread (walk-thread.mjs, loaded beside the bundle): a thread that cannot start fails the run.
  it('starts the parser worker threads and the walk thread', () => {
    const config = path.join(work, 'workers.config.json');
    fs.writeFileSync(config, JSON.stringify({ layout: 'github-docs', root: SITE, db: path.join(work, 'workers.db'), workers: 2 }));
    const r = run(['index', '--config', config, '--no-checks'], { NODE_DEBUG: 'module' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/files: (\d+) seen, \1 parsed/);
    expect(r.stdout).toMatch(/parse errors: 0/);
    // The threads run the compiled worker (dist/cli/worker.js) with the bundled libraries: no
    // TypeScript loader and no package files of the parser (NODE_DEBUG=module names each load).
    const loads = [...r.stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((m) => m[1]!);
    expect(loads).toContain(path.join(clone, 'dist', 'cli', 'vendor', 'markdown-it.cjs'));
    expect(loads.filter((f) => /node_modules[\\/](?:tsx|markdown-it|js-yaml|yaml|gray-matter|esprima)[\\/]/.test(f))).toEqual([]);
  }, 120_000);

  it('loads the parser libraries from its own bundles of them, only when it parses, and never esprima', () => {
    // NODE_DEBUG=module: Node's CommonJS loader names every file it loads on stderr.
    const loaded = (r: SpawnSyncReturns<string>) =>
      [...r.stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((m) => m[1]!).filter((f) => /[\\/](?:node_modules|vendor)[\\/]/.test(f));
    const parserFiles = (files: string[]) => files.filter((f) => /markdown-it|js-yaml|[\\/]yaml[\\/.]|esprima|gray-matter|entities|linkify-it|eld/.test(f));
    const vendor = path.join(clone, 'dist', 'cli', 'vendor');

    const db = path.join(work, 'vendor.db');
    const first = run(['index', '--root', SITE, '--db', db, '--no-checks'], { NODE_DEBUG: 'module' });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/files: (\d+) seen, \1 parsed/);
    // eld too (the sample has German, Spanish and Portuguese pages): its detector bundled, its model read as JSON.
    expect(parserFiles(loaded(first)).sort()).toEqual([
      path.join(vendor, 'eld.cjs'),
      path.join(vendor, 'gray-matter.cjs'),
      path.join(vendor, 'markdown-it.cjs'),
    ]);

    const again = run(['index', '--root', SITE, '--db', db, '--no-checks'], { NODE_DEBUG: 'module' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/files: \d+ seen, 0 parsed/);
    expect(parserFiles(loaded(again))).toEqual([]);

    // Hugo frontmatter is split by gray-matter and read by yaml (duplicate keys: last wins).
    const config = path.join(work, 'hugo.config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({ layout: 'hugo', root: path.join(REPO, 'test', 'fixtures', 'kubernetes-sample'), db: path.join(work, 'hugo.db') }),
    );
    const hugo = run(['index', '--config', config, '--no-checks'], { NODE_DEBUG: 'module' });
    expect(hugo.status, hugo.stderr).toBe(0);
    expect(hugo.stdout).toMatch(/files: (\d+) seen, \1 parsed/);
    expect(parserFiles(loaded(hugo)).sort()).toEqual([
      path.join(vendor, 'gray-matter.cjs'),
      path.join(vendor, 'markdown-it.cjs'),
      path.join(vendor, 'yaml.cjs'),
    ]);
  }, 120_000);

  it('is stale when a bundled package is installed anew (npm install x@y runs no prepare)', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(clone, 'dist', 'cli', 'manifest.json'), 'utf8')) as { inputs: [string, number, number][] };
    const packages = manifest.inputs.map(([f]) => f).filter((f) => f.includes('node_modules'));
    // (The clone's node_modules is a link: its packages are named by their real path, relative to the clone.)
    for (const name of ['markdown-it', 'gray-matter', 'js-yaml', 'yaml', 'eld', 'liquidjs', '@sinclair/typebox'])
      expect(packages.some((f) => f.endsWith(`node_modules/${name}/package.json`))).toBe(true);
    // The launcher's check on a root of its own: the same package.json, rewritten by an install.
    const { staleReason } = (await import(path.join(REPO, 'scripts', 'cli-build.mjs'))) as { staleReason: (root: string) => string | null };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-stale-'));
    try {
      const pkg = path.join(root, 'node_modules', 'yaml', 'package.json');
      fs.mkdirSync(path.dirname(pkg), { recursive: true });
      fs.writeFileSync(pkg, '{"name":"yaml","version":"2.0.0"}');
      const s = fs.statSync(pkg);
      fs.mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
      fs.writeFileSync(path.join(root, 'dist', 'cli', 'manifest.json'), JSON.stringify({ inputs: [['node_modules/yaml/package.json', s.mtimeMs, s.size]] }));
      expect(staleReason(root)).toBeNull();
      fs.writeFileSync(pkg, '{"name":"yaml","version":"2.9.0"}');
      fs.utimesSync(pkg, new Date(s.mtimeMs + 5000), new Date(s.mtimeMs + 5000));
      expect(staleReason(root)).toBe('node_modules/yaml/package.json changed since the build');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('bundles each parser library from the file the TypeScript run requires', async () => {
    const { vendorEntry } = (await import(path.join(REPO, 'scripts', 'build-cli.mjs'))) as { vendorEntry: (name: string) => string };
    const { packagePath } = await import('../../server/indexer/packages.ts');
    for (const name of ['markdown-it', 'gray-matter', 'yaml'] as const) expect(vendorEntry(name)).toBe(packagePath(name));
  });

  it('serves the API, the check docs and the dashboard from the clone', async () => {
    const db = path.join(work, 'serve.db');
    expect(run(['index', '--root', SITE, '--db', db, '--quiet']).status).toBe(0);
    const child = spawn(process.execPath, [path.join(clone, 'scripts', 'l10n-drift.mjs'), 'serve', '--root', SITE, '--db', db, '--port', '0'], {
      cwd: work,
      env: { PATH: process.env.PATH },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /dashboard: (http:\/\/\S+?)\/?\n/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('the clone’s dashboard');
      // Each check's doc page, read from server/checks/docs beside the source (empty when not found).
      const { checks } = (await (await fetch(`${url}/api/checks`)).json()) as { checks: { id: string; page: string }[] };
      expect(checks.length).toBeGreaterThan(5);
      for (const c of checks) expect(c.page, c.id).toMatch(/^# /m);
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);

  it('is not used once a source changed: the command runs the TypeScript until the next build', () => {
    const main = path.join(clone, 'server', 'cli', 'main.ts');
    fs.writeFileSync(
      main,
      fs.readFileSync(main, 'utf8').replace("'Usage: l10n-drift <command> [options]'", "'Usage: l10n-drift <command> [options] (edited)'"),
    );
    const stale = run(['--help']);
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stdout).toMatch(/^Usage: l10n-drift <command> \[options\] \(edited\)$/m);
    expect(stale.stderr).toBe('l10n-drift: running the TypeScript sources (server/cli/main.ts changed since the build)\n');

    build();
    const rebuilt = run(['--help']);
    expect(rebuilt.stdout).toMatch(/\(edited\)$/m);
    expect(rebuilt.stderr).toBe('l10n-drift: running the compiled CLI\n');

    // Touched without a change of bytes: still not trusted (the mtime is what the check reads).
    const later = new Date(fs.statSync(main).mtimeMs + 5000);
    fs.utimesSync(main, later, later);
    expect(run(['--help']).stderr).toMatch(/running the TypeScript sources \(server\/cli\/main\.ts changed since the build\)/);
  }, 120_000);
});
