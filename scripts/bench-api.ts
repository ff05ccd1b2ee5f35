/**
 * API load benchmark: serves an indexed database on 127.0.0.1 and measures latency
 * percentiles with autocannon at 50 connections for a bounded time per endpoint.
 *
 *   npx tsx scripts/bench-api.ts --db /tmp/api-bench.db [--duration 10] [--connections 50]
 *
 * scripts/bench.ts calls benchApi() after indexing the GitHub Docs snapshot.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDb } from '../db/index.ts';
import { listen } from '../server/main.ts';
import { resolveConfig } from '../server/config.ts';

export interface ApiBenchOptions {
  /** The indexed SQLite file (the snapshot indexed with checks). */
  db: string;
  /** Site root the database was indexed from (only used for config; nothing is re-indexed). */
  root?: string;
  floorMs?: number;
  log?: (line: string) => void;
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
  /** The target for p95, ms. */
  targetP95: number;
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

/** Serves the database on 127.0.0.1 (in the child process the benchmark starts) and prints the URL. */
async function serve(dbFile: string, root?: string): Promise<void> {
  const db = openDb(dbFile);
  const config = resolveConfig({}, process.cwd(), null, { db: dbFile, ...(root ? { root } : {}) });
  const { app, url } = await listen({ db, config, host: '127.0.0.1', port: 0, webDir: null, logger: false });
  // A typical article (the median ja-JP translation by open findings) and the heaviest one.
  const pick = async (page: number) =>
    (await app.inject(`/api/articles?locale=ja-JP&translated=true&sort=findings&limit=1&page=${page}`)).json() as { total: number; rows: { key: string }[] };
  const heaviest = await pick(1);
  const median = await pick(Math.max(1, Math.ceil(heaviest.total / 2)));
  process.stdout.write(JSON.stringify({ url, key: median.rows[0]?.key ?? null, heaviest: heaviest.rows[0]?.key ?? null }) + '\n');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/** Starts the server in a child process so autocannon does not share its event loop. */
async function startServer(dbFile: string, root?: string): Promise<{ url: string; key: string | null; heaviest: string | null; stop: () => void }> {
  const here = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', here, '--serve', '--db', dbFile, ...(root ? ['--root', root] : [])], {
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
  const { url, key, heaviest } = JSON.parse(line) as { url: string; key: string | null; heaviest: string | null };
  return { url, key, heaviest, stop: () => child.kill('SIGTERM') };
}

/** Measures p95 of the article list (sorted by staleness), the locale overview and an article detail. */
export async function benchApi(options: ApiBenchOptions): Promise<ApiBenchResult[]> {
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const duration = options.duration ?? 10;
  const connections = options.connections ?? 50;
  // Open once here so migrations are applied before the server opens the file.
  openDb(options.db).close();
  const server = await startServer(options.db, options.root);
  try {
    const detail = (key: string) => `/api/articles/ja-JP/${key.split('/').map(encodeURIComponent).join('/')}`;
    const targets = [
      // The floor: what the framework, headers and auth hook cost on this machine.
      { name: 'health (floor)', url: '/api/health', targetP95: 20 },
      { name: 'articles ja-JP sort=stale', url: '/api/articles?locale=ja-JP&sort=stale', targetP95: 20 },
      { name: 'locales overview', url: '/api/locales', targetP95: 20 },
      ...(server.key !== null ? [{ name: 'article detail (median)', url: detail(server.key), targetP95: 30 }] : []),
      ...(server.heaviest !== null ? [{ name: 'article detail (heaviest)', url: detail(server.heaviest), targetP95: 30 }] : []),
      // As a browser asks for it (the dashboard's own requests): brotli or gzip accepted.
      ...(server.heaviest !== null
        ? [{ name: 'heaviest, as browsers ask', url: detail(server.heaviest), targetP95: 30, headers: { 'accept-encoding': 'gzip, deflate, br' } }]
        : []),
    ];
    const results: ApiBenchResult[] = [];
    log(`api: ${connections} connections, ${duration} s per endpoint, server in a child process at ${server.url}`);
    for (const t of targets) {
      const warm = await fetch(server.url + t.url);
      if (warm.status !== 200) throw new Error(`${t.url} answered ${warm.status}: ${(await warm.text()).slice(0, 200)}`);
      const m = await measure(server.url, t.url, duration, connections, 'headers' in t ? t.headers : {});
      results.push({ ...t, ...m });
      const verdict = m.p95 <= t.targetP95 ? 'ok' : 'OVER TARGET';
      log(
        `  ${t.name.padEnd(28)} p50 ${m.p50.toFixed(1)} ms  p95 ${m.p95.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  (${m.requests} requests, ${m.errors} errors, ${m.non2xx} non-2xx; target p95 ≤ ${t.targetP95} ms: ${verdict})`,
      );
    }
    return results;
  } finally {
    server.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, root: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, serve: { type: 'boolean' } },
  });
  if (!values.db) {
    process.stderr.write('Usage: tsx scripts/bench-api.ts --db FILE [--root DIR] [--duration S] [--connections N]\n');
    process.exit(2);
  }
  if (values.serve) await serve(values.db, values.root);
  else {
    await benchApi({
      db: values.db,
      ...(values.root ? { root: values.root } : {}),
      ...(values.duration ? { duration: Number(values.duration) } : {}),
      ...(values.connections ? { connections: Number(values.connections) } : {}),
    });
  }
}
