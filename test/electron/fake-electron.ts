import { EventEmitter } from 'node:events';

/**
 * A hand-written stand-in for the parts of the `electron` module the thin
 * wiring uses. The Electron binary cannot run here, so tests mock 'electron'
 * with this and assert on what the wiring asked of it. Everything records its
 * calls; `resetFakeElectron()` starts each test afresh.
 */

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

let nextRoutingId = 1;

export function fakeFrame(url: string, parent: FakeFrame | null = null, processId = 7): FakeFrame {
  return { url, parent, processId, routingId: nextRoutingId++ };
}

export type PrintCallback = (success: boolean, failureReason: string) => void;

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  reloads = 0;
  loadedUrls: string[] = [];
  /** Every print() call; the test ends the "dialog" by calling its callback. */
  readonly printCalls: { options: unknown; callback: PrintCallback | undefined }[] = [];
  /** When set, print() throws it (as Electron does for invalid settings). */
  printError: Error | null = null;

  constructor(url = 'app://neo/index.html') {
    super();
    this.mainFrame = fakeFrame(url);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  reload(): void {
    this.reloads += 1;
  }

  print(options?: unknown, callback?: PrintCallback): void {
    this.printCalls.push({ options, callback });
    if (this.printError) throw this.printError;
  }

  /** Test control: closes the most recent print dialog with this result. */
  finishPrint(success: boolean, failureReason = ''): void {
    const call = this.printCalls.at(-1);
    if (!call?.callback) throw new Error('no print dialog is open');
    call.callback(success, failureReason);
  }

  /** Emits a cancellable event the way Electron does, and tells whether a listener prevented it. */
  emitPreventable(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    const event = { preventDefault: () => (prevented = true) };
    this.emit(name, event, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
    fake.app.emit('web-contents-created', {}, this.webContents);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.loadedUrls.push(url);
    return Promise.resolve();
  }

  show(): void {
    this.shown = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return false;
  }

  restore(): void {}

  focus(): void {}
}

type Handler = (...args: unknown[]) => unknown;

class FakeSession {
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  devicePermissionHandler: Handler | null = null;
  readonly webRequest = {
    beforeRequest: null as Handler | null,
    headersReceived: null as Handler | null,
    onBeforeRequest: (listener: Handler) => {
      this.webRequest.beforeRequest = listener;
    },
    onHeadersReceived: (listener: Handler) => {
      this.webRequest.headersReceived = listener;
    },
  };

  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: Handler): void {
    this.devicePermissionHandler = handler;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  readyCallbacks: (() => void)[] = [];
  ready = false;
  sandboxEnabled = false;
  singleInstanceLock = true;
  quitCalls = 0;
  appPath = '/nonexistent-app';
  readonly paths = new Map<string, string>();
  /** Order of lifecycle calls, to check what happens before ready. */
  readonly calls: string[] = [];

  enableSandbox(): void {
    this.calls.push('enableSandbox');
    this.sandboxEnabled = true;
  }

  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.singleInstanceLock;
  }

  whenReady(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ready) resolve();
      else this.readyCallbacks.push(resolve);
    });
  }

  /** Test control: fire 'ready'. */
  becomeReady(): void {
    this.calls.push('ready');
    this.ready = true;
    for (const callback of this.readyCallbacks.splice(0)) callback();
  }

  quit(): void {
    this.calls.push('quit');
    this.quitCalls += 1;
  }

  getPath(name: string): string {
    const value = this.paths.get(name);
    if (value === undefined) throw new Error(`fake app has no path ${name}`);
    return value;
  }

  setPath(name: string, value: string): void {
    this.calls.push(`setPath:${name}`);
    this.paths.set(name, value);
  }

  getAppPath(): string {
    return this.appPath;
  }
}

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

class FakeProtocol {
  readonly privileged: unknown[] = [];
  readonly handlers = new Map<string, (request: Request) => Promise<Response> | Response>();

  registerSchemesAsPrivileged(schemes: unknown[]): void {
    fake.app.calls.push('registerSchemesAsPrivileged');
    if (fake.app.ready) throw new Error('registerSchemesAsPrivileged must be called before ready');
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler);
  }
}

/** The OS keystore: the app must never use it (a key it can unwrap is a key without the passphrase), so every call is recorded. */
class FakeSafeStorage {
  readonly calls: string[] = [];

  isEncryptionAvailable(): boolean {
    this.calls.push('isEncryptionAvailable');
    return true;
  }

  encryptString(text: string): Buffer {
    this.calls.push('encryptString');
    return Buffer.from(text);
  }

  decryptString(blob: Buffer): string {
    this.calls.push('decryptString');
    return blob.toString();
  }
}

class FakeContextBridge {
  readonly exposed: { key: string; api: unknown }[] = [];

  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.push({ key, api });
  }
}

interface OpenDialogAnswer {
  canceled: boolean;
  filePaths: string[];
}

class FakeDialog {
  readonly errors: string[] = [];
  readonly openCalls: { window: unknown; options: unknown }[] = [];
  /** What the next showOpenDialog resolves with; set openError to make it reject instead. */
  openAnswer: OpenDialogAnswer = { canceled: true, filePaths: [] };
  openError: Error | null = null;

  showErrorBox(title: string, content: string): void {
    this.errors.push(`${title}: ${content}`);
  }

  showOpenDialog(window: unknown, options: unknown): Promise<OpenDialogAnswer> {
    this.openCalls.push({ window, options });
    return this.openError ? Promise.reject(this.openError) : Promise.resolve(this.openAnswer);
  }
}

class FakeIpcRenderer {
  readonly invocations: { channel: string; input: unknown }[] = [];

  readonly invoke = (channel: string, input: unknown): Promise<unknown> => {
    this.invocations.push({ channel, input });
    return Promise.resolve({ ok: true, value: channel });
  };
}

function createFake() {
  return {
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    protocol: new FakeProtocol(),
    session: { defaultSession: new FakeSession() },
    safeStorage: new FakeSafeStorage(),
    contextBridge: new FakeContextBridge(),
    ipcRenderer: new FakeIpcRenderer(),
    powerMonitor: new EventEmitter(),
    dialog: new FakeDialog(),
  };
}

export let fake = createFake();

export function resetFakeElectron(): void {
  fake = createFake();
  FakeBrowserWindow.created = [];
}

/** The module object handed to vi.mock('electron'); getters so a reset is seen by code that imported earlier. */
export const electronModule = {
  get app() {
    return fake.app;
  },
  get ipcMain() {
    return fake.ipcMain;
  },
  get protocol() {
    return fake.protocol;
  },
  get session() {
    return fake.session;
  },
  get safeStorage() {
    return fake.safeStorage;
  },
  get contextBridge() {
    return fake.contextBridge;
  },
  get ipcRenderer() {
    return fake.ipcRenderer;
  },
  get powerMonitor() {
    return fake.powerMonitor;
  },
  get dialog() {
    return fake.dialog;
  },
  BrowserWindow: FakeBrowserWindow,
};
