import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What a test file leaves open or on disk (temp folders, cores), undone when
 * the file ends: test/support/vitest-setup.ts hands cleanUp() to Vitest's
 * afterAll. Not on process 'exit': Vitest's fork pool never fires it. Plain
 * Node with no Vitest import, so the crash and disk-full child processes can
 * use the helpers that use it.
 */

const steps: (() => void)[] = [];

/** Runs `step` when the current test file ends. */
export function onCleanUp(step: () => void): void {
  steps.push(step);
}

/** A fresh, private folder under the OS temp dir, removed when the test file ends. */
export function makeTempDir(prefix = 'neo-kurs-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanUp(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs every step, newest first (a core closes before its folder goes), and reports all that failed. */
export function cleanUp(): void {
  const errors: unknown[] = [];
  for (const step of steps.splice(0).reverse()) {
    try {
      step();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} clean-up step(s) failed`);
}
