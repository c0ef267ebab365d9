/**
 * Headless Debian Chromium driven by playwright-core (never a downloaded browser), plus where screenshots go.
 * `scripts/install-chromium.sh` installs the browser.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run scripts/install-chromium.sh`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/**
 * Where the browser tests save their screenshots: docs/screenshots of the repository (from dist/test/ui/) when
 * `ARIADNE_UPDATE_SCREENSHOTS=1` (to refresh the README's pictures), otherwise a scratch directory, so that a test run
 * leaves the working tree as it found it.
 */
export const SCREENSHOT_DIR =
  process.env.ARIADNE_UPDATE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'ariadne-screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

/** ui/dist of the repository (from dist/test/ui/). */
export const UI_DIST_DIR = fileURLToPath(new URL('../../../ui/dist/', import.meta.url));

/** Server arguments that keep each browser test's data to itself (the default storage persists under ./data). */
export const ISOLATED_STORAGE_ARGS = ['--set', 'storage.type=memory'];
