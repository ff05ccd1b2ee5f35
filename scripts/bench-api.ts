/**
 * API load benchmark: serves an indexed database on 127.0.0.1 and measures latency
 * percentiles with autocannon at 50 connections for a bounded time per endpoint.
 *
 *   npx tsx scripts/bench-api.ts --db /tmp/api-bench.db [--duration 10] [--connections 50]
 *   npx tsx scripts/bench-api.ts --articles --config /tmp/k8s/l10n-drift.config.json [--db FILE]
 *
 * `--articles`: only the heaviest article of an indexed site (any layout: the config names it),
 * as browsers ask for it (brotli/gzip accepted): its detail, and its heaviest page of sections.
 *
 * scripts/bench.ts calls benchApi() after indexing the GitHub Docs snapshot.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDb } from '../db/index.ts';
import { listen } from '../server/main.ts';
import { loadConfig, resolveConfig } from '../server/config.ts';
import type { Db } from '../db/index.ts';

export interface ApiBenchOptions {
  /** The indexed SQLite file (the snapshot indexed with checks); default: the config's. */
  db?: string;
  /** Site root the database was indexed from (only used for config; nothing is re-indexed). */
  root?: string;
  floorMs?: number;
  log?: (line: string) => void;
  /** Config file of the indexed site (layout, locales); without it the GitHub Docs defaults. */
  config?: string;
  /** Only the heaviest article's detail and section page (and the floor). */
  articlesOnly?: boolean;
  /** Seconds per endpoint (bounded; default 10). */
  duration?: number;
  connections?: number;
}

export interface ApiBenchResult {
  name: string;
  url: string;
  requests: number;
  errors: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
  /** The issue's target for p95, ms. */
  targetP95: number;
  /** The server process's CPU time per answered request (ms; null where /proc is not there): what a loaded machine moves least. */
  serverCpuMs: number | null;
}

/** CPU time (user + system) of a process so far, ms, from Linux /proc; null elsewhere. */
function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 a second on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(base: string, url: string, duration: number, connections: number, headers: Record<string, string> = {}) {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: base + url, connections, duration, pipelining: 1, headers }, (err, res) => (err ? reject(err) : resolve(res)));
    // autocannon reports p90/p97.5 only; record every response time for an exact p95.
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}

/** The heaviest article of the site and how its answer is read: the detail, then its pages of sections. */
interface Heaviest {
  locale: string;
  key: string;
  /** Bytes of the detail and of all its section pages (uncompressed JSON). */
  bytes: number;
  detailBytes: number;
  /** The section page with the most bytes (null: the detail holds every row). */
  page: { from: number; limit: number; rows: number; bytes: number } | null;
  /** The first, uncached answer of the detail (ms): what the first reader waits. */
  coldMs: number;
}

const SECTION_PAGE = 10;

/**
 * Candidates by stored section text (each translation with its English page, and English pages
 * alone as any locale shows them), then the one with the biggest answer as the API gives it.
 */
async function findHeaviest(app: Awaited<ReturnType<typeof listen>>['app'], db: Db, source: string, locales: string[]): Promise<Heaviest | null> {
  const sized = db
    .prepare(
      `WITH sz AS (SELECT d.id, d.locale, d.key, SUM(length(s.source)) AS b FROM documents d JOIN sections s ON s.document_id = d.id
         WHERE d.deleted_run IS NULL AND d.kind = 'page' GROUP BY d.id)
       SELECT * FROM (SELECT t.locale, t.key, t.b + COALESCE(e.b, 0) AS b FROM sz t LEFT JOIN sz e ON e.key = t.key AND e.locale = @source
         WHERE t.locale <> @source ORDER BY 3 DESC LIMIT 4)
       UNION ALL SELECT * FROM (SELECT NULL, key, b FROM sz WHERE locale = @source ORDER BY b DESC LIMIT 4)`,
    )
    .all({ source }) as { locale: string | null; key: string; b: number }[];
  let best: Heaviest | null = null;
  for (const c of sized) {
    const locale = c.locale ?? locales.find((l) => l !== source);
    if (!locale) continue;
    const base = `${encodeURIComponent(locale)}/${c.key.split('/').map(encodeURIComponent).join('/')}`;
    const started = performance.now();
    const detail = await app.inject(`/api/articles/${base}`);
    const coldMs = performance.now() - started;
    if (detail.statusCode !== 200) continue;
    const body = detail.json() as { pageStarts?: number[] };
    let bytes = detail.rawPayload.byteLength;
    let page: Heaviest['page'] = null;
    // Every page as the dashboard asks for it (from each page start); before paging there were none.
    for (const from of body.pageStarts?.slice(1) ?? []) {
      const r = await app.inject(`/api/article-sections/${base}?from=${from}&limit=${SECTION_PAGE}`);
      if (r.statusCode !== 200) throw new Error(`section page ${from} of ${locale} ${c.key}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      bytes += r.rawPayload.byteLength;
      if (!page || r.rawPayload.byteLength > page.bytes)
        page = { from, limit: SECTION_PAGE, rows: (r.json() as { rows: unknown[] }).rows.length, bytes: r.rawPayload.byteLength };
    }
    if (!best || bytes > best.bytes) best = { locale, key: c.key, bytes, detailBytes: detail.rawPayload.byteLength, page, coldMs };
  }
  return best;
}

/** Serves the database on 127.0.0.1 (in the child process the benchmark starts) and prints the URL. */
async function serve(dbFile: string | undefined, root?: string, configFile?: string): Promise<void> {
  const config = configFile
    ? loadConfig({ config: configFile, ...(dbFile ? { db: dbFile } : {}), ...(root ? { root } : {}) })
    : resolveConfig({}, process.cwd(), null, { db: dbFile!, ...(root ? { root } : {}) });
  const db = openDb(config.db);
  const { app, url } = await listen({ db, config, host: '127.0.0.1', port: 0, webDir: null, logger: false });
  const locales = (app.repos.documents.locales() as string[]).filter((l) => !config.locales || config.locales.includes(l) || l === config.layout.sourceLocale);
  const locale = locales.includes('ja-JP') ? 'ja-JP' : (locales.find((l) => l !== config.layout.sourceLocale) ?? 'ja-JP');
  // A typical article (the median translation of a locale by open findings) and the heaviest one by answer size.
  const pick = async (page: number) =>
    (await app.inject(`/api/articles?locale=${locale}&translated=true&sort=findings&limit=1&page=${page}`)).json() as {
      total: number;
      rows: { key: string }[];
    };
  const first = await pick(1);
  const median = await pick(Math.max(1, Math.ceil(first.total / 2)));
  const heaviest = await findHeaviest(app, db, config.layout.sourceLocale, locales);
  process.stdout.write(JSON.stringify({ url, locale, key: median.rows[0]?.key ?? null, heaviest }) + '\n');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/** Starts the server in a child process so autocannon does not share its event loop. */
async function startServer(
  dbFile: string | undefined,
  root?: string,
  configFile?: string,
): Promise<{ url: string; locale: string; key: string | null; heaviest: Heaviest | null; pid: number | undefined; stop: () => void }> {
  const here = fileURLToPath(import.meta.url);
  const args = [...(dbFile ? ['--db', dbFile] : []), ...(root ? ['--root', root] : []), ...(configFile ? ['--config', configFile] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', here, '--serve', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const nl = buffer.indexOf('\n');
      if (nl >= 0) resolve(buffer.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`API server exited with code ${code}`)));
  });
  const { url, locale, key, heaviest } = JSON.parse(line) as { url: string; locale: string; key: string | null; heaviest: Heaviest | null };
  return { url, locale, key, heaviest, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

/** Measures p95 of the article list (sorted by staleness), the locale overview and an article detail. */
export async function benchApi(options: ApiBenchOptions): Promise<ApiBenchResult[]> {
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const duration = options.duration ?? 10;
  const connections = options.connections ?? 50;
  // Open once here so migrations are applied before the server opens the file.
  const dbFile = options.db ?? (options.config ? loadConfig({ config: options.config }).db : undefined);
  if (!dbFile) throw new Error('benchApi: give db or config');
  openDb(dbFile).close();
  const server = await startServer(options.db, options.root, options.config);
  try {
    const detail = (key: string, locale = server.locale) => `/api/articles/${locale}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const browser = { 'accept-encoding': 'gzip, deflate, br' };
    const h = server.heaviest;
    if (h)
      log(
        `  heaviest article: ${h.locale} ${h.key}: ${(h.bytes / 1024).toFixed(0)} KB in all, detail ${(h.detailBytes / 1024).toFixed(0)} KB` +
          (h.page
            ? `, heaviest section page (rows ${h.page.from}–${h.page.from + h.page.rows - 1}) ${(h.page.bytes / 1024).toFixed(0)} KB`
            : ', no section pages') +
          `; first (uncached) detail ${h.coldMs.toFixed(0)} ms`,
      );
    const heaviestTargets = h
      ? [
          // As a browser asks for it (the dashboard's own requests): brotli or gzip accepted. Issue 18: p95 ≤ 100 ms.
          { name: 'heaviest detail, as browsers ask', url: detail(h.key, h.locale), targetP95: 100, headers: browser },
          ...(h.page
            ? [
                {
                  name: 'heaviest section page, browsers',
                  url: `/api/article-sections/${h.locale}/${h.key.split('/').map(encodeURIComponent).join('/')}?from=${h.page.from}&limit=${h.page.limit}`,
                  targetP95: 100,
                  headers: browser,
                },
              ]
            : []),
        ]
      : [];
    const targets: { name: string; url: string; targetP95: number; headers?: Record<string, string> }[] = options.articlesOnly
      ? [{ name: 'health (floor)', url: '/api/health', targetP95: 20 }, ...heaviestTargets]
      : [
          // The floor: what the framework, headers and auth hook cost on this machine.
          { name: 'health (floor)', url: '/api/health', targetP95: 20 },
          { name: `articles ${server.locale} sort=stale`, url: `/api/articles?locale=${server.locale}&sort=stale`, targetP95: 20 },
          { name: 'locales overview', url: '/api/locales', targetP95: 20 },
          ...(server.key !== null ? [{ name: 'article detail (median)', url: detail(server.key), targetP95: 30 }] : []),
          ...(h ? [{ name: 'article detail (heaviest)', url: detail(h.key, h.locale), targetP95: 30 }] : []),
          ...heaviestTargets,
        ];
    const results: ApiBenchResult[] = [];
    log(`api: ${connections} connections, ${duration} s per endpoint, server in a child process at ${server.url}`);
    for (const t of targets) {
      const warm = await fetch(server.url + t.url);
      if (warm.status !== 200) throw new Error(`${t.url} answered ${warm.status}: ${(await warm.text()).slice(0, 200)}`);
      const cpuBefore = processCpuMs(server.pid);
      const m = await measure(server.url, t.url, duration, connections, t.headers ?? {});
      const cpuAfter = processCpuMs(server.pid);
      const serverCpuMs = cpuBefore !== null && cpuAfter !== null && m.requests > 0 ? (cpuAfter - cpuBefore) / m.requests : null;
      results.push({ ...t, ...m, serverCpuMs });
      const verdict = m.p95 <= t.targetP95 ? 'ok' : 'OVER TARGET';
      log(
        `  ${t.name.padEnd(34)} p50 ${m.p50.toFixed(1)} ms  p95 ${m.p95.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  (${m.requests} requests, ${m.errors} errors, ${m.non2xx} non-2xx${serverCpuMs !== null ? `; server CPU ${serverCpuMs.toFixed(2)} ms a request` : ''}; target p95 ≤ ${t.targetP95} ms: ${verdict})`,
      );
    }
    return results;
  } finally {
    server.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      root: { type: 'string' },
      config: { type: 'string' },
      articles: { type: 'boolean' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      serve: { type: 'boolean' },
    },
  });
  if (!values.db && !values.config) {
    process.stderr.write('Usage: tsx scripts/bench-api.ts (--db FILE [--root DIR] | --config FILE) [--articles] [--duration S] [--connections N]\n');
    process.exit(2);
  }
  if (values.serve) await serve(values.db, values.root, values.config);
  else {
    await benchApi({
      ...(values.db ? { db: values.db } : {}),
      ...(values.root ? { root: values.root } : {}),
      ...(values.config ? { config: values.config } : {}),
      ...(values.articles ? { articlesOnly: true } : {}),
      ...(values.duration ? { duration: Number(values.duration) } : {}),
      ...(values.connections ? { connections: Number(values.connections) } : {}),
    });
  }
}
