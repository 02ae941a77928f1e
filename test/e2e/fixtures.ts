import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHarness } from '../harness/server';
import type { Harness } from '../harness/server';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const artifactsDir = path.join(root, 'test/artifacts/e2e');

/**
 * Each test gets its own data folder and harness: the real core with the real
 * encrypted database (production scrypt cost), serving the real renderer.
 */
export const test = base.extend<{ harness: Harness; dataDir: string; clockAt: string | undefined }>({
  /** A fixed "now" for the core (ISO); tests that use it also fix the page's clock. */
  clockAt: [undefined, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  harness: async ({ dataDir, clockAt }, use) => {
    const harness = await startHarness({
      dataDir,
      staticDir: path.join(root, 'out/harness'),
      ...(clockAt ? { clock: { now: () => new Date(clockAt) } } : {}),
    });
    await use(harness);
    await harness.close();
  },
});

export { expect };

/** Saves a screenshot of the window under test/artifacts/e2e, kept as a CI artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });
}

/** The value of a core call that must succeed (setting up data the test is not about). */
export function ok<T>(envelope: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
  return envelope.value;
}
