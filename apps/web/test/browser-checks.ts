/// <reference lib="dom" />
import type { Page } from 'playwright-core';

const AXE = require.resolve('axe-core/axe.min.js');

/** axe-core in the page: no serious or critical violation (the page needs bypassCSP to inject it). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: () => Promise<{
            violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
          }>;
        };
      }
    ).axe;
    const r = await axe.run();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect({ view: name, violations }).toEqual({ view: name, violations: [] });
}

/** Whether the page fits its width: nothing scrolls sideways but what scrolls within itself. */
export const fitsWidth = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
