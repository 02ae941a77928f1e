import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../main/contract/channels';
import { platformChannels } from '../../main/contract/platform';
import type { Envelope } from '../../main/contract/envelope';
import { expectedWebPreferences } from './expected';
import * as fakeElectron from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

type FakeModule = typeof fakeElectron;

const require = createRequire(import.meta.url);
/** The Node build of the database module stands in for the Electron one, so the real core can open its database here. */
const nodeBuild = path.join(path.dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json')), 'build', 'Release', 'better_sqlite3.node');

// Resolve the mocked 'electron' once, before any resetModules, so it stays bound to the fake imported above.
beforeAll(async () => {
  await import('electron');
});

let base: string;
let appPath: string;
let appData: string;

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-main-'));
  appPath = path.join(base, 'app');
  appData = path.join(base, 'appData');
  mkdirSync(appData, { recursive: true });
  delete process.env.ELECTRON_RENDERER_URL;
});

afterEach(() => {
  vi.useRealTimers();
  rmSync(base, { recursive: true, force: true });
});

function installNativeBuild(): void {
  mkdirSync(path.join(appPath, '.cache', 'electron-native'), { recursive: true });
  copyFileSync(nodeBuild, path.join(appPath, '.cache', 'electron-native', 'better_sqlite3.node'));
}

/**
 * Loads main/index.ts afresh against a fresh fake electron, prepared by `setup`.
 * resetModules reloads main/ but keeps the mocked 'electron', which reads the fake's current state.
 */
async function boot(setup: (fake: FakeModule['fake']) => void = () => {}): Promise<FakeModule> {
  vi.resetModules();
  const fakeModule = fakeElectron;
  fakeModule.resetFakeElectron();
  fakeModule.fake.app.appPath = appPath;
  fakeModule.fake.app.paths.set('appData', appData);
  setup(fakeModule.fake);
  await import('../../main/index');
  return fakeModule;
}

async function becomeReady(fakeModule: FakeModule): Promise<void> {
  fakeModule.fake.app.becomeReady();
  await new Promise((resolve) => setImmediate(resolve));
}

describe('main process lifecycle', () => {
  it('prepares sandbox, scheme and data folder before ready, then wires one secure window', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    installNativeBuild();
    const m = await boot();
    const { fake } = m;

    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.app.calls.slice(0, 4)).toStrictEqual(['enableSandbox', 'registerSchemesAsPrivileged', 'setPath:userData', 'requestSingleInstanceLock']);
    expect(fake.app.getPath('userData')).toBe(path.join(appData, 'Neo Kurs (dev)'));
    expect(m.FakeBrowserWindow.created).toHaveLength(0);

    await becomeReady(m);

    expect(m.FakeBrowserWindow.created).toHaveLength(1);
    const window = m.FakeBrowserWindow.created[0]!;
    expect(window.options.webPreferences).toStrictEqual(expectedWebPreferences(path.join(appPath, 'out', 'preload', 'index.cjs'), { packaged: false }));
    expect(window.loadedUrl).toBe('app://neo/index.html');
    expect(fake.protocol.handlers.has('app')).toBe(true);
    expect([...fake.ipcMain.handlers.keys()].sort()).toStrictEqual([...channelNames, ...Object.values(platformChannels)].sort());
    expect(fake.session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(fake.session.defaultSession.webRequest.beforeRequest).not.toBeNull();

    // Any other web contents that appears is guarded as well.
    const stray = new m.FakeWebContents('app://neo/index.html');
    fake.app.emit('web-contents-created', {}, stray);
    expect(stray.windowOpenHandler?.({ url: 'https://evil.example/' })).toStrictEqual({ action: 'deny' });
    expect(stray.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);

    const call = (channel: string, input: unknown) =>
      fake.ipcMain.handlers.get(channel)!({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, input) as Promise<Envelope<unknown>>;

    // The real core behind the IPC, keeping its files in the data folder.
    const created = await call('vault:create', { passphrase: 'korrekt hest batteri stift', staffName: 'Kari', role: 'teacher' });
    expect(created.ok).toBe(true);
    expect(await call('vault:status', {})).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    // The passphrase is the only way in: the OS keystore is never asked to hold the key, and the vault has one wrap.
    expect(fake.safeStorage.calls).toStrictEqual([]);
    const vault = JSON.parse(readFileSync(path.join(appData, 'Neo Kurs (dev)', 'vault.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(vault).sort()).toStrictEqual(['accounts', 'createdAt', 'deviceId', 'format', 'language', 'lookupSalt', 'recovery', 'throttle', 'version']);
    expect(JSON.stringify(vault)).not.toContain('Kari');

    // While the evaluation kiosk runs, the window swallows reload and DevTools keys; after leaving it, they are the window's again.
    const f5 = { type: 'keyDown', key: 'F5', control: false, meta: false, shift: false, alt: false };
    expect(window.webContents.emitPreventable('before-input-event', f5)).toBe(false);
    const course = (await call('courses:create', {
      name: 'Kurs', type: 'other', place: 'Ålesund', startDate: '2025-04-01', endDate: '2025-06-30', plannedHours: 10, teacher: 'Kari', status: 'running',
    })) as Envelope<{ id: string }>;
    expect(await call('kiosk:start', { courseId: course.ok ? course.value.id : '' })).toStrictEqual({ ok: true, value: { active: true } });
    expect(window.webContents.emitPreventable('before-input-event', f5)).toBe(true);
    expect(window.webContents.emitPreventable('before-input-event', { ...f5, key: 'I', control: true, shift: true })).toBe(true);
    expect((await call('kiosk:leave', { passphrase: 'korrekt hest batteri stift' })).ok).toBe(true);
    expect(window.webContents.emitPreventable('before-input-event', f5)).toBe(false);

    // The platform channels act on this window: its print dialog, a folder picker over it.
    const printing = call('platform:print', {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(window.webContents.printCalls).toHaveLength(1);
    window.webContents.finishPrint(false, 'cancelled');
    expect(await printing).toStrictEqual({ ok: true, value: { outcome: 'cancelled' } });
    fake.dialog.openAnswer = { canceled: false, filePaths: [path.join(base, 'kursbevis')] };
    // The renderer gets an id for the picked folder from the core, never a path to send back.
    const picked = (await call('platform:chooseFolder', { title: 'Velg mappe' })) as Envelope<{ folder: { id: string; label: string } }>;
    expect(picked).toStrictEqual({ ok: true, value: { folder: { id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string, label: path.join(base, 'kursbevis') } } });
    expect(fake.dialog.openCalls[0]?.window).toBe(window);

    // The idle check runs every 15 s; after the configured 10 idle minutes it locks and reloads the page.
    vi.advanceTimersByTime(15_000);
    expect(window.webContents.reloads).toBe(0);
    vi.advanceTimersByTime(10 * 60_000);
    expect(window.webContents.reloads).toBe(1);
    expect(await call('vault:status', {})).toMatchObject({ ok: true, value: { state: 'locked' } });

    // A locked screen locks the app too.
    expect((await call('vault:unlock', { name: 'Kari', passphrase: 'korrekt hest batteri stift' })).ok).toBe(true);
    fake.powerMonitor.emit('lock-screen');
    expect(await call('vault:status', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(window.webContents.reloads).toBe(2);
    // Already locked: nothing to clear, so the unlock screen is left alone.
    fake.powerMonitor.emit('suspend');
    expect(window.webContents.reloads).toBe(2);

    // And quitting locks (closes the database).
    expect((await call('vault:unlock', { name: 'Kari', passphrase: 'korrekt hest batteri stift' })).ok).toBe(true);
    fake.app.emit('before-quit');
    expect(await call('vault:status', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
  }, 60_000);

  it('quits without a window when another instance holds the lock', async () => {
    installNativeBuild();
    const m = await boot((fake) => {
      fake.app.singleInstanceLock = false;
    });
    await becomeReady(m);
    expect(m.fake.app.quitCalls).toBe(1);
    expect(m.FakeBrowserWindow.created).toHaveLength(0);
    expect(m.fake.ipcMain.handlers.size).toBe(0);
  });

  it('stops with a clear message when the Electron build of the database module is missing', async () => {
    const m = await boot();
    await becomeReady(m);
    expect(m.fake.dialog.errors).toHaveLength(1);
    expect(m.fake.dialog.errors[0]).toContain('npm run native:electron');
    expect(m.fake.app.quitCalls).toBe(1);
    expect(m.FakeBrowserWindow.created).toHaveLength(0);
  });

  it('uses the packaged native module and never a dev server when packaged', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const resourcesPath = path.join(base, 'resources');
    mkdirSync(path.join(resourcesPath, 'native'), { recursive: true });
    copyFileSync(nodeBuild, path.join(resourcesPath, 'native', 'better_sqlite3.node'));
    // Electron sets process.resourcesPath; plain Node has none, so the test provides it.
    const withResources = process as { resourcesPath?: string };
    const previous = withResources.resourcesPath;
    withResources.resourcesPath = resourcesPath;
    try {
      const m = await boot((fake) => {
        fake.app.isPackaged = true;
      });
      await becomeReady(m);
      expect(m.fake.dialog.errors).toStrictEqual([]);
      expect(m.fake.app.getPath('userData')).toBe(path.join(appData, 'Neo Kurs'));
      expect(m.FakeBrowserWindow.created[0]?.loadedUrl).toBe('app://neo/index.html');
      expect(m.FakeBrowserWindow.created[0]?.options.webPreferences).toMatchObject({ devTools: false });
      m.fake.app.emit('before-quit');
    } finally {
      withResources.resourcesPath = previous;
      delete process.env.ELECTRON_RENDERER_URL;
    }
  });

  it('loads the loopback dev server when not packaged', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    installNativeBuild();
    try {
      const m = await boot();
      await becomeReady(m);
      expect(m.FakeBrowserWindow.created[0]?.loadedUrl).toBe('http://localhost:5173/');
      m.fake.app.emit('before-quit');
    } finally {
      delete process.env.ELECTRON_RENDERER_URL;
    }
  });
});
