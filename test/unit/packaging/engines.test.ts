import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * package.json's `engines` names the Node.js versions that really work:
 * Electron's installer is ESM-only (Node 20.19 or newer can load it), Electron
 * asks for 22.12 or newer, and the tests and CI run on Node 20.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(`${root}package.json`);
// npm's own version-range library, installed with the build tools; it has no type package here.
const semver = require('semver') as {
  satisfies(version: string, range: string): boolean;
  subset(range: string, superset: string): boolean;
};

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { engines?: { node?: string }; packages?: Record<string, { engines?: { node?: string } }> };
const engines = readJson(`${root}package.json`).engines?.node ?? '';
const declaredBy = (name: string) => readJson(require.resolve(`${name}/package.json`)).engines?.node ?? '';

describe('engines.node in package.json', () => {
  it('accepts the versions the app, its installers and the tests work on', () => {
    for (const version of ['20.19.0', '20.20.2', '22.12.0', '24.0.0', process.versions.node]) {
      expect(semver.satisfies(version, engines), `${version} in ${engines}`).toBe(true);
    }
  });

  it('refuses the versions where installing fails', () => {
    // Below 20.19 Electron's installer cannot load its ESM-only downloader; Node 22 before 22.12 the same.
    for (const version of ['18.20.8', '20.0.0', '20.18.3', '21.7.3', '22.11.0']) {
      expect(semver.satisfies(version, engines), `${version} in ${engines}`).toBe(false);
    }
  });

  it('is no wider than what the build tools declare', () => {
    for (const name of ['vite', 'electron-vite']) {
      expect(semver.subset(engines, declaredBy(name)), `${engines} within ${name}'s ${declaredBy(name)}`).toBe(true);
    }
    // Electron declares only 22.12 and newer; Node 20.19 installs it too, and is what CI runs.
    expect(semver.subset('>=22.12.0', declaredBy('electron'))).toBe(true);
  });

  it('is the same in package-lock.json, so npm ci sees it too', () => {
    expect(readJson(`${root}package-lock.json`).packages?.['']?.engines?.node).toBe(engines);
  });
});
