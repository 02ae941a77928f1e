import { leftoverError, startTempRun } from './temp-run';

/**
 * Playwright globalSetup: the run's private temp folder (test/support/temp-run.ts).
 * The workers, the harness cores and Chromium they start inherit its TMPDIR;
 * the run fails if a test left anything in it.
 */
export default function globalSetup(): () => void {
  const run = startTempRun();
  return () => {
    const left = run.end();
    if (left.length > 0) throw leftoverError(left);
  };
}
