import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { PreloadConfigFactory } from 'electron-vite';
import { build } from 'vite';
import config from '../../.config/electron.vite.config';

/**
 * The preload must be CommonJS: Electron runs a sandboxed preload as a classic
 * script with a require limited to 'electron' and a few built-ins, so ESM or a
 * require of anything else would break the bridge (or push towards sandbox: false).
 * This builds it with the project's electron-vite config into a temp folder.
 */

const outDir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-preload-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('preload build', () => {
  it('is one CommonJS file, index.cjs, that requires only electron', async () => {
    const preload = config.preload!;
    const viteConfig = await new PreloadConfigFactory({ ...preload, build: { ...preload.build, outDir } }, { logLevel: 'silent' }, {}).build();
    await build({ ...viteConfig, configFile: false });

    expect(readdirSync(outDir)).toStrictEqual(['index.cjs']);
    const code = readFileSync(path.join(outDir, 'index.cjs'), 'utf8');
    expect(() => new Script(code)).not.toThrow(); // a classic script: no import/export syntax
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(new Set([...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))).toStrictEqual(new Set(['electron']));
    expect(code).toContain('exposeInMainWorld("neo"');
    expect(code).toContain('exposeInMainWorld("neoPlatform"');
  }, 60_000);
});
