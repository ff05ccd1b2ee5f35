import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const KEY = 'admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise';
const JA = `translations/ja-JP/content/${KEY}.md`;

interface SseEvent {
  event: string;
  id: string | null;
  data: string;
}

/** Reads a text/event-stream into `events` until aborted. */
async function readEvents(url: string, events: SseEvent[], signal: AbortSignal): Promise<void> {
  const response = await fetch(url, { signal, headers: { accept: 'text/event-stream' } });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${name}: `))
            ?.slice(name.length + 2) ?? null;
        const event = field('event');
        if (event) events.push({ event, id: field('id'), data: field('data') ?? '' });
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}

async function until(test: () => boolean | Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('l10n-drift serve --watch', () => {
  let child: ChildProcess;
  let url: string;
  let site: string;
  let out = '';
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-watch-'));
    site = path.join(dir, 'site');
    fs.cpSync(path.join(REPO, 'content', 'license-sync'), site, { recursive: true });
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/cli.ts', 'serve', '--index', '--watch', '--port', '0', '--db', path.join(dir, 'drift.db'), '--root', site],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => /Watching \d+ folders/.test(out), `serve --watch to start:\n${out}`);
    url = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)![1]!;
  }, 120_000);
  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGTERM');
  });

  it('re-indexes a saved translation: GET /api/events sends run-finished and the API answers with the change', async () => {
    const events: SseEvent[] = [];
    const abort = new AbortController();
    const reading = readEvents(`${url}/api/events`, events, abort.signal);
    try {
      const article = async () => (await fetch(`${url}/api/articles/ja-JP/${KEY}`)).json() as Promise<{ translation: { title: string | null } | null }>;
      // The answer is cached now: the run must invalidate it.
      const before = await article();
      expect(JSON.stringify(before)).not.toContain('WATCHED EDIT');
      const lastRun = (await (await fetch(`${url}/api/health`)).json()) as { lastRun: { id: number } };

      const file = path.join(site, JA);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: /m, 'title: WATCHED EDIT '));

      await until(() => events.some((e) => e.event === 'run-finished'), `a run-finished event:\n${out}`);
      const finished = events.find((e) => e.event === 'run-finished')!;
      const { run } = JSON.parse(finished.data) as { run: { id: number; status: string; filesParsed: number; filesSeen: number } };
      expect(run.id).toBeGreaterThan(lastRun.lastRun.id);
      expect(finished.id).toBe(String(run.id));
      expect(run).toMatchObject({ status: 'complete', filesParsed: 1, filesSeen: 28 });
      expect(JSON.stringify(await article())).toContain('WATCHED EDIT');
    } finally {
      abort.abort();
      await reading;
    }
  }, 120_000);

  it('an added, a renamed and a deleted translation: each run shows in the API', async () => {
    const NEIGHBOUR = 'admin/configuration/configuring-github-connect/about-github-connect';
    const health = async () => ((await (await fetch(`${url}/api/health`)).json()) as { lastRun: { id: number } }).lastRun.id;
    const translation = async (key: string) =>
      ((await (await fetch(`${url}/api/articles/ja-JP/${key}`)).json()) as { translation: { title: string | null } | null }).translation;
    const list = async () => (await fetch(`${url}/api/articles?locale=ja-JP&limit=200`)).text();
    /** Makes the change and waits for a newer complete run. */
    const save = async (edit: () => void) => {
      const before = await health();
      edit();
      await until(async () => (await health()) > before, `a run after the change:\n${out}`);
    };
    const added = path.join(site, `translations/ja-JP/content/${NEIGHBOUR}.md`);
    const english = fs.readFileSync(path.join(site, `content/${NEIGHBOUR}.md`), 'utf8');
    expect(await translation(NEIGHBOUR)).toBeNull();
    await save(() => fs.writeFileSync(added, english.replace(/^title: .*$/m, 'title: 追加したページ')));
    expect(await translation(NEIGHBOUR)).toMatchObject({ title: '追加したページ' });

    const moved = path.join(site, 'translations/ja-JP/content/admin/configuration/about-github-connect-moved.md');
    await save(() => fs.renameSync(added, moved));
    expect(await translation(NEIGHBOUR)).toBeNull();
    expect(await list()).toContain('admin/configuration/about-github-connect-moved');

    await save(() => fs.rmSync(moved));
    expect(await list()).not.toContain('about-github-connect-moved');
  }, 120_000);

  it('a dashboard that reconnects with an older Last-Event-ID is sent the latest run', async () => {
    const abort = new AbortController();
    const response = await fetch(`${url}/api/events`, { signal: abort.signal, headers: { 'last-event-id': '1' } });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('event: run-finished')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    expect(text).toMatch(/event: run-finished\nid: \d+\ndata: \{"run":/);
  }, 60_000);

  it('stops on SIGTERM: the server closes and ends its re-index thread', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Nothing logged at warn or above (the server logs JSON lines at warn and up), no failed run.
    expect(out).not.toMatch(/"level":[456]0|failed/);
  }, 60_000);
});
