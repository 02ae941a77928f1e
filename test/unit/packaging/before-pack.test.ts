import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import beforePack, { ELECTRON_NATIVE_FILE, ELECTRON_NATIVE_STAMP, checkElectronNative } from '../../../main/build/before-pack.mjs';
import { makeTempDir } from '../../support/temp';

/**
 * The beforePack hook stops `npm run dist` when the Electron build of the
 * database module is missing or built for another target, instead of shipping
 * an app that cannot start. Each test builds a small project folder.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(`${root}package.json`);
const moduleVersion = (JSON.parse(readFileSync(require.resolve('better-sqlite3-multiple-ciphers/package.json'), 'utf8')) as { version: string }).version;

const TARGET = { platform: 'linux', arch: 'x64', electronVersion: '45.5.0' };

/** A project with the database module installed in node_modules, and optionally its Electron build and stamp. */
function project(options: { native?: string; stamp?: Record<string, string> | string } = {}): string {
  const dir = makeTempDir('neo-kurs-before-pack-');
  writeFileSync(path.join(dir, 'package.json'), '{"name":"neo-kurs","type":"module"}');
  const moduleDir = path.join(dir, 'node_modules', 'better-sqlite3-multiple-ciphers');
  mkdirSync(moduleDir, { recursive: true });
  writeFileSync(path.join(moduleDir, 'package.json'), JSON.stringify({ name: 'better-sqlite3-multiple-ciphers', version: moduleVersion }));
  mkdirSync(path.join(dir, path.dirname(ELECTRON_NATIVE_FILE)), { recursive: true });
  if (options.native !== undefined) writeFileSync(path.join(dir, ELECTRON_NATIVE_FILE), options.native);
  if (options.stamp !== undefined) {
    writeFileSync(path.join(dir, ELECTRON_NATIVE_STAMP), typeof options.stamp === 'string' ? options.stamp : JSON.stringify(options.stamp));
  }
  return dir;
}

/** The stamp build-electron-native.mjs writes for TARGET. */
const goodStamp = { electron: '45.5.0', module: moduleVersion, platform: 'linux', arch: 'x64', builtAt: '2025-01-01T00:00:00.000Z' };

describe('beforePack hook', () => {
  it('passes when the Electron build is there and was built for this target', () => {
    const dir = project({ native: 'ELF…', stamp: goodStamp });
    expect(() => checkElectronNative({ projectDir: dir, ...TARGET })).not.toThrow();
  });

  it('fails with a clear message when the Electron build is missing', () => {
    const dir = project();
    expect(() => checkElectronNative({ projectDir: dir, ...TARGET })).toThrow(
      /The Electron build of the database module is missing: \.cache\/electron-native\/better_sqlite3\.node\. .*cannot open its database.*Run "npm run native:electron"/,
    );
  });

  it('fails when the file is empty (a build that broke off)', () => {
    const dir = project({ native: '', stamp: goodStamp });
    expect(() => checkElectronNative({ projectDir: dir, ...TARGET })).toThrow(/is missing/);
  });

  it('fails when it was built for another platform, architecture, Electron or module version, or says nothing', () => {
    const cases: [Record<string, string> | string, RegExp][] = [
      [{ ...goodStamp, platform: 'win32' }, /built for win32-x64, Electron 45\.5\.0.* but this package is for linux-x64/],
      [{ ...goodStamp, arch: 'arm64' }, /built for linux-arm64/],
      [{ ...goodStamp, electron: '44.0.0' }, /Electron 44\.0\.0.*but this package is for linux-x64, Electron 45\.5\.0/],
      [{ ...goodStamp, module: '11.0.0' }, /better-sqlite3-multiple-ciphers 11\.0\.0/],
      ['not json', /an unknown target \(no readable stamp\.json\)/],
    ];
    for (const [stamp, message] of cases) {
      const dir = project({ native: 'ELF…', stamp });
      expect(() => checkElectronNative({ projectDir: dir, ...TARGET }), JSON.stringify(stamp)).toThrow(message);
    }
  });

  it('reads the target from electron-builder’s pack context', () => {
    const dir = project({ native: 'ELF…', stamp: { ...goodStamp, arch: 'arm64' } });
    // electron-builder's Arch enum: 1 is x64, 3 is arm64.
    const context = (arch: number) => ({ electronPlatformName: 'linux', arch, packager: { projectDir: dir, info: { framework: { version: '45.5.0' } } } });
    expect(() => beforePack(context(3))).not.toThrow();
    expect(() => beforePack(context(1))).toThrow(/but this package is for linux-x64/);
  });
});
