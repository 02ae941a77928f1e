import path from 'node:path';

/**
 * Where the app keeps things on disk.
 *
 * Data folder: <appData>/Neo Kurs, that is
 *   Windows  %APPDATA%\Neo Kurs
 *   macOS    ~/Library/Application Support/Neo Kurs
 *   Linux    ~/.config/Neo Kurs   (or $XDG_CONFIG_HOME/Neo Kurs)
 * holding vault.json (the wrapped database key) and neo-kurs.db (+ its WAL).
 * An unpackaged run (npm start / npm run dev) uses "Neo Kurs (dev)" instead,
 * so development never touches a staff member's real data.
 */

export const PRODUCT_NAME = 'Neo Kurs';

export function dataFolder(appDataPath: string, isPackaged: boolean): string {
  return path.join(appDataPath, isPackaged ? PRODUCT_NAME : `${PRODUCT_NAME} (dev)`);
}

/**
 * better_sqlite3.node built for Electron's ABI (main/build/build-electron-native.mjs).
 * node_modules keeps the Node build that the tests use; Electron gets its own copy.
 */
export function nativeBindingPath(options: { isPackaged: boolean; resourcesPath: string; appPath: string }): string {
  return options.isPackaged
    ? path.join(options.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(options.appPath, '.cache', 'electron-native', 'better_sqlite3.node');
}

/** Built preload and renderer, relative to the app root (the repository, or app.asar when packaged). */
export function builtPaths(appPath: string): { preload: string; rendererDir: string } {
  return {
    preload: path.join(appPath, 'out', 'preload', 'index.cjs'),
    rendererDir: path.join(appPath, 'out', 'renderer'),
  };
}
