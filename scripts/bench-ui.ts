/**
 * Overview render time in a real Chromium against the app serving an indexed database:
 * from navigation to the heatmap's last row on screen, cold (first load) and warm.
 * `npx tsx scripts/bench-ui.ts --db DB --root DIR` or `benchUi({ db, root, log })`.
 */
import { parseArgs } from 'node:util';
import { openDb } from '../db/index.ts';
import { loadConfig } from '../server/config.ts';
import { listen } from '../server/main.ts';
import { ensureWebBuild } from '../test/e2e/harness.ts';
import { launchBrowser } from '../test/e2e/browser.ts';

export async function benchUi(options: { db: string; root?: string; log?: (line: string) => void; rounds?: number }): Promise<number[]> {
  const log = options.log ?? ((l: string) => process.stdout.write(l + '\n'));
  await ensureWebBuild();
  const config = loadConfig({ db: options.db, ...(options.root ? { root: options.root } : {}) });
  const db = openDb(config.db);
  const { app, url } = await listen({ db, config, host: '127.0.0.1', port: 0 });
  const browser = await launchBrowser();
  const times: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    for (let i = 0; i < (options.rounds ?? 4); i++) {
      const started = performance.now();
      await page.goto(`${url}/`, { waitUntil: 'commit' });
      await page.locator('[data-testid="heatmap"] tbody tr').last().waitFor({ state: 'visible' });
      times.push(performance.now() - started);
    }
  } finally {
    await browser.close();
    await app.close();
    db.close();
  }
  log(
    `overview render (Chromium, 1280×800): first ${times[0]!.toFixed(0)} ms, then ${times
      .slice(1)
      .map((t) => t.toFixed(0))
      .join(', ')} ms`,
  );
  return times;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, root: { type: 'string' } } });
  if (!values.db) {
    process.stderr.write('usage: bench-ui.ts --db DB [--root DIR]\n');
    process.exit(2);
  }
  await benchUi({ db: values.db, ...(values.root ? { root: values.root } : {}) });
}
