import AxeBuilder from '@axe-core/playwright';
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
export const test = base.extend<{ harness: Harness; dataDir: string; clockAt: string | undefined; secondHarness: Harness }>({
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
  /**
   * A second installation with its own data folder (head office beside a
   * teacher's laptop), on the same clock; closed and removed after the test.
   */
  secondHarness: async ({ clockAt }, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-e2e-second-'));
    const harness = await startHarness({
      dataDir: dir,
      staticDir: path.join(root, 'out/harness'),
      ...(clockAt ? { clock: { now: () => new Date(clockAt) } } : {}),
    });
    try {
      await use(harness);
    } finally {
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** The impacts that fail a test: a person who relies on a screen reader, the keyboard or good contrast cannot use the screen. */
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe on the page as it is now and fails on any serious or critical
 * violation, naming the rule and the elements, and on any violation of the
 * rules named in `alsoRules` whatever their impact. Lesser findings are
 * attached to the test's report. `screen` names the screen in the failure message
 * and the attachment.
 */
export async function expectAccessible(page: Page, screen = 'screen', { alsoRules = [] }: { alsoRules?: string[] } = {}): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').trim()})` : ''}`),
  }));
  if (found.length > 0) {
    await base.info().attach(`axe-${screen}.json`, { body: JSON.stringify(found, null, 2), contentType: 'application/json' });
  }
  expect(
    found.filter((v) => BLOCKING_IMPACTS.has(v.impact) || alsoRules.includes(v.rule)),
    `serious or critical accessibility violations on "${screen}"`,
  ).toEqual([]);
}

/**
 * Checks the page with axe (see expectAccessible), then saves a screenshot of
 * the window under test/artifacts/e2e, kept as a CI artifact.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });
}

/** The value of a core call that must succeed (setting up data the test is not about). */
export function ok<T>(envelope: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
  return envelope.value;
}
