/**
 * The usual e2e setup: the dashboard built, a server on a copy of the bundled sample
 * (harness.ts `startServer`) and one headless Chromium, both closed after the file's tests.
 * Call it at a test file's top level; `h` and `chromium` are there once `beforeAll` has run.
 */
import { afterAll, beforeAll } from 'vitest';
import { ensureWebBuild, startServer, type Harness } from './harness.ts';
import { Chromium } from './page.ts';

export interface InBrowser {
  h: Harness;
  chromium: Chromium;
}

export function dashboardInBrowser(options: Parameters<typeof startServer>[0] = {}): InBrowser {
  const e2e = {} as InBrowser;
  beforeAll(async () => {
    await ensureWebBuild();
    e2e.h = await startServer(options);
    e2e.chromium = await Chromium.launch();
  }, 180_000);
  afterAll(async () => {
    await e2e.chromium?.close();
    await e2e.h?.close();
  });
  return e2e;
}
