import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../main/contract/security';
import { APP_ENTRY_URL, rendererSource } from '../../main/electron/origin';
import {
  blockKioskShortcuts,
  createMainWindow,
  guardWebContents,
  isAllowedRequest,
  secureSession,
} from '../../main/electron/window';
import { expectedWebPreferences } from './expected';
import { FakeBrowserWindow, FakeWebContents, fake, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const packaged = rendererSource({ isPackaged: true, devServerUrl: 'http://localhost:5173' });
const dev = rendererSource({ isPackaged: false, devServerUrl: 'http://localhost:5173' });

beforeEach(() => resetFakeElectron());

describe('window options', () => {
  it('are exactly the secure ones, and the window loads the app protocol', () => {
    fake.app.isPackaged = true;
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', source: packaged });
    expect(FakeBrowserWindow.created).toHaveLength(1);
    const window = FakeBrowserWindow.created[0]!;
    expect(window.options.webPreferences).toStrictEqual(expectedWebPreferences('/app/out/preload/index.cjs', { packaged: true }));
    expect(window.loadedUrl).toBe(APP_ENTRY_URL);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
    // The window's own contents are guarded too.
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toStrictEqual({ action: 'deny' });
    expect(window.webContents.emitPreventable('will-navigate', 'https://example.com/')).toBe(true);
  });

  it('have no DevTools in the packaged app, and DevTools in development', () => {
    fake.app.isPackaged = true;
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', source: packaged });
    fake.app.isPackaged = false;
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', source: dev });
    const devTools = FakeBrowserWindow.created.map((window) => (window.options.webPreferences as { devTools?: unknown }).devTools);
    expect(devTools).toStrictEqual([false, true]);
  });
});

describe('renderer source', () => {
  it('never uses a dev server when packaged', () => {
    expect(packaged.entryUrl).toBe('app://neo/index.html');
    expect(packaged.devServerOrigin).toBeNull();
    expect(packaged.isAppUrl('http://localhost:5173/')).toBe(false);
  });

  it('uses a loopback dev server only when not packaged', () => {
    expect(dev.entryUrl).toBe('http://localhost:5173/');
    expect(dev.isAppUrl('http://localhost:5173/index.html')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false);
    const remote = rendererSource({ isPackaged: false, devServerUrl: 'http://evil.example:5173' });
    expect(remote.entryUrl).toBe(APP_ENTRY_URL);
  });

  it('recognises only app://neo as the app', () => {
    expect(packaged.isAppUrl('app://neo/index.html')).toBe(true);
    expect(packaged.isAppUrl('app://neo/#/courses')).toBe(true);
    expect(packaged.isAppUrl('app://other/index.html')).toBe(false);
    expect(packaged.isAppUrl('app://user@neo/index.html')).toBe(false);
    expect(packaged.isAppUrl('file:///etc/passwd')).toBe(false);
    expect(packaged.isAppUrl('not a url')).toBe(false);
  });
});

describe('navigation guards', () => {
  function guarded(): FakeWebContents {
    const contents = new FakeWebContents();
    guardWebContents(contents as unknown as WebContents, packaged.isAppUrl);
    return contents;
  }

  it('refuse navigation away from the app', () => {
    const contents = guarded();
    expect(contents.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'app://other/index.html')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'app://neo/index.html')).toBe(false);
  });

  it('refuse redirects away from the app', () => {
    const contents = guarded();
    expect(contents.emitPreventable('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(contents.emitPreventable('will-redirect', 'app://neo/index.html')).toBe(false);
  });

  it('deny every window.open, even to the app itself', () => {
    const contents = guarded();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toStrictEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://neo/index.html' })).toStrictEqual({ action: 'deny' });
  });

  it('refuse webviews', () => {
    expect(guarded().emitPreventable('will-attach-webview', {}, {})).toBe(true);
  });
});

describe('session rules', () => {
  function secured(source = packaged) {
    const session = fake.session.defaultSession;
    secureSession(session as unknown as Session, source);
    return session;
  }

  it('deny every permission request and check', () => {
    const session = secured();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const answers: boolean[] = [];
      session.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted), {});
      expect(answers, permission).toStrictEqual([false]);
      expect(session.permissionCheckHandler?.({}, permission, 'app://neo', {}), permission).toBe(false);
    }
    expect(session.devicePermissionHandler?.({})).toBe(false);
  });

  it('let only the app page write to the clipboard (the copy button), never read it', () => {
    const session = secured();
    const request = (permission: string, requestingUrl: string) => {
      const answers: boolean[] = [];
      session.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted), { requestingUrl });
      return answers;
    };
    expect(request('clipboard-sanitized-write', 'app://neo/index.html')).toStrictEqual([true]);
    expect(session.permissionCheckHandler?.({}, 'clipboard-sanitized-write', 'app://neo/', {})).toBe(true);
    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toStrictEqual([false]);
    expect(session.permissionCheckHandler?.({}, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false);
    expect(request('clipboard-read', 'app://neo/index.html')).toStrictEqual([false]);
  });

  it('cancel every request that is not the app, devtools or inline data', () => {
    const session = secured();
    const cancelled = (url: string) => {
      let answer: { cancel?: boolean } | undefined;
      session.webRequest.beforeRequest?.({ url }, (response: { cancel?: boolean }) => (answer = response));
      return answer?.cancel;
    };
    expect(cancelled('app://neo/assets/index.js')).toBe(false);
    expect(cancelled('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(cancelled('https://fonts.example.com/font.woff2')).toBe(true);
    expect(cancelled('http://localhost:5173/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('app://other/x.js')).toBe(true);
    expect(cancelled('wss://evil.example/socket')).toBe(true);
  });

  it('allow the dev server only in development', () => {
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedRequest('https://evil.example/', dev)).toBe(false);
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', packaged)).toBe(false);
  });

  it('add the strict Content-Security-Policy to every response, in development too', () => {
    for (const [source, url] of [[packaged, 'app://neo/index.html'], [dev, 'http://localhost:5173/']] as const) {
      resetFakeElectron();
      const session = secured(source);
      let headers: Record<string, string[]> | undefined;
      session.webRequest.headersReceived?.(
        { url, responseHeaders: { 'Content-Type': ['text/html'] } },
        (response: { responseHeaders: Record<string, string[]> }) => (headers = response.responseHeaders),
      );
      expect(headers, url).toStrictEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});

describe('the evaluation kiosk', () => {
  const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    shift: false,
    alt: false,
    ...mods,
  });

  it('swallows reload, history, DevTools and close keys while the kiosk runs, and nothing else', () => {
    const contents = new FakeWebContents();
    let kiosk = true;
    blockKioskShortcuts(contents as unknown as WebContents, () => kiosk);
    const escapes = [
      key('F5'),
      key('r', { control: true }),
      key('R', { control: true, shift: true }),
      key('r', { meta: true }),
      key('F12'),
      key('I', { control: true, shift: true }),
      key('J', { control: true, shift: true }),
      key('ArrowLeft', { alt: true }),
      key('BrowserBack'),
      key('w', { control: true }),
      key('F4', { alt: true }),
    ];
    for (const input of escapes) expect(contents.emitPreventable('before-input-event', input), input.key).toBe(true);
    // Typing an answer, Tab, Enter and the digits stay the participant's.
    for (const input of [key('a'), key('R', { shift: true }), key('Tab'), key('Enter'), key('3'), key('Escape'), key('Backspace')]) {
      expect(contents.emitPreventable('before-input-event', input), input.key).toBe(false);
    }
    // Key releases are left alone; outside the kiosk nothing is swallowed.
    expect(contents.emitPreventable('before-input-event', { ...key('F5'), type: 'keyUp' })).toBe(false);
    kiosk = false;
    for (const input of escapes) expect(contents.emitPreventable('before-input-event', input), input.key).toBe(false);
  });
});
