import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One private temp folder for a whole test run (Vitest's and Playwright's
 * global setup). Everything that asks os.tmpdir() during the run, in the test
 * processes, their worker threads and child processes, Chromium and tools such
 * as tsx, writes below it, and it is removed at the end: the machine's temp
 * folder is left as the run found it. Test files still clean up after
 * themselves; the end of the run checks that they did.
 */

/**
 * Transform caches of tools, kept for the run and not counted as leftovers: they
 * hold compiled code, no test data. tsx-<uid> from every process and worker
 * thread that loads our TypeScript through tsx; jiti from electron-builder's
 * config loader; playwright-transform-cache-<uid> from a Playwright worker that
 * compiles a module the harness core imports on first use (a PDF renderer).
 */
const TOOL_CACHES = /^(tsx-\d+|jiti|playwright-transform-cache-\d+)$/;

export interface TempRun {
  dir: string;
  /** Removes the run's folder, restores TMPDIR, and returns what test files left behind in it (empty when all is well). */
  end(): string[];
}

export function startTempRun(): TempRun {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-test-run-'));
  process.env.TMPDIR = dir;
  return {
    dir,
    end() {
      const left = leftovers(dir);
      rmSync(dir, { recursive: true, force: true });
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      return left;
    },
  };
}

/** Entries of a run's temp folder that are not tool caches. */
export function leftovers(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !TOOL_CACHES.test(name))
    .sort();
}

/** The error to fail a run with when test files left something behind. */
export function leftoverError(left: string[]): Error {
  return new Error(
    `Test files left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temp folder (removed now): ${left.join(', ')}. ` +
      'Remove what a test creates in the test lifecycle: makeTempDir() from test/support/temp.ts in Vitest, a fixture’s teardown in Playwright.',
  );
}
