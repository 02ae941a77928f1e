import { app, dialog, ipcMain, powerMonitor, session } from 'electron';
import type { BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { Core } from './core/index';
import { registerIpc } from './electron/ipc';
import { rendererSource } from './electron/origin';
import { builtPaths, dataFolder, nativeBindingPath } from './electron/paths';
import { registerPlatformIpc } from './electron/platform';
import { registerAppScheme, serveAppProtocol } from './electron/protocol';
import { blockKioskShortcuts, createMainWindow, guardWebContents, secureSession } from './electron/window';

/**
 * The Electron main process: lifecycle and wiring only. Everything about data
 * (vault, database, validation, idle time) lives in the core; this file hands
 * it a data folder and a native module, and connects it to one secure window.
 */

const IDLE_CHECK_MS = 15_000;

// Before ready: every renderer sandboxed, the app:// scheme privileged, one data folder.
app.enableSandbox();
registerAppScheme();
app.setPath('userData', dataFolder(app.getPath('appData'), app.isPackaged));

const source = rendererSource({ isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL });

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let idleTimer: NodeJS.Timeout | null = null;

/** After a lock, reloading the page drops everything the renderer held in memory; it comes back on the unlock screen. */
function clearRenderer(): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.reload();
}

function lockNow(): void {
  if (!core?.isUnlocked) return;
  core.lock();
  clearRenderer();
}

function start(): void {
  const appPath = app.getAppPath();
  const nativeBinding = nativeBindingPath({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath });
  if (!existsSync(nativeBinding)) {
    dialog.showErrorBox('Neo Kurs', `The database module for Electron is missing:\n${nativeBinding}\n\nRun "npm run native:electron".`);
    app.quit();
    return;
  }
  const paths = builtPaths(appPath);

  secureSession(session.defaultSession, source);
  serveAppProtocol(paths.rendererDir);

  const appCore = new Core({
    dataDir: app.getPath('userData'),
    nativeBinding,
    // Name and code only: an error message could quote participant data.
    onUnexpectedError: (channel, error) => {
      const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
      const label = [name, code].filter((part) => typeof part === 'string').join(' ');
      console.error(`neo-kurs: unexpected error in ${channel}: ${label || 'unknown error'}`);
    },
  });
  core = appCore;

  registerIpc({
    ipcMain,
    dispatch: appCore.dispatch,
    appContents: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
    isAppUrl: source.isAppUrl,
    language: () => appCore.language(),
  });
  // Print dialog and folder picker: the same sender check, answered here without the core.
  registerPlatformIpc({
    ipcMain,
    dialog,
    appWindow: () => mainWindow,
    isAppUrl: source.isAppUrl,
    language: () => appCore.language(),
    grantFolder: (folder) => appCore.grantFolder(folder),
  });

  mainWindow = createMainWindow({ preloadPath: paths.preload, source });
  blockKioskShortcuts(mainWindow.webContents, () => appCore.inKiosk);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });

  idleTimer = setInterval(() => {
    if (appCore.lockIfIdle()) clearRenderer();
  }, IDLE_CHECK_MS);

  // A locked screen or a sleeping laptop is an unattended one.
  powerMonitor.on('lock-screen', lockNow);
  powerMonitor.on('suspend', lockNow);
}

if (!app.requestSingleInstanceLock()) {
  // Two processes must never open the same encrypted database.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every web contents, including any we did not expect, gets the navigation and window guards.
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, source.isAppUrl);
  });

  app.on('window-all-closed', () => {
    app.quit();
  });

  app.on('before-quit', () => {
    if (idleTimer) clearInterval(idleTimer);
    core?.lock();
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('neo-kurs: failed to start', error instanceof Error ? error.name : 'error');
      app.quit();
    });
}
