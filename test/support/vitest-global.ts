import { leftoverError, startTempRun } from './temp-run';

/**
 * Vitest globalSetup: the run's private temp folder (test/support/temp-run.ts).
 * If a test file left anything in it, the run fails: Vitest only logs an error
 * thrown here, so the exit code is set as well.
 */
export function setup(): () => void {
  const run = startTempRun();
  return () => {
    const left = run.end();
    if (left.length === 0) return;
    process.exitCode = 1;
    throw leftoverError(left);
  };
}
