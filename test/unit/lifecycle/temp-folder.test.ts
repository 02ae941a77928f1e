import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, watch, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cleanUp, makeTempDir, onCleanUp } from '../../support/temp';
import { leftovers } from '../../support/temp-run';

/**
 * Tests leave the machine's temp folder as they found it (DESIGN.md). A real
 * test file of the suite runs in a child Vitest whose TMPDIR is a fresh
 * folder; afterwards that folder must be empty.
 */

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

describe('temp folder', () => {
  it('is empty after a test file that makes encrypted databases has run', async () => {
    const tmp = makeTempDir('neo-kurs-child-tmp-');
    // What appears in the folder while the child runs: proof that the child really used it.
    const appeared = new Set<string>();
    const watcher = watch(tmp, (_event, name) => {
      if (name) appeared.add(name);
    });
    try {
      const { stdout } = await execFileAsync(
        process.execPath,
        [vitest, 'run', '--config', '.config/vitest.config.ts', '--maxWorkers=1', '--reporter=dot', 'test/unit/domain/courses.test.ts'],
        { cwd: root, env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      ).catch((error: unknown) => {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        throw new Error(`the child test run failed:\n${stdout}\n${stderr}`);
      });
      expect(stdout).toMatch(/Tests\s+\d+ passed/);
    } finally {
      watcher.close();
    }
    expect(readdirSync(tmp)).toEqual([]);
    expect([...appeared].length).toBeGreaterThan(0);
  }, 150_000);

  it('clean-up closes what was opened before removing folders, and runs every step even when one fails', () => {
    const order: string[] = [];
    const dir = makeTempDir('neo-kurs-cleanup-');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'file'), 'x');
    onCleanUp(() => order.push(`close core (folder there: ${existsSync(dir)})`));
    onCleanUp(() => {
      throw new Error('step failed');
    });
    expect(() => cleanUp()).toThrow('1 clean-up step(s) failed');
    expect(order).toEqual(['close core (folder there: true)']);
    expect(existsSync(dir)).toBe(false);
  });

  it('the end of a run reports what test files left behind, but not the tools’ transform caches', () => {
    const run = makeTempDir('neo-kurs-run-check-');
    mkdirSync(path.join(run, 'tsx-1000'));
    mkdirSync(path.join(run, 'jiti'));
    mkdirSync(path.join(run, 'playwright-transform-cache-0'));
    expect(leftovers(run)).toEqual([]);
    mkdirSync(path.join(run, 'neo-kurs-test-AbC123'));
    writeFileSync(path.join(run, 'certificate.pdf'), '%PDF');
    expect(leftovers(run)).toEqual(['certificate.pdf', 'neo-kurs-test-AbC123']);
  });
});
