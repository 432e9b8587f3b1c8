/**
 * Headless Chromium for the browser tests: Debian's `chromium` package at /usr/bin/chromium, driven by
 * playwright-core (which downloads no browser of its own; `scripts/ensure-chromium.sh` installs it).
 * Screenshots go to `test-artifacts/`, which CI keeps.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS_DIR = resolve(import.meta.dirname, '../../test-artifacts');

/** Whether the browser tests can run here; when not, they are skipped with `CHROMIUM_MISSING` as the reason. */
export const chromiumAvailable = existsSync(CHROMIUM_PATH);
export const CHROMIUM_MISSING = `browser tests skipped: ${CHROMIUM_PATH} is missing — run scripts/ensure-chromium.sh (CI does)`;

if (!chromiumAvailable && !process.env.VITEST_CHROMIUM_NOTICE_SHOWN) {
  process.env.VITEST_CHROMIUM_NOTICE_SHOWN = '1';
  console.warn(CHROMIUM_MISSING);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as `test-artifacts/<name>.png` and answers its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
