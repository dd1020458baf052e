import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no browser download): headless, without the
 * sandbox (CI runs as root). `CHROMIUM_PATH` overrides the binary; `scripts/lib.sh
 * ensure_chromium` installs it.
 */
export async function launchChromium(): Promise<Browser> {
  // Loaded on first use: most suites importing @qn/testing never open a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Where a test's screenshots go: `reports/screenshots/<name>.png` (kept out of git). */
export function screenshotPath(name: string): string {
  const dir = join(process.cwd(), 'reports', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
}
