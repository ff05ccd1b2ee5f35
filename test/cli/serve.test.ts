import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../e2e/harness.ts';

const REPO = path.resolve(import.meta.dirname, '../..');

describe('l10n-drift serve --index (what npm start runs)', () => {
  it('indexes the sample with its checks and serves the dashboard on 127.0.0.1, printing the URL', async () => {
    await ensureWebBuild(); // npm start builds it first
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-serve-')), 'drift.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/cli.ts', 'serve', '--index', '--port', '0', '--db', db, '--root', 'content/license-sync'],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 60_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
      });
      expect(out).toMatch(/Indexed run 1: 6 locales/);
      const locales = (await (await fetch(`${url}/api/locales`)).json()) as { locales: { locale: string; totals: { error: number; warning: number } }[] };
      const de = locales.locales.find((l) => l.locale === 'de-DE')!;
      expect(de.totals.warning + de.totals.error).toBeGreaterThan(0);
      const page = await fetch(`${url}/locales/de-DE`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="app">/);
    } finally {
      child.kill('SIGTERM');
    }
  }, 90_000);
});
