// electron-builder's beforePack hook (electron-builder.yml). Stops the build
// when the Electron build of the database module is missing or was built for
// another target: electron-builder itself only warns about a missing
// extraResources file and ships an app that cannot open its database.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where `npm run native:electron` (build-electron-native.mjs) puts it, relative to the project; extraResources ships it from here. */
export const ELECTRON_NATIVE_FILE = '.cache/electron-native/better_sqlite3.node';
/** What it was built for, written next to it by the same script. */
export const ELECTRON_NATIVE_STAMP = '.cache/electron-native/stamp.json';

const MODULE = 'better-sqlite3-multiple-ciphers';
// electron-builder's Arch enum, by value.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

function readStamp(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Throws, saying what to do, unless the project holds an Electron build of the
 * database module for this platform, architecture, Electron version and module version.
 */
export function checkElectronNative({ projectDir, platform, arch, electronVersion }) {
  const file = path.join(projectDir, ELECTRON_NATIVE_FILE);
  const fix = 'Run "npm run native:electron" on a machine of that platform and architecture (npm run dist runs it first), then package again.';
  if (!existsSync(file) || statSync(file).size === 0) {
    throw new Error(
      `The Electron build of the database module is missing: ${ELECTRON_NATIVE_FILE}. ` +
        `Without it the packaged app cannot open its database and stops at start. ${fix}`,
    );
  }
  const moduleVersion = JSON.parse(readFileSync(createRequire(path.join(projectDir, 'package.json')).resolve(`${MODULE}/package.json`), 'utf8')).version;
  const wanted = { platform, arch, electron: electronVersion, module: moduleVersion };
  const stamp = readStamp(path.join(projectDir, ELECTRON_NATIVE_STAMP));
  const describe = (target) => `${target.platform}-${target.arch}, Electron ${target.electron}, ${MODULE} ${target.module}`;
  if (!stamp || Object.entries(wanted).some(([key, value]) => stamp[key] !== value)) {
    throw new Error(
      `${ELECTRON_NATIVE_FILE} was built for ${stamp ? describe(stamp) : 'an unknown target (no readable stamp.json)'}, ` +
        `but this package is for ${describe(wanted)}. ${fix}`,
    );
  }
}

/** The hook: electron-builder calls it with its pack context and stops the build if it throws. */
export default function beforePack(context) {
  checkElectronNative({
    projectDir: context.packager.projectDir,
    platform: context.electronPlatformName,
    arch: ARCH_NAMES[context.arch] ?? String(context.arch),
    electronVersion: context.packager.info.framework.version,
  });
}
