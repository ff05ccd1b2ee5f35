/**
 * Accessibility checks for real-browser tests: axe-core's serious and critical violations, and
 * whether the page scrolls sideways (what sticks out if it does). Any e2e file can use them, for
 * example a flow at 390 px: `expect(await sidewaysOverflow(page)).toBeNull()`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

/** axe-core's source, evaluated in the page (DevTools evaluation: the app's CSP forbids the inline script addScriptTag would add). */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The outermost elements that stick out of the window on the right (for the failure message). */
export function widest(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = (el: Element) => {
      if (el.getBoundingClientRect().right > window.innerWidth + 0.5) {
        const inside = [...el.children].filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5);
        if (inside.length === 0) {
          out.push(
            `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (right ${Math.round(el.getBoundingClientRect().right)})`,
          );
          return;
        }
      }
      // What a box that scrolls or clips holds cannot widen the page.
      if (getComputedStyle(el).overflowX !== 'visible') return;
      for (const c of el.children) walk(c);
    };
    walk(document.body);
    return out.slice(0, 5);
  });
}

export type Violation = AxeResults['violations'][number];

export async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: Violation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
}

/** Null when the page fits its window's width, else by how much it scrolls sideways and what sticks out. */
export async function sidewaysOverflow(page: Page): Promise<string | null> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  return overflow > 0 ? `the page scrolls sideways by ${overflow} px: ${(await widest(page)).join(', ')}` : null;
}
