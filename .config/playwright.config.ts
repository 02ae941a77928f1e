import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * End-to-end tests: the real renderer (built for the browser harness) in real
 * Chromium against the real core. Playwright cannot download browsers here, so
 * Debian's chromium is used where it exists.
 */
const debianChromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: `${root}test/e2e`,
  outputDir: `${root}test-results`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Tests leave the temp folder as they found it: one private folder for the run, checked and removed at its end.
  globalSetup: `${root}test/support/playwright-global.ts`,
  use: {
    viewport: { width: 1280, height: 800 },
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
