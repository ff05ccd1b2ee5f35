/**
 * Suggested fixes on the article page, in a real Chromium against the real server and the
 * bundled sample: the de-DE seed (left at its old path, with outdated links, missing
 * redirects, frontmatter English changed and headings one level too deep) shows its patch,
 * and the patch downloaded from the page applies to the site with `git apply --check`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardInBrowser } from './setup.ts';

const e2e = dashboardInBrowser();

const OLD_DE = 'admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud';
const NEW_PATH = 'translations/de-DE/content/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise.md';

describe('suggested fixes on the article page', () => {
  it('shows the diff and a download that git apply accepts', async () => {
    const page = await e2e.chromium.open();
    await page.goto(`${e2e.h.url}/locales/de-DE/articles/${OLD_DE}`);
    const section = page.getByTestId('suggested-fixes');
    await section.waitFor();
    await expect.poll(() => section.locator('h2').textContent()).toBe('Suggested fixes');
    expect(await section.textContent()).toContain('10 findings of this article can be fixed mechanically');
    const patch = section.getByTestId('fix-patch');
    const shown = (await patch.textContent()) ?? '';
    expect(shown).toContain(`rename to ${NEW_PATH}`);
    expect(shown).toContain('+## Lizenzsynchronisierung aktivieren');
    // Added and removed lines are styled as such.
    expect(await patch.locator('span.add').count()).toBeGreaterThan(5);
    expect(await patch.locator('span.del').count()).toBeGreaterThan(3);

    const [download] = await Promise.all([page.waitForEvent('download'), section.getByTestId('fix-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^de-DE-.*\.fix\.patch$/);
    const file = path.join(path.dirname(e2e.h.config.root), 'downloaded.patch');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.replace(/\n$/, '')).toBe(shown.replace(/\n$/, ''));
    execFileSync('git', ['apply', '--check', file], { cwd: e2e.h.config.root });
    expect(e2e.chromium.errors).toEqual([]);
  });

  it('an article without mechanical fixes shows no such section', async () => {
    const page = await e2e.chromium.open();
    const answered = page.waitForResponse((r) => r.url().includes('/api/fix.patch'));
    await page.goto(
      `${e2e.h.url}/locales/pt-BR/articles/admin/configuration/configuring-github-connect/enabling-automatic-user-license-sync-for-your-enterprise`,
    );
    await page.getByTestId('findings').waitFor();
    // The patch request has answered (empty): still no section.
    expect((await answered).status()).toBe(200);
    await page.waitForTimeout(100);
    expect(await page.getByTestId('suggested-fixes').count()).toBe(0);
    expect(e2e.chromium.errors).toEqual([]);
  });
});
