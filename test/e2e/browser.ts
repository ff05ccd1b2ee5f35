/**
 * Real-browser launcher for end-to-end tests.
 *
 * Uses the Chromium build shipped inside the `@sparticuz/chromium` npm package,
 * so `npm ci` is all a machine needs: no system Chromium, no `playwright install`,
 * no network. Set CHROME_PATH to use a different Chrome/Chromium binary instead
 * (needed on macOS and non-x64 Linux, where the bundled binary cannot run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { cjkFontConfig } from './fonts.ts';

/** Flags for a sandboxed root machine with no network. */
const BASE_ARGS: readonly string[] = [
  '--headless',
  // Running as root inside a container: Chromium's own sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  // No network here: stop Chromium from trying QUIC, updates, sync and other background fetches.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Docker-style containers often have a 64 MB /dev/shm; use /tmp instead to avoid renderer crashes.
  '--disable-dev-shm-usage',
];

/**
 * `@sparticuz/chromium` args we must not pass through:
 * - `--single-process`: closing a BrowserContext kills the whole browser (verified), which breaks
 *   Playwright's one-context-per-test model.
 * - `--headless='shell'`: Playwright already passes `--headless`; the bundled binary is headless-shell only.
 * - `--disable-web-security`, `--allow-running-insecure-content`: would hide CORS / mixed-content bugs
 *   that tests should catch.
 * - `--disable-features=` / `--enable-features=`: Chromium keeps only the last occurrence of a switch,
 *   so these would silently replace the feature list Playwright itself relies on.
 */
const DROPPED_SPARTICUZ_ARGS = /^--(?:single-process|headless|disable-web-security|allow-running-insecure-content|(?:dis|en)able-features)(?:=|$)/;

interface ResolvedChrome {
  executablePath: string;
  args: string[];
  /** Extra environment for the browser process only (never written to process.env). */
  env: Record<string, string>;
}

let resolved: Promise<ResolvedChrome> | undefined;

/** mkdir is atomic: true if we created the directory, false if it already existed. */
function tryMkdir(path: string): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Runs `fn` while holding a cross-process lock. `@sparticuz/chromium` writes the ~200 MB binary
 * straight to $TMPDIR/chromium and treats "file exists" as "done", so a second test worker starting
 * during a cold extraction would spawn a half-written file (ETXTBSY, verified with 4 processes).
 */
async function withTmpLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), name);
  const deadline = Date.now() + 120_000;
  while (!tryMkdir(lock)) {
    // A holder killed mid-extraction leaves the lock behind; extraction takes ~2 s, so 60 s is stale.
    if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 60_000) {
      rmSync(lock, { recursive: true, force: true });
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for lock ${lock}`);
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The bundled binary links against NSS/NSPR/expat. Fresh containers (e.g. node:20-slim) lack them,
 * so use the copies `@sparticuz/chromium` ships for Amazon Linux 2023 (it only extracts them itself
 * on AWS/Vercel). They need glibc >= 2.34; on older glibc fall back to the system's libraries.
 */
function bundledLibDir(binDir: string): string | undefined {
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  const [major = 0, minor = 0] = (header?.glibcVersionRuntime ?? '0.0').split('.').map(Number);
  if (major < 2 || (major === 2 && minor < 34)) return undefined;

  // Same location the package itself uses, so an existing extraction is reused.
  const target = join(tmpdir(), 'al2023');
  const libDir = join(target, 'lib');
  if (existsSync(join(libDir, 'libnss3.so'))) return libDir;

  // Extract beside the target and rename, so a killed run never leaves a half-filled lib dir.
  const staging = mkdtempSync(join(tmpdir(), 'al2023-'));
  try {
    const tar = brotliDecompressSync(readFileSync(join(binDir, 'al2023.tar.br')));
    const result = spawnSync('tar', ['-x', '-C', staging], { input: tar });
    if (result.status !== 0) {
      throw new Error(`Extracting al2023.tar.br failed: ${result.error?.message ?? String(result.stderr)}`);
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return libDir;
}

async function resolveChrome(): Promise<ResolvedChrome> {
  const override = process.env['CHROME_PATH'];
  if (override) return { executablePath: override, args: [...BASE_ARGS], env: {} };

  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `@sparticuz/chromium only ships a linux-x64 binary (this is ${process.platform}-${process.arch}); ` + 'set CHROME_PATH to a local Chrome/Chromium.',
    );
  }

  const { default: sparticuz } = await import('@sparticuz/chromium');
  const binDir = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..', 'bin');

  // Written only after a complete extraction; a $TMPDIR/chromium without it is a leftover from a
  // killed run (or another tool) and is re-extracted rather than trusted.
  const marker = join(tmpdir(), 'chromium.l10n-drift-ok');
  const extract = async (): Promise<[string, string | undefined]> => {
    if (!existsSync(marker)) rmSync(join(tmpdir(), 'chromium'), { force: true });
    // First run inflates the binary, fonts and SwiftShader into $TMPDIR (about 2 s); later runs reuse them.
    const executablePath = await sparticuz.executablePath();
    const libDir = bundledLibDir(binDir);
    writeFileSync(marker, executablePath);
    return [executablePath, libDir];
  };
  const [executablePath, libDir] = existsSync(marker) ? await extract() : await withTmpLock('chromium.lock', extract);

  const env: Record<string, string> = {};
  if (libDir) {
    const current = process.env['LD_LIBRARY_PATH'];
    env['LD_LIBRARY_PATH'] = current ? `${libDir}:${current}` : libDir;
  }
  // Chromium's fontconfig is statically linked; with no system config, text renders invisibly.
  // Fall back to the fonts the package extracted (Open Sans only, so no CJK glyphs).
  if (!process.env['FONTCONFIG_PATH'] && !existsSync('/etc/fonts/fonts.conf')) {
    env['FONTCONFIG_PATH'] = join(tmpdir(), 'fonts');
  }

  // No CJK font on the machine either (DejaVu only here): Noto Sans JP/SC/KR from the dev dependencies (fonts.ts).
  if (!process.env['FONTCONFIG_FILE']) env['FONTCONFIG_FILE'] = cjkFontConfig();

  const args = [...BASE_ARGS, ...sparticuz.args.filter((arg) => !DROPPED_SPARTICUZ_ARGS.test(arg))];
  return { executablePath, args, env };
}

export async function launchBrowser(): Promise<Browser> {
  // Cache the promise (not the value) so concurrent callers in one process share one resolution;
  // forget it on failure so a later call can retry.
  resolved ??= resolveChrome().catch((error: unknown) => {
    resolved = undefined;
    throw error;
  });
  const { executablePath, args, env } = await resolved;
  return chromium.launch({
    executablePath,
    headless: true,
    args,
    // Playwright replaces the child's environment when `env` is given, so start from ours.
    env: { ...process.env, ...env },
  });
}
