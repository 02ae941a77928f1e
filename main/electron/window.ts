import { BrowserWindow, app } from 'electron';
import type { Input, Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../contract/security';
import { APP_SCHEME, isAppSchemeUrl } from './origin';
import type { RendererSource } from './origin';

/**
 * The one window and the guards around every web page the app shows: the
 * renderer gets no Node, no remote content, no navigation, no new windows and
 * no permissions. It reaches the main process only through the preload's
 * window.neo.
 */

/** Guards for any web contents, ours or one that appears unexpectedly. */
export function guardWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  // In-app navigation is allowed only between the app's own pages; anything else (links, drops, redirects) is refused.
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

const localSchemes = new Set(['devtools:', 'data:']);

/** True for requests the renderer may make: the app's own files, devtools, inline data, and the dev server in development. */
export function isAllowedRequest(url: string, source: RendererSource): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return isAppSchemeUrl(url);
  if (localSchemes.has(parsed.protocol)) return true;
  if (source.devServerOrigin === null) return false;
  const dev = new URL(source.devServerOrigin);
  // The dev server's own pages and modules, and its websocket on the same host and port.
  return (parsed.protocol === 'http:' || parsed.protocol === 'ws:') && parsed.host === dev.host;
}

/**
 * The one permission the app's own page gets: writing plain text to the
 * clipboard (the "Kopier" button beside a certificate's verification code).
 * Reading the clipboard, and everything else, stays denied.
 */
const GRANTED = new Set(['clipboard-sanitized-write']);

/** Session-wide rules: deny every permission but clipboard writes by the app, cancel remote requests, add the CSP to every response. */
export function secureSession(session: Session, source: RendererSource): void {
  const allowed = (permission: string, url: string | undefined) => GRANTED.has(permission) && url !== undefined && source.isAppUrl(url);
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(allowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);

  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, source) });
  });

  // Also for the dev server's pages, so development runs under the same policy as the packaged app.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/**
 * The options are written out in the call itself, not built elsewhere, so that
 * Electronegativity's static checks can see them.
 */
export function createMainWindow(options: { preloadPath: string; source: RendererSource }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Neo Kurs',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click would otherwise open links in a new window, bypassing will-navigate.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      // DevTools only in development: in the installed app they would let anyone at the keyboard run code next to window.neo.
      devTools: !app.isPackaged,
    },
  });
  guardWebContents(window.webContents, options.source.isAppUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.source.entryUrl);
  return window;
}

/**
 * The keys that would leave the evaluation kiosk without the passphrase, or
 * open a way around it: reload, history, DevTools, closing the window, and the
 * print and address shortcuts. The core refuses every other channel anyway
 * and a reload lands in the kiosk again; this keeps the window itself from
 * offering them.
 */
export function isKioskEscape(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  return (
    key === 'f5' ||
    key === 'f11' ||
    key === 'f12' ||
    key === 'browserback' ||
    key === 'browserforward' ||
    key === 'browserrefresh' ||
    (mod && ['r', 'w', 'q', 'p', 'l', '[', ']'].includes(key)) ||
    (mod && input.shift && ['i', 'j', 'c', 'r'].includes(key)) ||
    (input.alt && ['arrowleft', 'arrowright', 'home', 'f4'].includes(key))
  );
}

/** Swallows the kiosk's escape keys before the page or Electron's menu accelerators see them, while `inKiosk()` says so. */
export function blockKioskShortcuts(contents: WebContents, inKiosk: () => boolean): void {
  contents.on('before-input-event', (event, input) => {
    if (inKiosk() && isKioskEscape(input)) event.preventDefault();
  });
}
